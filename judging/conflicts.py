"""Conflicts of interest: declared by judges, or detected from who they are.

The matching rule has one home, `judge_keys` and `nomination_keys`: what of a judge and of
a nomination is compared, each as a key in one normal form (names and organisations after
nominations.screening.duplicates.normalise: NFKC, so full-width letters, digits, spaces and
brackets count as their usual forms, case folding, runs of whitespace as one space; email
addresses after NFKC, trimming and case folding). An empty or blank name, organisation or
address has no key and so matches nothing: a judge without an organisation never conflicts
with a nominee without one. `detect` (one pair, with reasons) and `ConflictIndex` (many
pairs at once, for automatic assignment) both compare these keys and nothing else.

A judge's standing interests for the cycle (the organisations they work for, advise or own a
share of, judging.experts.statements.attach_interests leaves them on the judge as
`standing_interests`; none when absent) are keys of their own kind, compared with the
nomination's organisations (the nominee's, the partners', a team's or enterprise's name)."""

import unicodedata

from core.text import normalise
from judging.models.pool import PUBLIC_MAIL_DOMAINS, email_domain

# The kinds of key, in the order `detect` gives its reasons.
NOMINATOR, EMAIL, NAME, ORGANISATION, DOMAIN = "nominator", "email", "name", "organisation", "domain"
INTEREST = "interest"
KINDS = (NOMINATOR, EMAIL, NAME, ORGANISATION, INTEREST, DOMAIN)


def name_key(text):
    """A name or an organisation in its normal form, or None when blank (matches nothing)."""
    return normalise(text) or None


def email_key(address):
    return unicodedata.normalize("NFKC", address or "").strip().casefold() or None


def domain_key(address):
    # Public mail domains say nothing about where someone works (judging.models.pool).
    domain = email_domain(unicodedata.normalize("NFKC", address or ""))
    return domain if domain and domain not in PUBLIC_MAIL_DOMAINS else None


def judge_keys(judge):
    """{kind: set of keys, never None} for a JudgeProfile with its user loaded (and its
    `standing_interests` for the cycle, if attached)."""
    user = judge.user
    keys = {
        NOMINATOR: {user.pk},
        EMAIL: {email_key(user.email)},
        NAME: {name_key(user.get_full_name())},
        ORGANISATION: {name_key(judge.organisation)},
        INTEREST: {name_key(name) for name in getattr(judge, "standing_interests", ())},
        DOMAIN: {domain_key(user.email)},
    }
    return {kind: found - {None} for kind, found in keys.items()}


def _partner_names(text):
    # One partner a line, a note in brackets after the name ("Shanxi University (testing)");
    # full-width brackets are brackets once in NFKC.
    lines = unicodedata.normalize("NFKC", text or "").splitlines()
    return {name_key(line.split("(")[0]) for line in lines}


# What nomination_keys reads of a nomination: a listing that compares many nominations
# with the judges loads these (with .only(), beside "nominator__email").
NOMINATION_KEY_FIELDS = (
    "nominator",
    "nominee_type",
    "nominee_name",
    "nominee_email",
    "nominee_organisation",
    "partner_organisations",
)


def nomination_keys(nomination):
    """{kind: set of keys, never None} for a nomination with its nominator loaded."""
    organisations = {name_key(nomination.nominee_organisation)} | _partner_names(nomination.partner_organisations)
    individual = nomination.nominee_type == "individual"
    if not individual:
        organisations.add(name_key(nomination.nominee_name))  # a team or an enterprise is an organisation
    keys = {
        NOMINATOR: {nomination.nominator_id},
        EMAIL: {email_key(nomination.nominee_email)},
        NAME: {name_key(nomination.nominee_name)} if individual else set(),
        ORGANISATION: organisations,
        INTEREST: organisations,  # a standing interest names an organisation
        DOMAIN: {domain_key(nomination.nominee_email), domain_key(nomination.nominator.email)},
    }
    return {kind: found - {None} for kind, found in keys.items()}


def matching_kinds(judge, nomination):
    """The kinds of key the judge and the nomination share, in KINDS order."""
    mine, theirs = judge_keys(judge), nomination_keys(nomination)
    return [kind for kind in KINDS if mine[kind] & theirs[kind]]


REASONS = {
    NOMINATOR: "The judge nominated it.",
    EMAIL: "The judge is the nominee.",
    NAME: "The judge has the nominee's name.",
    ORGANISATION: "Same organisation as the nominee or a partner.",
    INTEREST: "The judge declared a standing interest in the nominee or a partner.",
    DOMAIN: "Same email domain as the nominee or the nominator.",
}


def detect(judge, nomination):
    """Why `judge` must not judge `nomination`, as a list of reasons (empty: no conflict).

    `judge` is a JudgeProfile with its user; `nomination` has its nominator loaded."""
    kinds = matching_kinds(judge, nomination)
    if EMAIL in kinds and NAME in kinds:
        kinds.remove(NAME)  # the judge is the nominee: that they share a name says nothing more
    return [REASONS[kind] for kind in kinds]


class ConflictIndex:
    """Detected and declared conflicts for many judges and nominations at once, in time
    proportional to their number (used by automatic assignment)."""

    def __init__(self, judges, declared_pairs=()):
        self.declared = {}  # nomination_id -> {judge_id}
        for judge_id, nomination_id in declared_pairs:
            self.declared.setdefault(nomination_id, set()).add(judge_id)
        self.judges = {}  # (kind, key) -> {judge_id}
        for judge in judges:
            for kind, keys in judge_keys(judge).items():
                for key in keys:
                    self.judges.setdefault((kind, key), set()).add(judge.pk)

    def conflicted_judges(self, nomination):
        found = set(self.declared.get(nomination.pk, set()))
        for kind, keys in nomination_keys(nomination).items():
            for key in keys:
                found |= self.judges.get((kind, key), set())
        return found
