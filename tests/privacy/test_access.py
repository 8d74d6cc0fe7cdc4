"""Who may open the erasure pages (the access matrix's conventions: tests/nominations/
test_access_matrix.py). Their URLs take a user's or a nomination's id."""

import pytest

from privacy.models import ErasureRecord, RetentionPolicy
from tests.nominations.helpers.access import DONE, HOME, LOGIN, Row, ask, matrix, outcome

L, H, D = LOGIN, HOME, DONE
# Awards administrators only; other staff reach the admin and are sent to its dashboard.
ADMIN_ONLY = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} 200 {H} {H}"
ADMIN_ACTS = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} {D} {H} {H}"
NOT_EVEN_ADMIN = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} {H} {H} {H}"
REASON = {"reason": "The person's letter of 3 May"}

ROWS = [
    Row("erase-user-form", "privacy_admin:erase_user", ("owner_user",), ADMIN_ONLY),
    Row("erase-user", "privacy_admin:erase_user", ("owner_user",), ADMIN_ACTS, method="post", data=REASON),
    Row("erase-nominee-form", "privacy_admin:erase_nomination", ("nomination",), ADMIN_ONLY),
    Row("erase-nominee", "privacy_admin:erase_nomination", ("nomination",), ADMIN_ACTS, method="post", data=REASON),
    Row("erase-draft-nominee", "privacy_admin:erase_nomination", ("draft",), ADMIN_ONLY),
    # The retention policies and the erasure records (snippets): administrators set the
    # policies and read the records, which nobody edits or deletes.
    *(
        Row(f"policy-{view}", f"wagtailsnippets_privacy_retentionpolicy:{view}", ("policy",), ADMIN_ONLY)
        for view in ("edit", "copy", "usage", "history", "history_results")
    ),
    Row("policy-delete", "wagtailsnippets_privacy_retentionpolicy:delete", ("policy",), NOT_EVEN_ADMIN),
    Row("record-inspect", "wagtailsnippets_privacy_erasurerecord:inspect", ("record",), ADMIN_ONLY),
    *(
        Row(f"record-{view}", f"wagtailsnippets_privacy_erasurerecord:{view}", ("record",), NOT_EVEN_ADMIN)
        for view in ("edit", "copy", "delete", "usage", "history", "history_results")
    ),
]


def _policy_and_record(world):
    policy, _created = RetentionPolicy.objects.get_or_create(cycle_id=world.cycle)
    record = ErasureRecord.objects.create(kind="nominee", requested_by="nominee", reason="A letter")
    return policy.pk, record.pk


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role", "expected"), matrix(ROWS))
def test_access(client, world, row, role, expected):
    world.owner_user = world.users["owner"].pk
    world.policy, world.record = _policy_and_record(world)
    assert outcome(ask(client, world, row, role)) == expected


@pytest.mark.django_db
def test_an_unknown_id_is_a_404(client, world):
    client.force_login(world.users["awards_admin"])
    assert client.get("/admin/privacy/erase-user/999999/").status_code == 404
    assert client.get("/admin/privacy/erase-nomination/999999/").status_code == 404


def test_every_privacy_url_with_an_id_has_rows():
    from tests.nominations.helpers.access import object_urls

    ours = {name for _route, name in object_urls() if name.startswith(("privacy", "wagtailsnippets_privacy_"))}
    assert ours == {row.url_name for row in ROWS}
