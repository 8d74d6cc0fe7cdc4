"""The awards office's day in the admin: the dashboard on the admin home and messages to
nominators. It reads nominations and judging; neither imports it."""
