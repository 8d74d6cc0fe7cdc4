"""A commended nomination's certificate, as a PDF (judging.certificates says who may have it):
its nominator from "My nominations" after the announcement, the awards office at any time.
Anyone else, and everyone before the rule allows, gets a 404; signed-out visitors sign in."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views import View

from core.permission import PredicateRequiredMixin
from core.predicates import predicate
from judging.certificates import certificate_filename, certificates_for, commended_nominations, may_download


def pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal: never for a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


class CertificateView(PredicateRequiredMixin, View):
    predicate = predicate(may_download)

    def get_permission_object(self):
        self.nomination = get_object_or_404(commended_nominations(), pk=self.kwargs["pk"])
        return self.nomination

    def get(self, request, pk):
        nomination = self.nomination
        return pdf_response(certificates_for([nomination], request), certificate_filename(nomination))
