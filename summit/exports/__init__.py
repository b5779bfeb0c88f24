"""Exports: the program PDF, iCalendar files and conference-app feeds.

The builders in this package are pure: they take loaded rows and return bytes or text.
Views and commands load the rows (:mod:`summit.exports.loading`), call one builder and
stream the result with validators (:mod:`summit.exports.caching`).
"""
