"""Schedules imported from other tools (c3voc schedule.json, frab schedule.xml)."""
