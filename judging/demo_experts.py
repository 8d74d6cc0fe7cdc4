"""Demo expert pool: curated fields of expertise in both languages, each demo expert's
kind of body, region, languages and fields (some agreeing to be listed publicly), their
statements for the current cycle (one standing interest that automatic assignment treats as
a conflict), and invitations in every state for the admin's listing."""

from datetime import timedelta

from judging.experts.tokens import new_token
from judging.models import (
    AffiliationKind,
    CycleStatement,
    ExpertInvitation,
    ExpertiseKeyword,
    InterestRelation,
    StandingInterest,
)
from nominations.models import Category, Region

KEYWORDS = [
    ("氢能", "Hydrogen"),
    ("煤炭清洁利用", "Clean coal"),
    ("人工智能", "Artificial intelligence"),
    ("新材料", "Advanced materials"),
    ("轨道交通", "Rail transport"),
    ("文物数字化", "Heritage digitisation"),
    ("智慧农业", "Smart farming"),
    ("储能", "Energy storage"),
    ("工业互联网", "Industrial internet"),
    ("碳中和", "Carbon neutrality"),
]
# account: (kind of body, region, languages, fields (English names), listed publicly)
PROFILES = {
    "judge1": (AffiliationKind.UNIVERSITY, Region.JING_JIN_JI, ["zh-hans", "en"], ["Advanced materials"], True),
    "judge2": (AffiliationKind.RESEARCH_INSTITUTE, Region.SHANXI, ["zh-hans"], ["Clean coal", "Hydrogen"], True),
    "judge3": (AffiliationKind.ENTERPRISE, Region.DATONG, ["en"], ["Energy storage"], False),
    "judge4": (AffiliationKind.ENTERPRISE, Region.DATONG, ["en", "zh-hans"], ["Artificial intelligence"], False),
    "judge5": (AffiliationKind.UNIVERSITY, Region.SHANXI, ["zh-hans"], ["Industrial internet"], True),
    "judge6": (AffiliationKind.RESEARCH_INSTITUTE, Region.JING_JIN_JI, ["zh-hans"], ["Rail transport"], True),
    "chair": (AffiliationKind.THINK_TANK, Region.SHANXI, ["zh-hans", "en"], ["Carbon neutrality"], True),
}
# Experts in new materials are scarce: only three judge them, one short of what a nomination
# needs, so the pool at a glance shows a gap.
NOT_MATERIALS = ("judge3", "judge4", "judge6", "chair")
# judge2 advises the company behind one of the demo's new-technology nominations.
INTERESTS = {"judge2": [("Yungang Thermal Tech", InterestRelation.ADVISES)]}
# (email, name, language, days since sent, state)
INVITATIONS = [
    ("wang.lei@tsinghua.example.edu", "王磊", "zh-hans", 2, "pending"),
    ("l.moreau@greaterbay-institute.example.org", "Laura Moreau", "en", 20, "expired"),
    ("li.na@sjtu.example.edu", "李娜", "zh-hans", 5, "revoked"),
]


def _keywords():
    found = {}
    for chinese, english in KEYWORDS:
        keyword = ExpertiseKeyword.objects.filter(name_en=english).first()
        if keyword is None:
            keyword = ExpertiseKeyword.objects.create(name=english, name_zh_hans=chinese, name_en=english)
        found[english] = keyword
    return found


def load(*, profiles, cycle, admin, now):
    """Fills in the demo experts' profiles and statements for `cycle` (before automatic
    assignment, so the standing interest counts), and the invitations. Idempotent."""
    keywords = _keywords()
    for local, (kind, region, languages, fields, listed) in PROFILES.items():
        profile = profiles[local]
        if not profile.affiliation_kind:
            profile.affiliation_kind, profile.region, profile.languages = kind, region, languages
            profile.listed_publicly, profile.joined_at = listed, now - timedelta(days=60)
            profile.save()
            profile.keywords.set([keywords[name] for name in fields])
            if local in NOT_MATERIALS:
                profile.expertise.remove(*Category.objects.filter(code="MAT"))
        statement, created = CycleStatement.objects.get_or_create(
            judge=profile, cycle=cycle, defaults={"confirmed_at": now - timedelta(days=3)}
        )
        if created:
            StandingInterest.objects.bulk_create(
                StandingInterest(statement=statement, organisation=name, relation=relation)
                for name, relation in INTERESTS.get(local, [])
            )
    _invitations(admin, now)


def _invitations(admin, now):
    categories = list(Category.objects.filter(code__in=["MAT", "TEC"]))
    for email, name, language, days, state in INVITATIONS:
        if ExpertInvitation.objects.filter(email=email).exists():
            continue
        sent = now - timedelta(days=days)
        invitation = ExpertInvitation.objects.create(
            email=email,
            name=name,
            language=language,
            token_hash=new_token()[1],  # the demo's links are never sent: only resent ones work
            invited_by=admin,
            created_at=sent,
            sent_at=sent,
            send_count=1,
            expires_at=sent + timedelta(days=14),
            revoked_at=now - timedelta(days=1) if state == "revoked" else None,
        )
        invitation.expertise.set(categories)
