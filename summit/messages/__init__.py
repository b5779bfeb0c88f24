"""Messages from organizers to attendees: a segment, a preview, the outbox, a kept copy."""
