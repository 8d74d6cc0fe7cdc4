"""A cycle's judging report (judging.report), as a page and a PDF, and publishing it.

Public (anyone, signed in or not) once published and the cycle's results are announced
(judging.report.is_public); before that, awards administrators preview it and everyone else
gets a 404 (signed-out visitors are asked to sign in). The public page carries nothing made
for its viewer: the publishing controls show only to administrators, whose pages the
anonymous page cache never stores (and /judging/ is not cached at all)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.permission import PredicateRequiredMixin
from judging.models import MethodReport
from judging.predicates import manages_judging
from judging.report import adjustment_words, agreement_words, build_report, is_public, publish_report, unpublish_report
from judging.report_pdf import report_pdf
from nominations.models import AwardCycle


class ReportAccessMixin(PredicateRequiredMixin):
    """Sets self.cycle, self.method_report, self.public and self.manages; open to anyone once
    public (judging.report.is_public), to awards administrators before (404 for anyone else)."""

    predicate = manages_judging

    def open_to_anyone(self):
        self.cycle = get_object_or_404(AwardCycle, pk=self.kwargs["cycle_pk"])
        self.method_report = MethodReport.objects.filter(cycle=self.cycle).first()
        self.public = is_public(self.method_report, self.cycle)
        self.manages = manages_judging(self.request.user)
        return self.public

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if not self.public or self.manages:
            # A preview, or a page with an administrator's controls: never for a shared cache.
            patch_cache_control(response, private=True, no_store=True)
        return response


class ReportView(ReportAccessMixin, TemplateView):
    template_name = "judging/report/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cycle=self.cycle,
            report=build_report(self.cycle),
            public=self.public,
            published=self.method_report is not None and self.method_report.published_at is not None,
            method_report=self.method_report,
            manages=self.manages,
            announced=self.cycle.is_announced(),
            adjustment_words=adjustment_words(),
            agreement_words=agreement_words(),
        )
        return context


class ReportPdfView(ReportAccessMixin, View):
    def get(self, request, cycle_pk):
        content = report_pdf(build_report(self.cycle))
        language = translation.get_language() or "en"
        name = f"{slugify(self.cycle.slug or self.cycle.name)}-judging-report-{language}.pdf"
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class PublishView(PredicateRequiredMixin, View):
    """POST: an awards administrator publishes (or unpublishes) the report (404 for anyone else)."""

    http_method_names = ["post"]
    predicate = manages_judging
    publish = True

    def post(self, request, cycle_pk):
        cycle = get_object_or_404(AwardCycle, pk=cycle_pk)
        if self.publish:
            publish_report(cycle=cycle, user=request.user)
            if cycle.is_announced():
                messages.success(request, _("The judging report is published: everyone can read it now."))
            else:
                messages.success(
                    request,
                    _("The judging report is published: it becomes public when the cycle's results are announced."),
                )
        else:
            unpublish_report(cycle=cycle)
            messages.success(request, _("The judging report is unpublished: only awards administrators see it."))
        return redirect("judging:method_report", cycle_pk=cycle.pk)


urlpatterns = [
    path("cycles/<int:cycle_pk>/report/", ReportView.as_view(), name="method_report"),
    path("cycles/<int:cycle_pk>/report.pdf", ReportPdfView.as_view(), name="method_report_pdf"),
    path("cycles/<int:cycle_pk>/report/publish/", PublishView.as_view(), name="method_report_publish"),
    path(
        "cycles/<int:cycle_pk>/report/unpublish/",
        PublishView.as_view(publish=False),
        name="method_report_unpublish",
    ),
]
