"""Conflicts of interest: declared by judges, or detected from who they are."""

from judging.models.pool import PUBLIC_MAIL_DOMAINS, email_domain


def _norm(text):
    return " ".join((text or "").casefold().split())


def _organisations(nomination):
    names = {_norm(nomination.nominee_organisation)}
    names.update(_norm(line.split("(")[0]) for line in (nomination.partner_organisations or "").splitlines())
    if nomination.nominee_type != "individual":
        names.add(_norm(nomination.nominee_name))
    return {name for name in names if name}


def _domains(nomination):
    domains = {email_domain(nomination.nominee_email), email_domain(nomination.nominator.email)}
    return {d for d in domains if d and d not in PUBLIC_MAIL_DOMAINS}


def detect(judge, nomination):
    """Why `judge` must not judge `nomination`, as a list of reasons (empty: no conflict).

    `judge` is a JudgeProfile with its user; `nomination` has its nominator loaded."""
    user = judge.user
    reasons = []
    if nomination.nominator_id == user.pk:
        reasons.append("The judge nominated it.")
    if user.email and user.email.casefold() == (nomination.nominee_email or "").casefold():
        reasons.append("The judge is the nominee.")
    elif nomination.nominee_type == "individual" and _norm(user.get_full_name()) == _norm(nomination.nominee_name):
        reasons.append("The judge has the nominee's name.")
    if _norm(judge.organisation) and _norm(judge.organisation) in _organisations(nomination):
        reasons.append("Same organisation as the nominee or a partner.")
    domain = email_domain(user.email)
    if domain and domain not in PUBLIC_MAIL_DOMAINS and domain in _domains(nomination):
        reasons.append("Same email domain as the nominee or the nominator.")
    return reasons


class ConflictIndex:
    """Detected and declared conflicts for many judges and nominations at once, in time
    proportional to their number (used by automatic assignment)."""

    def __init__(self, judges, declared_pairs=()):
        self.declared = {}  # nomination_id -> {judge_id}
        for judge_id, nomination_id in declared_pairs:
            self.declared.setdefault(nomination_id, set()).add(judge_id)
        self.by_user = {j.user_id: j.pk for j in judges}
        self.by_email = {j.user.email.casefold(): j.pk for j in judges if j.user.email}
        self.by_name = {}
        self.by_organisation = {}
        self.by_domain = {}
        for j in judges:
            if _norm(j.user.get_full_name()):
                self.by_name.setdefault(_norm(j.user.get_full_name()), set()).add(j.pk)
            if _norm(j.organisation):
                self.by_organisation.setdefault(_norm(j.organisation), set()).add(j.pk)
            domain = email_domain(j.user.email)
            if domain and domain not in PUBLIC_MAIL_DOMAINS:
                self.by_domain.setdefault(domain, set()).add(j.pk)

    def conflicted_judges(self, nomination):
        found = set()
        if nomination.nominator_id in self.by_user:
            found.add(self.by_user[nomination.nominator_id])
        email = (nomination.nominee_email or "").casefold()
        if email in self.by_email:
            found.add(self.by_email[email])
        if nomination.nominee_type == "individual":
            found |= self.by_name.get(_norm(nomination.nominee_name), set())
        for name in _organisations(nomination):
            found |= self.by_organisation.get(name, set())
        for domain in _domains(nomination):
            found |= self.by_domain.get(domain, set())
        found |= self.declared.get(nomination.pk, set())
        return found
