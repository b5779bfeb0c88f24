"""Access needs followed to the end: attendees ask, organizers answer, agendas show what
is arranged."""
