"""Plain helpers for the office tests: the dashboard's builders (dashboard) and the
messages to nominators' set-up (messages)."""
