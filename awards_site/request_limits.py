"""Request bodies are refused before they are read when they are too big.

Without this, Django reads a 400 MB upload to the end (spooling it to disk) before any form
can say "too big", and any URL, the sign-in page included, takes a body of any size from
anyone. RequestSizeMiddleware comes first in MIDDLEWARE, before anything touches
request.POST: a Content-Length over the limit of the URL gets the 413 page without a byte of
the body read. A body without a Content-Length (chunked) or a Content-Length that lies is
counted while it is read, and reading stops with the same 413 one byte past the limit.

The limits, all from settings:
- every URL: REQUEST_MAX_BODY_BYTES (forms, sign-in, autosave);
- the nomination's files step (nominations:files): what one step may upload, i.e. the files
  a nomination may hold at their largest, capped by its total, plus the form around them;
- Wagtail's image and document uploads (REQUEST_ADMIN_UPLOAD_PATHS): one file of
  WAGTAILIMAGES_MAX_UPLOAD_SIZE plus the form around it.
The front server should refuse the same sizes first (README, "Front server")."""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.urls import Resolver404, resolve

from awards_site.errors import bad_request, too_large

# Read in pieces of this size when the caller asks for "everything", so a body without a
# length is refused after limit + 1 bytes, not after all of it.
READ_PIECE = 64 * 1024


class RequestBodyTooLarge(RequestDataTooBig):
    """Raised while reading a body past its limit. A RequestDataTooBig (and so a
    SuspiciousOperation): Django marks the POST unreadable and calls handler400, which
    answers with the 413 page (awards_site.errors.bad_request)."""

    def __init__(self, limit):
        super().__init__(f"Request body larger than {limit} bytes.")
        self.limit = limit


def nomination_step_limit():
    """What one POST of the nomination's files step may carry: as many files as a
    nomination may hold at the largest size each, but never more than their total, plus the
    form's own fields and the multipart headers."""
    files = min(settings.NOMINATION_MAX_FILES * settings.NOMINATION_MAX_FILE_BYTES, settings.NOMINATION_MAX_TOTAL_BYTES)
    return files + settings.REQUEST_FORM_OVERHEAD_BYTES


def admin_upload_limit():
    """Wagtail's admin uploads one image or document per request."""
    return settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + settings.REQUEST_FORM_OVERHEAD_BYTES


def body_limit(path):
    """The largest body the URL at `path` accepts."""
    if path.startswith(tuple(settings.REQUEST_ADMIN_UPLOAD_PATHS)):
        return admin_upload_limit()
    try:
        match = resolve(path)
    except Resolver404:
        return settings.REQUEST_MAX_BODY_BYTES
    if match.view_name == "nominations:files":
        return nomination_step_limit()
    return settings.REQUEST_MAX_BODY_BYTES


class CappedStream(io.IOBase):
    """A request body that raises RequestBodyTooLarge once more than `limit` bytes have
    been read from it, and never asks the stream underneath for more than limit + 1.
    Closing it leaves the server's stream open, as Django's LimitedStream does."""

    def __init__(self, stream, limit):
        super().__init__()
        self.stream = stream
        self.limit = limit
        self.count = 0

    def _room(self, size):
        room = self.limit - self.count + 1
        return room if size is None or size < 0 else min(size, room)

    def _take(self, data):
        self.count += len(data)
        if self.count > self.limit:
            raise RequestBodyTooLarge(self.limit)
        return data

    def readable(self):
        return True

    def read(self, size=-1):
        if size is not None and size >= 0:
            return self._take(self.stream.read(self._room(size)))
        pieces = []
        while piece := self.stream.read(self._room(READ_PIECE)):
            pieces.append(self._take(piece))
        return b"".join(pieces)

    def readline(self, size=-1):
        return self._take(self.stream.readline(self._room(size)))


def _declared_length(meta):
    """The Content-Length as an int, None when absent; ValueError when it is not a number."""
    raw = meta.get("CONTENT_LENGTH") or ""
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(raw)
    return int(raw)


class RequestSizeMiddleware:
    """First in MIDDLEWARE: nothing before it reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = _declared_length(request.META)
        except ValueError:
            return bad_request(request)
        limit = settings.REQUEST_MAX_BODY_BYTES
        chunked = length is None and bool(request.META.get("HTTP_TRANSFER_ENCODING"))
        if chunked or (length is not None and length > limit):
            # Only a big or chunked body resolves the URL: a GET (no body) costs nothing here.
            limit = body_limit(request.path_info)
        if length is not None and length > limit:
            return too_large(request, limit)
        if chunked and request.META.get("wsgi.input_terminated"):
            # A chunked body under a WSGI server that ends the input itself (gunicorn):
            # Django would read none of it (no length); it is readable up to the limit.
            request._stream = CappedStream(request.META["wsgi.input"], limit)
        else:
            request._stream = CappedStream(request._stream, limit)
        return self.get_response(request)
