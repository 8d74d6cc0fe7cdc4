# ruff: noqa: RUF001 (full-width and Chinese text in the names compared)
"""Conflicts of interest have one matching rule (judging.conflicts.judge_keys and
nomination_keys): `detect`, which explains one pair, and `ConflictIndex`, which automatic
assignment asks for many, must agree on every pair, above all where names are empty."""

import pytest

from accounts.models import User
from judging.conflicts import ConflictIndex, detect, name_key
from judging.models import JudgeProfile
from nominations.models import Nomination, NomineeType

NOMINATOR = User(pk=2, email="nominator@city-works.example.cn")


def judge(first="", last="", organisation="", email="judge@university.example.edu", interests=None):
    profile = JudgeProfile(
        pk=10, user=User(pk=1, email=email, first_name=first, last_name=last), organisation=organisation
    )
    if interests is not None:
        profile.standing_interests = interests  # as judging.experts.statements.attach_interests leaves them
    return profile


def nomination(name="", organisation="", email="", partners="", kind=NomineeType.INDIVIDUAL):
    return Nomination(
        pk=20,
        nominee_type=kind,
        nominee_name=name,
        nominee_organisation=organisation,
        nominee_email=email,
        partner_organisations=partners,
        nominator=NOMINATOR,
    )


def index_says(profile, entry):
    return profile.pk in ConflictIndex([profile]).conflicted_judges(entry)


# (judge, nomination, detect's reasons): the index must say "conflict" exactly when
# detect gives a reason.
CASES = {
    # Empty and blank names match nothing, on either side (detect matched "" with "").
    "no names at all": (judge(), nomination(), []),
    "blank names": (judge(" ", "\t", "  "), nomination(" ", "\u3000", kind=NomineeType.INDIVIDUAL), []),
    "blank judge, named nominee": (judge(), nomination("Li Ming", "Datong Graphene"), []),
    "named judge, blank nominee": (judge("Li", "Ming", "Datong Graphene"), nomination(" ", " "), []),
    "blank partner lines": (judge(organisation="Datong"), nomination(partners="\n  \n( note )\n"), []),
    "team with no name": (judge(organisation=""), nomination(kind=NomineeType.TEAM), []),
    # Names: case, whitespace and full width are the same name.
    "same name, other case and spaces": (
        judge("Li", "Ming"),
        nomination("  LI   ming "),
        ["The judge has the nominee's name."],
    ),
    "same name in full width": (
        judge("Li", "Ming"),
        nomination("Ｌｉ\u3000Ｍｉｎｇ"),
        ["The judge has the nominee's name."],
    ),
    "Chinese name": (judge("明", "李"), nomination("李明"), ["The judge has the nominee's name."]),
    "other Chinese name": (judge("明", "李"), nomination("李明明"), []),
    "a team's name is an organisation, not a person's": (
        judge("Li", "Ming"),
        nomination("Li Ming", kind=NomineeType.TEAM),
        [],
    ),
    # Organisations.
    "same organisation in full width": (
        judge(organisation="Datong Graphene Co."),
        nomination(organisation="ＤＡＴＯＮＧ  graphene co．"),
        ["Same organisation as the nominee or a partner."],
    ),
    "partner with a full-width bracketed note": (
        judge(organisation="山西大学"),
        nomination(organisation="Other Co", partners="大同新材料\n山西大学（测试）"),
        ["Same organisation as the nominee or a partner."],
    ),
    "enterprise named as the judge's organisation": (
        judge(organisation="Datong Graphene"),
        nomination("datong graphene", kind=NomineeType.ENTERPRISE),
        ["Same organisation as the nominee or a partner."],
    ),
    # Email addresses and domains.
    "the judge is the nominee, by address in another case": (
        judge("Li", "Ming", email="li.ming@mail.example.net"),
        nomination("Li Ming", email=" LI.MING@mail.example.net "),
        ["The judge is the nominee.", "Same email domain as the nominee or the nominator."],
    ),
    "an empty address is no one's": (judge(email=""), nomination(email=""), []),
    "same work domain as the nominator": (
        judge(email="expert@city-works.example.cn"),
        nomination(),
        ["Same email domain as the nominee or the nominator."],
    ),
    "public mail domain": (judge(email="expert@qq.com"), nomination(email="founder@QQ.com"), []),
    # Standing interests (the cycle's statement): organisations of their own kind.
    "standing interest in the nominee's organisation, full width and other case": (
        judge(interests=["Datong Graphene Co."]),
        nomination(organisation="ＤＡＴＯＮＧ\u3000GRAPHENE co．"),
        ["The judge declared a standing interest in the nominee or a partner."],
    ),
    "standing interest in a partner with a note": (
        judge(interests=["Some Fund", "山西大学"]),
        nomination(organisation="Other Co", partners="大同新材料\n山西大学（顾问）"),
        ["The judge declared a standing interest in the nominee or a partner."],
    ),
    "standing interest in an enterprise nominee by its name": (
        judge(interests=["datong graphene"]),
        nomination("Datong  Graphene", kind=NomineeType.ENTERPRISE),
        ["The judge declared a standing interest in the nominee or a partner."],
    ),
    "standing interest named like an individual nominee is not their organisation": (
        judge(interests=["Li Ming"]),
        nomination("Li Ming", organisation="Other Co"),
        [],
    ),
    "blank standing interests match nothing": (
        judge(interests=["", " ", "\u3000"]),
        nomination(" ", "\u3000", partners="\n \n", kind=NomineeType.TEAM),
        [],
    ),
    "no statement attached, no interests": (judge(), nomination(organisation="Datong Graphene"), []),
    "another organisation": (judge(interests=["Datong"]), nomination(organisation="Datong Graphene"), []),
    "the affiliation named as an interest too": (
        judge(organisation="Shanxi University", interests=["SHANXI university"]),
        nomination(organisation="Shanxi University"),
        [
            "Same organisation as the nominee or a partner.",
            "The judge declared a standing interest in the nominee or a partner.",
        ],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_detect_and_the_index_agree(case):
    profile, entry, reasons = CASES[case]
    assert detect(profile, entry) == reasons
    assert index_says(profile, entry) is bool(reasons)


def test_the_nominator_conflicts_in_both():
    profile = judge()
    profile.user.pk = NOMINATOR.pk
    assert detect(profile, nomination()) == ["The judge nominated it."]
    assert index_says(profile, nomination())


def test_declared_conflicts_are_the_index_s_own():
    # Declarations are records, not matching: only the index (from the database) knows them.
    profile = judge()
    assert ConflictIndex([profile], declared_pairs=[(profile.pk, 20)]).conflicted_judges(nomination()) == {profile.pk}


def test_a_blank_name_has_no_key():
    assert [name_key(text) for text in ("", None, " ", "\u3000\t\n")] == [None] * 4
    assert name_key("ＡＣＭＥ\u3000Ｌｔｄ") == name_key(" acme  LTD ") == "acme ltd"
