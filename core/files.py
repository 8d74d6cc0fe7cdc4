"""Private files (nominations' uploads, exports), sent only after the view's permission
check and never from a public URL: by the object store's signed URL, the web server
(X-Accel-Redirect) or Django itself, always with headers that keep them from running as
this site's pages."""

from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header

# Served inline (shown in the browser) only: images, which were re-encoded on upload. A PDF
# is always a download, for every viewer (owner, screener, judge): opened inline it would run
# in the browser's own PDF viewer on this site's origin, and a download is opened by a
# desktop reader outside it, under the sandbox header below either way.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def send_file(stored, *, content_type, filename, inline):
    """The response for a stored file; inline is honoured only for INLINE_TYPES."""
    inline = inline and content_type in INLINE_TYPES
    disposition = content_disposition_header(not inline, filename)
    signer = getattr(stored.storage, "signed_url", None)
    signed = signer(stored.name, content_type=content_type, disposition=disposition) if signer else None
    if signed:
        # Object storage: the bucket sends the bytes to whoever holds this URL, for seconds.
        response = HttpResponseRedirect(signed)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    if settings.PRIVATE_MEDIA_X_ACCEL_PREFIX:
        # The web server sends the bytes; Django only decided who may have them.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX.rstrip("/") + "/" + stored.name
    else:
        response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
