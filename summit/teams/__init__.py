"""Event teams: roles, invitations by e-mail, and the sensitive-answers permission."""
