from allauth.account.models import EmailAddress
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations import predicates
from nominations.deadlines import in_time
from nominations.models.choices import (
    RESULT_STATES,
    WITHDRAWABLE_STATES,
    NominationState,
    NomineeType,
    Region,
    Relation,
    Stage,
)
from nominations.models.consent import NomineeAnswer

S = NominationState
phone_validator = RegexValidator(r"^\+?[0-9 ()-]{5,30}$", _("Digits, spaces, brackets, + and - only."))

# What a complete nomination must have, by form step: (step, field).
REQUIRED_FIELDS = [
    ("nominee", "nominee_type"),
    ("nominee", "nominee_name"),
    ("nominee", "nominee_email"),
    ("nominee", "region"),
    ("innovation", "title"),
    ("innovation", "summary"),
    ("innovation", "description"),
    ("innovation", "novelty"),
    ("impact", "results"),
    ("impact", "stage"),
    ("impact", "evidence"),
    ("declarations", "relation"),
]
# The declarations a complete nomination has ticked (listed after the answers above).
REQUIRED_DECLARATIONS = [("declarations", "declaration_true"), ("declarations", "consent_processing")]


def required_fields(nomination=None):
    """THE rule for the nomination's own required answers: (step, field) pairs, in the
    order the review page lists what is missing. Without a nomination, those every
    nomination needs (the form's asterisks); with one, also those its answers call for (an
    organisation for anyone but an individual, the members of a team). The call's required
    questions are nominations.questions.unanswered_required; Nomination.missing asks both."""
    fields = list(REQUIRED_FIELDS)
    kind = nomination.nominee_type if nomination is not None else None
    if kind and kind != NomineeType.INDIVIDUAL:
        fields.append(("nominee", "nominee_organisation"))
    if kind == NomineeType.TEAM:
        fields.append(("nominee", "team_members"))
    return fields + REQUIRED_DECLARATIONS


def _blank(value):
    return not (value.strip() if isinstance(value, str) else value)


def ordered_regions(codes):
    """Known Region codes among `codes`, once each, in the Region order (unknown ones dropped)."""
    chosen = set(codes or ())
    return [code for code in Region.values if code in chosen]


def is_cross_regional(region, partner_regions):
    """THE rule for a cross-regional partnership: the nomination names a partner region
    other than its own region (the public figures count by it)."""
    return bool(set(ordered_regions(partner_regions)) - {region})


# Transition conditions: each takes the nomination. The deadline checks judge the request
# by its arrival (nominations.deadlines), which the services set as `arrived_at`.
def call_is_open(nomination):
    return nomination.call.is_accepting(at=nomination.arrival())


def is_complete(nomination):
    return not nomination.missing()


def before_amendment_deadline(nomination):
    return nomination.can_edit_amendment(at=nomination.arrival())


def before_results(nomination):
    return not nomination.results_visible()


def before_judging(nomination):
    # No judge was ever assigned to it (judging's Assignment, through its reverse accessor:
    # nominations never imports judging).
    assignments = getattr(nomination, "assignments", None)
    return assignments is None or not assignments.exists()


def nominator_email_verified(nomination):

    return EmailAddress.objects.filter(user_id=nomination.nominator_id, verified=True).exists()


# Transition permissions: each takes (nomination, user).
def owner(nomination, user):
    return predicates.is_owner(user, nomination)


def screener(nomination, user):
    return predicates.can_screen(user, nomination)


def results_decider(nomination, user):
    return predicates.can_decide_results(user, nomination)


def screening_reopener(nomination, user):
    return predicates.can_reopen_screening(user, nomination)


