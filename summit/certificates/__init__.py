"""Attendance per session, credit hours and attendance certificates anyone can verify."""
