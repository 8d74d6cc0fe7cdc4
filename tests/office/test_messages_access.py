"""Who may open the messages to nominators in the admin: awards administrators only, on the
access matrix's world (tests.nominations.helpers.access). As everywhere in the Wagtail admin,
a person without admin access is sent to sign in, and staff without the permission (screeners,
editors, moderators) to the admin's dashboard with "no permission"."""

import pytest

from office.models import NominatorMessage
from tests.nominations.helpers.access import DONE, HOME, LOGIN, Row, all_urls, ask, matrix, outcome

L, H, D = LOGIN, HOME, DONE
# Columns:     anonymous owner other-nominator assigned-judge unassigned-judge recused-judge
#              own-chair other-chair screener awards-admin editor moderator
ADMINISTRATORS = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} 200 {H} {H}"
ADMINISTRATORS_ACT = ADMINISTRATORS.replace("200", D)

TEXTS = {"subject_en": "Hello", "body_en": "A word from the office.", "token": "7f4f2d7e-8f55-4d39-a5cb-1f1f5d0f4e11"}

ROWS = [
    Row("messages", "office_messages:index", (), ADMINISTRATORS),
    Row("messages-compose", "office_messages:compose", (), ADMINISTRATORS),
    Row(
        "messages-preview",
        "office_messages:compose",
        (),
        ADMINISTRATORS,
        method="post",
        data={**TEXTS, "preview": "1"},
    ),
    # Everyone with a nomination in the world's cycle: the owner, one person.
    Row(
        "messages-send",
        "office_messages:compose",
        (),
        ADMINISTRATORS_ACT,
        method="post",
        data={**TEXTS, "people": "1", "send": "1"},
    ),
    Row("messages-reminders", "office_messages:reminders", (), ADMINISTRATORS),
    Row("messages-detail", "office_messages:detail", ("message",), ADMINISTRATORS),
]


@pytest.fixture(scope="module")
def message_world(world_and_media, django_db_blocker):
    world = world_and_media[0]
    with django_db_blocker.unblock():
        # Inside the world's transaction: rolled back with it.
        world.message = NominatorMessage.objects.create(subject_en="Earlier", body_en="Text").pk
    return world


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role", "expected"), matrix(ROWS))
def test_access(client, world, message_world, row, role, expected):
    assert outcome(ask(client, message_world, row, role)) == expected


def test_every_messages_url_has_a_row():
    routed = {name for _route, name in all_urls() if name.startswith("office_messages:")}
    assert routed == {row.url_name for row in ROWS}
