"""The winners' certificates in the admin, for awards administrators: a page listing each
cycle with its commended nominations, and one PDF per cycle with a page per commended
nomination (judging.certificates), to print for the ceremony. Its hooks are registered from
judging.wagtail_hooks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.permission import PredicateRequiredMixin
from judging.certificates import certificates_for, cycle_filename, cycle_nominations
from judging.views.certificates import pdf_response
from nominations.models import AwardCycle, NominationState
from nominations.predicates import is_awards_administrator


class AdministratorsOnly(PredicateRequiredMixin):
    """Awards administrators; anyone else is sent back to the admin's dashboard with a
    message, as Wagtail answers a PermissionDenied."""

    predicate = is_awards_administrator
    denied = PermissionDenied


class CertificatesView(AdministratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "judging/admin/certificates.html"
    page_title = gettext_lazy("Certificates")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        cycles = AwardCycle.objects.annotate(
            commended=Count("calls__nominations", filter=Q(calls__nominations__state=NominationState.COMMENDED)),
            with_level=Count(
                "calls__nominations",
                filter=Q(calls__nominations__state=NominationState.COMMENDED, calls__nominations__award__isnull=False),
            ),
        ).order_by("-year")
        now = timezone.now()
        for cycle in cycles:
            # The template gets the answer of AwardCycle.is_announced, never the dates to compare.
            cycle.announced = cycle.is_announced(now)
        return super().get_context_data(cycles=cycles, **kwargs)


class CycleCertificatesView(AdministratorsOnly, View):
    def get(self, request, cycle_pk):
        cycle = get_object_or_404(AwardCycle, pk=cycle_pk)
        nominations = list(cycle_nominations(cycle))
        if not nominations:
            messages.warning(request, _("%(cycle)s has no commended nomination yet.") % {"cycle": cycle})
            return redirect("judging_certificates")
        return pdf_response(certificates_for(nominations, request), cycle_filename(cycle))


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return is_awards_administrator(request.user)


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path("certificates/", CertificatesView.as_view(), name="judging_certificates"),
        path("certificates/<int:cycle_pk>/", CycleCertificatesView.as_view(), name="judging_cycle_certificates"),
    ]


@hooks.register("register_reports_menu_item")
def register_certificates_menu_item():
    return CertificatesMenuItem(
        gettext_lazy("Certificates"),
        reverse("judging_certificates"),
        name="certificates",
        icon_name="doc-full",
        order=760,
    )
