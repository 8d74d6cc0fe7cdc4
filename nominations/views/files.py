"""Nomination files, served only after a permission check, never from a public URL."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from accounts.network import request_arrival
from nominations import services
from nominations.models import NominationFile
from nominations.queries import files_visible_to
from nominations.views.mixins import NominatorRequiredMixin

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


class FileView(NominatorRequiredMixin, View):
    def get(self, request, pk):
        record = get_object_or_404(files_visible_to(request.user), pk=pk)
        return send_file(record.file, content_type=record.content_type, filename=record.original_name, inline=True)


class ThumbnailView(NominatorRequiredMixin, View):
    def get(self, request, pk):
        record = get_object_or_404(files_visible_to(request.user).exclude(thumbnail=""), pk=pk)
        return send_file(record.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)


class FileDeleteView(NominatorRequiredMixin, View):
    def post(self, request, pk):
        record = get_object_or_404(
            NominationFile.objects.select_related("nomination"), pk=pk, nomination__nominator=request.user
        )
        try:
            services.remove_file(nomination_file=record, at=request_arrival(request))
        except services.NominationError as error:
            messages.error(request, str(error))
            return redirect("nominations:detail", pk=record.nomination_id)
        messages.success(request, _("Removed “%(name)s”.") % {"name": record.original_name})
        return redirect("nominations:step", pk=record.nomination_id, step="files")
