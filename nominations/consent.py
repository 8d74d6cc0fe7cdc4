"""The nominee's own consent. At submission the nominee (if they have an email address and
did not nominate themselves) is emailed a signed link; on its page they answer whether
they agree to be nominated and, separately, whether their name, photographs and story may
be published. They can change or withdraw their answers from the same link. Every answer
is kept (NomineeConsent) with its time and the exact wording shown; publishing rests on
the nominee's answer alone (nominations.models.winners.winners_visible), and a withdrawal
unpublishes a live story at once."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from nominations.consent_tasks import send_nominee_consent_request
from nominations.models import Nomination, NomineeAnswer, NomineeConsent, WinnerStoryPage
from outbox.queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

# Change it whenever the questions' wording changes: every answer records the version shown.
WORDING_VERSION = "2026-11"
SALT = "nominations.nominee-consent"
# A link works until a year after its cycle's results are announced (the nominee may
# withdraw publication consent after the announcement), and never longer than this.
LINK_AFTER_ANNOUNCEMENT = timedelta(days=365)
LINK_MAX_AGE = timedelta(days=3 * 365)

Q = NomineeConsent.Question


class LinkInvalid(Exception):
    """The link was changed or belongs to no nomination."""


class LinkExpired(Exception):
    """The link was genuine but is no longer valid."""


def is_self_nomination(nomination):
    nominee = (nomination.nominee_email or "").strip().lower()
    return bool(nominee) and nominee == (nomination.nominator.email or "").strip().lower()


def needs_request(nomination):
    """Whether the nominee is to be emailed a link: they have an address and are not the nominator."""
    return bool(nomination.nominee_email) and not is_self_nomination(nomination)


# Wording --------------------------------------------------------------------------------


def wording(question, nomination):
    """The question as shown to the nominee, in the active language (recorded with each answer)."""
    names = {
        "ref": nomination.reference or "",
        "title": nomination.title,
        "nominator": nomination.nominator.get_full_name().strip() or _("the nominator"),
    }
    if question == Q.NOMINATION:
        return (
            _(
                "I agree to be nominated for the city's innovation awards with the nomination "
                "%(ref)s “%(title)s” made by %(nominator)s, and to the awards office processing "
                "the personal information in it to screen and judge it."
            )
            % names
        )
    return (
        _(
            "If the nomination %(ref)s “%(title)s” is commended, I agree that my name, the "
            "photographs submitted with it and its story may be published on the awards' "
            "website. I can withdraw this at any time."
        )
        % names
    )


# The signed link -------------------------------------------------------------------------


def token_for(nomination):
    return signing.TimestampSigner(salt=SALT).sign(str(nomination.pk))


def link_valid_until(nomination):
    return nomination.call.cycle.announcement_at + LINK_AFTER_ANNOUNCEMENT


def nomination_for_token(token, now=None):
    """The nomination a link is for; LinkInvalid if it was tampered with, LinkExpired if old."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        pk = signer.unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    nomination = Nomination.objects.select_related("call__cycle", "call__category", "nominator").filter(pk=pk).first()
    if nomination is None:
        raise LinkInvalid
    # Expired once the results were announced more than LINK_AFTER_ANNOUNCEMENT ago
    # (AwardCycle.is_announced, asked for that moment).
    if nomination.call.cycle.is_announced((now or timezone.now()) - LINK_AFTER_ANNOUNCEMENT):
        raise LinkExpired
    return nomination


# Recording answers -----------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    nomination: Nomination
    changed: bool
    unpublished: bool = False


def _current(nomination):
    return {
        Q.NOMINATION: None
        if nomination.nominee_consent == NomineeAnswer.PENDING
        else nomination.nominee_consent == NomineeAnswer.AGREED,
        Q.PUBLICATION: nomination.nominee_publication_consent
        if nomination.nominee_consents.filter(question=Q.PUBLICATION).exists()
        else None,
    }


