"""A speaker's private page: invitation, confirmation, profile and own schedule."""
