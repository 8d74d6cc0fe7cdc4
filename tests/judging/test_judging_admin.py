# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Judging in the Wagtail admin: the menu, the expert pool, panels, rounds with their
criteria inline, conflicts (read only), listings' query counts. Assignments and the
round's actions are in test_judging_admin_actions."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from judging.models import Assignment, Conflict, Criterion, JudgeProfile, Panel, Round
from nominations.models import Category
from tests.factories import JudgeProfileFactory, PanelFactory, RoundFactory
from tests.judging import helpers
from tests.judging.helpers import admin_url as url
from tests.judging.helpers import score_all, stamp

admin_user = helpers.admin_user
superuser = helpers.superuser
admin_client = helpers.admin_client
cycle = helpers.cycle
tec = helpers.tec
eligible = helpers.eligible
judges = helpers.judges
round_ = helpers.round_


# Listing and creating ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "admin_user"])
def test_list_and_create_panels(client, request, who, cycle, tec, judges):
    client.force_login(request.getfixturevalue(who))
    existing = PanelFactory(cycle=cycle, category=Category.objects.get(code="MAT"), members=judges[:1], chair=judges[0])
    response = client.get(url("panel", "list"))
    assert response.status_code == 200
    assert str(existing) in response.content.decode()

    response = client.post(
        url("panel", "add"),
        {"cycle": cycle.pk, "category": tec.pk, "members": [j.pk for j in judges[:2]], "chair": judges[1].pk},
    )
    assert response.status_code == 302
    panel = Panel.objects.get(cycle=cycle, category=tec)
    assert set(panel.members.all()) == set(judges[:2])
    assert panel.chair == judges[1]
    body = client.get(url("panel", "list")).content.decode()
    assert str(panel) in body
    assert str(judges[1]) in body


@pytest.mark.django_db
def test_a_panels_chair_must_be_a_member(admin_client, cycle, tec, judges):
    response = admin_client.post(
        url("panel", "add"),
        {"cycle": cycle.pk, "category": tec.pk, "members": [judges[0].pk], "chair": judges[2].pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "chair": ["The chair must be one of the panel's members: tick them as a member too."]
    }
    assert not Panel.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["superuser", "admin_user"])
