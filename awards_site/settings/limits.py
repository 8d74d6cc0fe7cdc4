"""Limits on what the public sends: nomination uploads (checked by their content), each
account's share, and request bodies (awards_site.request_limits)."""

import environ

env = environ.Env()

# Nomination uploads: checked by their content, never by name or the browser's type.
NOMINATION_MAX_FILE_BYTES = env.int("NOMINATION_MAX_FILE_BYTES", default=10 * 1024 * 1024)
NOMINATION_MAX_FILES = env.int("NOMINATION_MAX_FILES", default=10)
NOMINATION_MAX_TOTAL_BYTES = env.int("NOMINATION_MAX_TOTAL_BYTES", default=50 * 1024 * 1024)
NOMINATION_MAX_IMAGE_PIXELS = env.int("NOMINATION_MAX_IMAGE_PIXELS", default=40_000_000)
# Bytes an image takes once decoded (width x height x Pillow's bytes per pixel), checked from
# the header before decoding: bounds a worker's memory per image (64 MB ~ 4,000 x 4,000 in colour).
NOMINATION_MAX_IMAGE_DECODED_BYTES = env.int("NOMINATION_MAX_IMAGE_DECODED_BYTES", default=64 * 1024 * 1024)
# PDFs larger than this are refused before their objects are walked (bounds the worker's time).
NOMINATION_MAX_PDF_PAGES = env.int("NOMINATION_MAX_PDF_PAGES", default=1000)
NOMINATION_MAX_PDF_OBJECTS = env.int("NOMINATION_MAX_PDF_OBJECTS", default=20_000)
# Per account (nominations.limits): drafts open at once, nominations started and files
# uploaded within an hour, and bytes stored across all the account's nominations.
NOMINATION_ACCOUNT_MAX_OPEN_DRAFTS = env.int("NOMINATION_ACCOUNT_MAX_OPEN_DRAFTS", default=10)
NOMINATION_ACCOUNT_MAX_STARTED_PER_HOUR = env.int("NOMINATION_ACCOUNT_MAX_STARTED_PER_HOUR", default=5)
NOMINATION_ACCOUNT_MAX_UPLOADS_PER_HOUR = env.int("NOMINATION_ACCOUNT_MAX_UPLOADS_PER_HOUR", default=30)
NOMINATION_ACCOUNT_MAX_STORED_BYTES = env.int("NOMINATION_ACCOUNT_MAX_STORED_BYTES", default=200 * 1024 * 1024)
# Request bodies (awards_site.request_limits): the largest any URL takes, with larger ones
# only for the nomination's files step (its files plus REQUEST_FORM_OVERHEAD_BYTES) and
# Wagtail's uploads under REQUEST_ADMIN_UPLOAD_PATHS (one image or document plus overhead).
REQUEST_MAX_BODY_BYTES = env.int("REQUEST_MAX_BODY_BYTES", default=1024 * 1024)
REQUEST_FORM_OVERHEAD_BYTES = env.int("REQUEST_FORM_OVERHEAD_BYTES", default=256 * 1024)
REQUEST_ADMIN_UPLOAD_PATHS = ["/admin/images/", "/admin/documents/"]
# What Django keeps in memory of a body apart from uploaded files: the same as the limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