def record_answers(*, nomination_id, agrees, publication, source=NomineeConsent.Source.LINK, language=None):
    """Records the nominee's answers. Declining the nomination declines publication too.
    An answer equal to the current one adds nothing (a double click, a replay), so the
    history holds each change once. Withdrawing publication unpublishes a live story."""
    publication = bool(publication and agrees)
    language = (language or translation.get_language() or "en")[:10]
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("call__cycle", "call__category", "nominator")
            .get(pk=nomination_id)
        )
        current = _current(nomination)
        now = timezone.now()
        rows = [
            NomineeConsent(
                nomination=nomination,
                question=question,
                answer=answer,
                answered_at=now,
                wording=wording(question, nomination),
                wording_version=WORDING_VERSION,
                language=language,
                source=source,
            )
            for question, answer in ((Q.NOMINATION, bool(agrees)), (Q.PUBLICATION, publication))
            if current[question] != answer
        ]
        if not rows:
            return Answers(nomination, changed=False)
        NomineeConsent.objects.bulk_create(rows)
        withdrawn = nomination.nominee_publication_consent and not publication
        nomination.nominee_consent = NomineeAnswer.AGREED if agrees else NomineeAnswer.DECLINED
        nomination.nominee_publication_consent = publication
        # Through save(), so the page cache hears of it (home.signals.purge_for_winner).
        nomination.save(update_fields=["nominee_consent", "nominee_publication_consent", "updated_at"])
    unpublished = unpublish_story(nomination) if withdrawn else False
    return Answers(nomination, changed=True, unpublished=unpublished)


def record_self_nomination(nomination):
    """A self-nomination: the nominator is the nominee, so their own ticks at submission
    are the nominee's answers (recorded as such, in the language they used). Call inside
    the submission's transaction."""
    with translation.override(nomination.language or None):
        return record_answers(
            nomination_id=nomination.pk,
            agrees=True,
            publication=nomination.consent_public_name,
            source=NomineeConsent.Source.SELF_NOMINATION,
            language=nomination.language,
        )


def on_submission(nomination):
    """At (re)submission: a self-nomination's answers are recorded; otherwise a nominee with an
    email address who has not answered yet is sent their link (with the change, through the outbox)."""
    if is_self_nomination(nomination):
        record_self_nomination(nomination)
    elif needs_request(nomination) and nomination.nominee_consent == NomineeAnswer.PENDING:
        enqueue_on_commit(send_nominee_consent_request, nomination_id=nomination.pk)


def unpublish_story(nomination):
    """Unpublishes the nomination's live story (Wagtail's unpublish: the page cache is purged
    by home.signals), takes it out of moderation, and writes why in the page's history.
    Returns whether one was live."""

    story = WinnerStoryPage.objects.filter(nomination=nomination).first()
    if story is None:
        return False
    was_live = story.live
    if was_live:
        story.unpublish(log_action=True)
    # A story waiting for a moderator leaves moderation: nobody can approve it now, and a
    # moderator opening it from the dashboard must not meet a refusal (Wagtail's 403).
    workflow_state = story.current_workflow_state
    if workflow_state is not None and workflow_state.status in (
        workflow_state.STATUS_IN_PROGRESS,
        workflow_state.STATUS_NEEDS_CHANGES,
    ):
        workflow_state.cancel()
    log(instance=story, action=CONSENT_WITHDRAWN_ACTION)
    logger.info("Nominee withdrew publication consent for nomination %s; story %s unpublished", nomination.pk, story.pk)
    return was_live


CONSENT_WITHDRAWN_ACTION = "nominations.publication_consent_withdrawn"


def latest_withdrawal(nomination):
    """When the nominee last withdrew publication consent (None if they never did)."""
    row = (
        nomination.nominee_consents.filter(question=Q.PUBLICATION, answer=False).order_by("-answered_at", "-pk").first()
    )
    return row.answered_at if row else None


def status_label(nomination):
    """The screeners' flag."""
    if nomination.nominee_consent == NomineeAnswer.AGREED:
        if nomination.nominee_publication_consent:
            return _("Nominee agreed; publication: yes")
        return _("Nominee agreed; publication: no")
    return NomineeAnswer(nomination.nominee_consent).label


def story_block_reason(nomination):
    """Why a story cannot be published, for the admin."""

    withdrawn = latest_withdrawal(nomination)
    if withdrawn:
        return _(
            "The nominee withdrew their consent to publication on %(date)s: this story was unpublished "
            "and cannot be published. Moderators: reject the approval request or cancel the workflow."
        ) % {"date": date_format(timezone.localtime(withdrawn), "DATETIME_FORMAT")}
    return _(
        "The nominee has not agreed to the publication of their name, photographs and story: this "
        "story can be drafted but not published."
    )