def test_list_and_create_rounds_with_their_criteria(client, request, who, cycle):
    client.force_login(request.getfixturevalue(who))
    RoundFactory(cycle=cycle, number=1)
    assert client.get(url("round", "list")).status_code == 200
    opens = timezone.now() + timedelta(days=20)
    response = client.post(
        url("round", "add"),
        {
            "cycle": cycle.pk,
            "number": 2,
            "stage": 2,
            "opens_at": stamp(opens),
            "closes_at": stamp(opens + timedelta(days=14)),
            "judges_per_nomination": 5,
            "blind": "",
            "criteria-TOTAL_FORMS": 2,
            "criteria-INITIAL_FORMS": 0,
            "criteria-MIN_NUM_FORMS": 0,
            "criteria-MAX_NUM_FORMS": 1000,
            "criteria-0-name_zh_hans": "新颖性",
            "criteria-0-name_en": "Novelty",
            "criteria-0-guidance_zh_hans": "创新之处有多新？",
            "criteria-0-guidance_en": "How new is it?",
            "criteria-0-weight": "2",
            "criteria-0-scale_min": 0,
            "criteria-0-scale_max": 10,
            "criteria-0-sort_order": 0,
            "criteria-0-id": "",
            "criteria-0-DELETE": "",
            "criteria-1-name_zh_hans": "",
            "criteria-1-name_en": "Impact",
            "criteria-1-guidance_zh_hans": "",
            "criteria-1-guidance_en": "",
            "criteria-1-weight": "1",
            "criteria-1-scale_min": 1,
            "criteria-1-scale_max": 5,
            "criteria-1-sort_order": 1,
            "criteria-1-id": "",
            "criteria-1-DELETE": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    final = Round.objects.get(cycle=cycle, number=2)
    assert final.judges_per_nomination == 5
    assert final.blind is False
    assert [
        (c.name_zh_hans, c.name_en, c.guidance_zh_hans, c.guidance_en, float(c.weight), c.scale_min, c.scale_max)
        for c in final.criteria.all()
    ] == [
        ("新颖性", "Novelty", "创新之处有多新？", "How new is it?", 2.0, 0, 10),
        (None, "Impact", None, None, 1.0, 1, 5),
    ]
    body = client.get(url("round", "list")).content.decode()
    assert str(final) in body
    assert url("round", "inspect", final.pk) in body  # "Assign judges or close"


CRITERION_FIELDS = (
    "name_zh_hans",
    "name_en",
    "guidance_zh_hans",
    "guidance_en",
    "weight",
    "scale_min",
    "scale_max",
    "sort_order",
    "id",
)


def _round_edit_data(round_, delete=None):
    data = {
        "cycle": round_.cycle_id,
        "number": round_.number,
        "stage": round_.stage,
        "opens_at": stamp(round_.opens_at),
        "closes_at": stamp(round_.closes_at),
        "judges_per_nomination": round_.judges_per_nomination,
        "blind": "on",
    }
    criteria = list(round_.criteria.all())
    data.update(
        {
            "criteria-TOTAL_FORMS": len(criteria),
            "criteria-INITIAL_FORMS": len(criteria),
            "criteria-MIN_NUM_FORMS": 0,
            "criteria-MAX_NUM_FORMS": 1000,
        }
    )
    for index, criterion in enumerate(criteria):
        for name in CRITERION_FIELDS:
            data[f"criteria-{index}-{name}"] = "" if getattr(criterion, name) is None else getattr(criterion, name)
        data[f"criteria-{index}-DELETE"] = "1" if criterion == delete else ""
    return data


@pytest.mark.django_db
def test_a_scored_criterion_cannot_be_removed(admin_client, round_, eligible, judges):
    criterion = round_.criteria.first()
    assignment = Assignment.objects.create(round=round_, nomination=eligible(), judge=judges[0])
    score_all(assignment, submit=False)
    response = admin_client.post(url("round", "edit", round_.pk), _round_edit_data(round_, delete=criterion))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"“{criterion.name}” has scores: it cannot be removed, even with a reason."
    ]
    assert Criterion.objects.filter(pk=criterion.pk).exists()


@pytest.mark.django_db
def test_an_unscored_criterion_can_be_removed(admin_client, round_):
    criterion = round_.criteria.first()
    response = admin_client.post(url("round", "edit", round_.pk), _round_edit_data(round_, delete=criterion))
    assert response.status_code == 302
    assert list(round_.criteria.values_list("name", flat=True)) == ["Impact", "Maturity"]


@pytest.mark.django_db
def test_expert_pool_filters_and_search(admin_client):
    tec, mat = Category.objects.get(code="TEC"), Category.objects.get(code="MAT")
    wang = JudgeProfileFactory(user__last_name="Wang", organisation="Shanxi University", expertise=[tec])
    li = JudgeProfileFactory(user__last_name="Li", organisation="Datong Steel", expertise=[mat], active=False)
    body = admin_client.get(url("judgeprofile", "list"), {"expertise": mat.pk}).content.decode()
    assert li.user.email in body
    assert wang.user.email not in body
    body = admin_client.get(url("judgeprofile", "list"), {"active": "true"}).content.decode()
    assert wang.user.email in body
    assert li.user.email not in body
    body = admin_client.get(url("judgeprofile", "list_results"), {"q": "shanxi"}).content.decode()
    assert wang.user.email in body
    assert li.user.email not in body


@pytest.mark.django_db
def test_conflicts_are_read_only(admin_client, eligible, judges):
    conflict = Conflict.objects.create(
        judge=judges[0], nomination=eligible(), source=Conflict.Source.DECLARED, reason="My former student."
    )
    body = admin_client.get(url("conflict", "list")).content.decode()
    assert "My former student." in body
    assert admin_client.get(url("conflict", "inspect", conflict.pk)).status_code == 200
    # Wagtail answers a refusal in the admin with a redirect to the dashboard.
    for response in (
        admin_client.get(url("conflict", "add")),
        admin_client.get(url("conflict", "edit", conflict.pk)),
        admin_client.post(url("conflict", "delete", conflict.pk)),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert Conflict.objects.filter(pk=conflict.pk).exists()


@pytest.mark.django_db
def test_judging_menu_lists_its_parts(admin_client):
    body = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for label in ("Judging", "Rounds", "Panels", "Expert pool", "Assignments", "Conflicts of interest", "Award levels"):
        assert label in body


@pytest.mark.django_db
def test_listings_do_not_query_per_row(admin_client, round_, eligible):
    def count(path):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(path).status_code == 200
        return len(queries)

    def grow(n):
        for _ in range(n):
            judge = JudgeProfileFactory()
            nomination = eligible()
            Assignment.objects.create(round=round_, nomination=nomination, judge=judge)
            Conflict.objects.create(judge=JudgeProfileFactory(), nomination=nomination, source="detected", reason="x")

    grow(2)
    paths = [url(m, "list") for m in ("assignment", "conflict", "judgeprofile", "panel", "round")]
    for path in paths:
        admin_client.get(path)
    small = [count(path) for path in paths]
    grow(5)
    assert [count(path) for path in paths] == small
    assert JudgeProfile.objects.count() == 14
