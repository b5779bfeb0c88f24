"""The durable outbox: every outgoing e-mail is a row written in the same transaction as
the change that causes it, and sent after the commit by the background worker."""
