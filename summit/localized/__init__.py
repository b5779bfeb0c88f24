"""Event content in the event's other languages: what organizers write (titles,
descriptions, consent texts…) translated field by field. The interface's own strings are
Babel catalogs in ``summit/translations/``; this package is only for the event's content."""
