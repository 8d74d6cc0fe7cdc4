"""Nomination files, served only after a permission check, never from a public URL."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from accounts.network import request_arrival
from core.files import send_file
from nominations import services
from nominations.models import NominationFile
from nominations.queries import files_visible_to
from nominations.views.mixins import NominatorRequiredMixin


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
