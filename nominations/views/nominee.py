"""The nominee's own page, reached through the signed link emailed to them
(nominations.consent): no account, no sign-in. They answer, change or withdraw their
consent; a changed or expired link gets a page saying so (400 / 410), never an error."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from nominations import consent
from nominations.forms import NomineeConsentForm
from nominations.models import NomineeAnswer, NomineeConsent


def _initial(nomination):
    if nomination.nominee_consent == NomineeAnswer.PENDING:
        return {}
    return {
        "nomination": "yes" if nomination.nominee_consent == NomineeAnswer.AGREED else "no",
        "publication": "yes" if nomination.nominee_publication_consent else "no",
    }


@method_decorator(never_cache, name="dispatch")
class NomineeConsentView(View):
    template_name = "nominations/nominee_consent.html"

    def dispatch(self, request, token):
        try:
            self.nomination = consent.nomination_for_token(token)
        except consent.LinkExpired:
            return self.refuse(410)
        except consent.LinkInvalid:
            return self.refuse(400)
        response = super().dispatch(request, token)
        # The link is the key: never pass it on to another site.
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response

    def refuse(self, status):
        response = render(
            self.request, "nominations/nominee_consent_refused.html", {"expired": status == 410}, status=status
        )
        response["Referrer-Policy"] = "no-referrer"
        return response

    def form(self, data=None):
        return NomineeConsentForm(
            data=data,
            initial=_initial(self.nomination),
            nomination_wording=consent.wording(NomineeConsent.Question.NOMINATION, self.nomination),
            publication_wording=consent.wording(NomineeConsent.Question.PUBLICATION, self.nomination),
        )

    def render_page(self, form, status=200):
        nomination = self.nomination
        context = {
            "nomination": nomination,
            "nominator_name": nomination.nominator.get_full_name().strip() or _("The nominator"),
            "form": form,
            "answered": nomination.nominee_consent != NomineeAnswer.PENDING,
            "history": nomination.nominee_consents.all(),
            "valid_until": consent.link_valid_until(nomination),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, token):
        return self.render_page(self.form())

    def post(self, request, token):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        agrees, publication = form.answers()
        outcome = consent.record_answers(nomination_id=self.nomination.pk, agrees=agrees, publication=publication)
        if outcome.changed:
            messages.success(
                request, _("Thank you: your answers are recorded. You can change them with the same link.")
            )
        else:
            messages.info(request, _("Your answers were already recorded as they are."))
        # Back to the page (a reload does not post again).
        return redirect(request.path)
