"""The nominator's PDF copy of a nomination (nominations.nomination_pdf), from "My
nominations" and the nomination's page: its owner only (anyone else gets a 404, as for the
nomination's page), and only once it has been submitted (a draft has no reference yet; its
review page shows everything it holds)."""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views import View

from nominations.models import NominationState
from nominations.nomination_pdf import nomination_pdf
from nominations.views.mixins import OwnNominationMixin


def has_copy(nomination):
    return nomination.state != NominationState.DRAFT and bool(nomination.reference)


class NominationPdfView(OwnNominationMixin, View):
    def get(self, request, pk):
        nomination = self.get_nomination()
        if not has_copy(nomination):
            raise Http404
        response = HttpResponse(nomination_pdf(nomination), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="nomination-{nomination.reference}.pdf"'
        patch_cache_control(response, private=True, no_store=True)
        return response
