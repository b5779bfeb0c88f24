"""Anonymous feedback on sessions and on the event."""
