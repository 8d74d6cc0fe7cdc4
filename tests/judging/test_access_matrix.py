"""Who may open what under /judging/ and in the judging admin: every URL that names an
object, against every kind of person (see tests/nominations/test_access_matrix.py for
the conventions and the check that no URL escapes the tables)."""

import pytest

from judging.models import Conflict
from judging.predicates import is_judge, judges_nomination
from judging.queries import judge_assignments
from nominations.models import Nomination
from tests.judging.access_matrix_rows import ROWS
from tests.nominations.helpers.access import ROLES, ask, matrix, outcome


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role", "expected"), matrix(ROWS))
def test_access(client, world, row, role, expected):
    assert outcome(ask(client, world, row, role)) == expected


# The rule, once -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES[1:])
def test_the_assignment_query_and_the_predicate_agree(world, role):
    user = world.users[role]
    judged = set(judge_assignments(user).values_list("nomination_id", flat=True)) if is_judge(user) else set()
    for nomination in Nomination.objects.all():
        assert (nomination.pk in judged) == judges_nomination(user, nomination), (role, nomination.title)
    assert judges_nomination(user, Nomination.objects.get(pk=world.nomination)) == (role == "assigned_judge")


@pytest.mark.django_db
def test_a_conflict_found_after_assigning_closes_the_nomination_to_its_judge(client, world):
    """A conflict recorded without recusing the assignment (e.g. detected later) still
    keeps the judge out: judge_assignments leaves out conflicted nominations."""
    judge = world.users["assigned_judge"]
    Conflict.objects.create(
        judge=judge.judge_profile,
        nomination_id=world.nomination,
        source=Conflict.Source.DETECTED,
        reason="Same organisation",
    )
    client.force_login(judge)
    assert client.get(f"/judging/assignments/{world.assignment}/").status_code == 404
    assert client.get(f"/judging/assignments/{world.assignment}/files/{world.file}/").status_code == 404
    dashboard = client.get("/judging/").content.decode()
    assert "Eligible innovation" not in dashboard
    assert f"/judging/assignments/{world.assignment}/" not in dashboard
