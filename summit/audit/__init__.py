"""Append-only access log: every look at sensitive answers and every team change."""