class Nomination(ConcurrentTransitionMixin, models.Model):
    """A nomination of an innovator to one call. Its state changes only through the
    transitions below; nominations.services runs them with locks and the audit log."""

    call = models.ForeignKey(
        "nominations.CallPage", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("call")
    )
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("nominator")
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True, editable=False)
    state = FSMField(_("state"), default=S.DRAFT, choices=S.choices, protected=True, db_index=True)

    nominee_type = models.CharField(_("nominee type"), max_length=20, choices=NomineeType.choices, blank=True)
    nominee_name = models.CharField(_("nominee's name"), max_length=200, blank=True)
    nominee_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    nominee_email = models.EmailField(_("nominee's email"), blank=True)
    nominee_phone = models.CharField(_("nominee's phone"), max_length=30, blank=True, validators=[phone_validator])
    region = models.CharField(_("where the innovation comes from"), max_length=20, choices=Region.choices, blank=True)
    partner_organisations = models.TextField(
        _("partner organisations"), max_length=1000, blank=True, help_text=_("One per line, with their region.")
    )
    # Region codes (Region) of the partner organisations, asked beside them: what makes a
    # nomination cross-regional (is_cross_regional) and the public figures countable.
    partner_regions = models.JSONField(_("regions of the partner organisations"), default=list, blank=True)
    team_members = models.TextField(
        _("team members"), max_length=2000, blank=True, help_text=_("One per line: name and role.")
    )

    title = models.CharField(_("title of the innovation"), max_length=200, blank=True)
    summary = models.TextField(_("short summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    novelty = models.TextField(_("what is new"), max_length=3000, blank=True)
    results = models.TextField(_("measurable results and impact"), max_length=3000, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    evidence = models.TextField(_("evidence"), max_length=3000, blank=True)

    relation = models.CharField(_("your relation to the nominee"), max_length=20, choices=Relation.choices, blank=True)
    declaration_true = models.BooleanField(_("the information is true"), default=False)
    consent_processing = models.BooleanField(_("consent to processing"), default=False)
    consent_public_name = models.BooleanField(_("nominee agrees to be named publicly if commended"), default=False)
    # The nominee's own current answers (nominations.consent keeps every answer in
    # NomineeConsent). Publishing rests on these, never on the nominator's ticks above.
    nominee_consent = models.CharField(
        _("nominee's confirmation"),
        max_length=10,
        choices=NomineeAnswer.choices,
        default=NomineeAnswer.PENDING,
        editable=False,
    )
    nominee_publication_consent = models.BooleanField(_("nominee agrees to publication"), default=False, editable=False)

    language = models.CharField(_("language for emails"), max_length=10, default="en", editable=False)
    screener_message = models.TextField(_("message from the awards office"), max_length=2000, blank=True)
    amendment_deadline = models.DateTimeField(_("amendment deadline"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        permissions = [("screen_nomination", _("Can screen nominations"))]
        indexes = [models.Index(fields=["call", "state"])]

    def __str__(self):
        return f"{self.reference or _('Draft')} · {self.title or _('(untitled)')}"

    def can_edit(self, now=None, at=None):
        """The nominator may change it: a draft, or returned and before the amendment deadline
        (for a request that arrived `at`: nominations.deadlines)."""
        if self.state == S.DRAFT:
            return True
        if self.state == S.RETURNED:
            return self.can_edit_amendment(now, at=at)
        return False

    def can_edit_amendment(self, now=None, at=None):
        return self.amendment_deadline is None or in_time(self.amendment_deadline, at=at, now=now)

    # The state as templates and predicates ask it (they never compare state strings).
    @property
    def is_draft(self):
        return self.state == S.DRAFT

    @property
    def is_returned(self):
        return self.state == S.RETURNED

    @property
    def is_commended(self):
        """Commended, whether or not announced yet (visible_state hides it until then)."""
        return self.state == S.COMMENDED

    @property
    def partner_names(self):
        """The partner organisations, one per line as the nominator wrote them."""
        return [line.strip() for line in (self.partner_organisations or "").splitlines() if line.strip()]

    def get_partner_regions_display(self):
        """The partner regions' names, in the Region order, for reading back and the admin."""
        return ", ".join(str(Region(code).label) for code in ordered_regions(self.partner_regions))

    @property
    def is_cross_regional(self):
        return is_cross_regional(self.region, self.partner_regions)

    def missing(self):
        """(step, field) pairs still needed before the nomination can be submitted."""
        gaps = [(step, name) for step, name in required_fields(self) if _blank(getattr(self, name))]
        # The call's own required questions, named by their form field (nominations.questions).
        from nominations.questions import unanswered_required  # noqa: PLC0415 (nominations.questions imports this module through nominations.services)

        gaps.extend(("questions", question.field_name) for question in unanswered_required(self))
        return gaps

    def results_visible(self, now=None):
        """Whether this nomination's result may reach its nominator (and the public): only
        once its cycle's results are announced (AwardCycle.is_announced)."""
        return self.call.cycle.is_announced(now)

    def visible_state(self, now=None):
        """The state as the nominator may see it: every result state reads as "eligible"
        (in judging) until the announcement. nominations.presentation builds the
        nominator's whole view (label, next step, history) on this."""
        if self.state in RESULT_STATES and not self.results_visible(now):
            return S.ELIGIBLE
        return S(self.state)

    # Nominator's transitions -------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=S.DRAFT,
        target=S.SUBMITTED,
        conditions=[call_is_open, is_complete, nominator_email_verified],
        permission=owner,
    )
    def submit(self, by=None, description=None):
        self.submitted_at = self.arrival()

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=S.RETURNED,
        target=S.SUBMITTED,
        conditions=[before_amendment_deadline, is_complete],
        permission=owner,
    )
    def resubmit(self, by=None, description=None):
        self.submitted_at = self.arrival()

    def arrival(self):
        """When the request now writing it reached our front server (set by the services
        as `arrived_at`; nominations.deadlines), else now."""
        return getattr(self, "arrived_at", None) or timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state, source=WITHDRAWABLE_STATES, target=S.WITHDRAWN, conditions=[before_results], permission=owner
    )
    def withdraw(self, by=None, description=None):
        pass

    # Screener's transitions --------------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SUBMITTED, target=S.RETURNED, permission=screener)
    def return_for_amendment(self, by=None, description=None, deadline=None):
        self.screener_message = description or ""
        self.amendment_deadline = deadline

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SUBMITTED, target=S.ELIGIBLE, permission=screener)
    def accept(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SUBMITTED, target=S.INELIGIBLE, permission=screener)
    def reject(self, by=None, description=None):
        self.screener_message = description or ""

    # An awards administrator sends a screening decision back to the queue, with the
    # reason as the log's description (nominations.screening.services.reopen_screening);
    # only before any judge is assigned. The decision's message and deadline go with it.
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[S.ELIGIBLE, S.INELIGIBLE, S.RETURNED],
        target=S.SUBMITTED,
        conditions=[before_judging],
        permission=screening_reopener,
    )
    def reopen_screening(self, by=None, description=None):
        self.screener_message = ""
        self.amendment_deadline = None

    # Results (fired by judging) ----------------------------------------------------
    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.ELIGIBLE, target=S.SHORTLISTED, permission=results_decider)
    def shortlist(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.ELIGIBLE, target=S.NOT_SHORTLISTED, permission=results_decider)
    def not_shortlist(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SHORTLISTED, target=S.COMMENDED, permission=results_decider)
    def commend(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=S.SHORTLISTED, target=S.NOT_COMMENDED, permission=results_decider)
    def not_commend(self, by=None, description=None):
        pass

    # Undoing a result (judging.decisions.undo_decision), with the reason as the log's
    # description; only until the cycle's results are announced.
    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[S.SHORTLISTED, S.NOT_SHORTLISTED],
        target=S.ELIGIBLE,
        conditions=[before_results],
        permission=results_decider,
    )
    def reopen_shortlisting(self, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[S.COMMENDED, S.NOT_COMMENDED],
        target=S.SHORTLISTED,
        conditions=[before_results],
        permission=results_decider,
    )
    def reopen_commendation(self, by=None, description=None):
        pass
