"""The office's records."""
