from django.db import models
from django.utils.translation import gettext_lazy as _


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for amendment")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
    COMMENDED = "commended", _("Commended")
    NOT_COMMENDED = "not_commended", _("Not commended")


# States whose outcome stays private until the cycle's announcement.
RESULT_STATES = frozenset(
    {
        NominationState.SHORTLISTED,
        NominationState.NOT_SHORTLISTED,
        NominationState.COMMENDED,
        NominationState.NOT_COMMENDED,
    }
)
# Until the announcement a nominator sees every result state as "eligible" (in judging), so
# they may withdraw from each of them, as from "eligible": refusing for some would tell
# them the secret result. The transition's condition (before_results) ends it at the
# announcement.
WITHDRAWABLE_STATES = (
    NominationState.DRAFT,
    NominationState.SUBMITTED,
    NominationState.RETURNED,
    NominationState.ELIGIBLE,
    *sorted(RESULT_STATES),
)


class NomineeType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    TEAM = "team", _("Team")
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    OTHER_ORGANISATION = "other_organisation", _("Other organisation")


class Region(models.TextChoices):
    DATONG = "datong", _("Datong")
    SHANXI = "shanxi", _("Elsewhere in Shanxi")
    JING_JIN_JI = "jing_jin_ji", _("Beijing-Tianjin-Hebei")
    YANGTZE_DELTA = "yangtze_delta", _("Yangtze River Delta")
    GREATER_BAY = "greater_bay", _("Guangdong-Hong Kong-Macao Greater Bay Area")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    RESEARCH = "research", _("Research")
    PILOT = "pilot", _("Pilot")
    IN_MARKET = "in_market", _("In market")


class Relation(models.TextChoices):
    SELF = "self", _("I am the nominee (self-nomination)")
    COLLEAGUE = "colleague", _("Colleague")
    OTHER = "other", _("Other")
