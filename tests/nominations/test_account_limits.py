"""Per-account limits (nominations.limits): open drafts, nominations started per hour, files
uploaded per hour, bytes stored across the account's nominations. Each is tested at its
boundary: the Nth allowed, the N+1th refused with a message on the form, nothing saved lost."""

from datetime import timedelta

import pytest

from django.utils import timezone

from nominations import services
from nominations.models import Nomination, NominationFile
from tests.factories import CallPageFactory, NominationFactory
from tests.nominations.helpers import NOMINEE
from tests.nominations.helpers.uploads import image_bytes, upload

PHOTO = image_bytes("PNG", size=(60, 40))


@pytest.fixture
def call(call_index):
    return CallPageFactory(parent=call_index)


@pytest.fixture
def limits(settings):
    settings.NOMINATION_ACCOUNT_MAX_OPEN_DRAFTS = 100
    settings.NOMINATION_ACCOUNT_MAX_STARTED_PER_HOUR = 100
    settings.NOMINATION_ACCOUNT_MAX_UPLOADS_PER_HOUR = 100
    settings.NOMINATION_ACCOUNT_MAX_STORED_BYTES = 10**9
    return settings


def _start(client, call, name="Datong Graphene Co."):
    return client.post(f"/nominate/{call.pk}/", {**NOMINEE, "nominee_name": name})


def _upload(client, nomination, count=1):
    files = [upload(f"photo{i}.png", PHOTO) for i in range(count)]
    return client.post(f"/nominations/{nomination.pk}/edit/files/", {"files": files, "save": "1"})


def _errors(response):
    return [str(e) for e in response.context["form"].non_field_errors()]


def _upload_errors(response):
    """Every error of the upload form, on the field or on the form."""
    return [str(e) for errors in response.context["upload_form"].errors.values() for e in errors]


@pytest.mark.django_db
def test_open_drafts_limit(client, call, nominator, limits):
    limits.NOMINATION_ACCOUNT_MAX_OPEN_DRAFTS = 3
    NominationFactory(call=call, nominator=nominator)
    NominationFactory(call=call, nominator=nominator, state="submitted")  # not a draft: not counted
    NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)

    third = _start(client, call, name="Third draft")
    fourth = _start(client, call, name="Fourth draft")

    assert third.status_code == 302
    assert fourth.status_code == 200
    assert _errors(fourth) == [
        "You already have 3 drafts, the most an account may keep open. Submit or withdraw one of "
        "them (under “My nominations”) before starting another."
    ]
    assert 'value="Fourth draft"' in fourth.content.decode()  # what was typed stays on the form
    assert Nomination.objects.filter(nominator=nominator, state="draft").count() == 3
    assert not Nomination.objects.filter(nominee_name="Fourth draft").exists()


@pytest.mark.django_db
def test_started_per_hour_limit_and_its_window(client, call, nominator, limits):
    limits.NOMINATION_ACCOUNT_MAX_STARTED_PER_HOUR = 2
    client.force_login(nominator)

    assert [_start(client, call).status_code for _ in range(2)] == [302, 302]
    refused = _start(client, call)
    assert refused.status_code == 200
    assert _errors(refused) == [
        "You have started 2 nominations within the last hour, the most an account may start in "
        "an hour. Please continue one of your drafts, or try again later."
    ]
    assert Nomination.objects.filter(nominator=nominator).count() == 2

    # Once the first is more than an hour old, one more may be started.
    first = Nomination.objects.filter(nominator=nominator).order_by("pk").first()
    Nomination.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=61))
    assert _start(client, call).status_code == 302
    assert Nomination.objects.filter(nominator=nominator).count() == 3


@pytest.mark.django_db
def test_limits_count_per_account(client, call, nominator, limits):
    limits.NOMINATION_ACCOUNT_MAX_OPEN_DRAFTS = 1
    NominationFactory(call=call)  # someone else's draft
    client.force_login(nominator)
    assert _start(client, call).status_code == 302


@pytest.mark.django_db
def test_the_service_refuses_too(call, nominator, limits):
    limits.NOMINATION_ACCOUNT_MAX_OPEN_DRAFTS = 1
    services.start_nomination(call=call, nominator=nominator)
    with pytest.raises(services.AccountLimitReached):
        services.start_nomination(call=call, nominator=nominator)
    assert Nomination.objects.filter(nominator=nominator).count() == 1


@pytest.mark.django_db
def test_uploads_per_hour_limit_and_its_window(client, call, nominator, limits):
    limits.NOMINATION_ACCOUNT_MAX_UPLOADS_PER_HOUR = 3
    first = NominationFactory(call=call, nominator=nominator)
    second = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)

    assert _upload(client, first, count=2).status_code == 302
    assert _upload(client, second).status_code == 302  # the third file of the hour
    refused = _upload(client, second)
    assert refused.status_code == 200
    assert _upload_errors(refused) == [
        "An account may upload at most 3 files in an hour; you have uploaded 3. Please try again later."
    ]
    assert NominationFile.objects.filter(nomination__nominator=nominator).count() == 3

    NominationFile.objects.filter(nomination=first).update(uploaded_at=timezone.now() - timedelta(minutes=61))
    assert _upload(client, second, count=2).status_code == 302
    assert NominationFile.objects.filter(nomination__nominator=nominator).count() == 5


@pytest.mark.django_db
def test_stored_bytes_limit_across_the_accounts_nominations(client, call, nominator, limits):
    first = NominationFactory(call=call, nominator=nominator)
    second = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    assert _upload(client, first).status_code == 302
    size = NominationFile.objects.get().size  # the stored (re-encoded) size of PHOTO
    limits.NOMINATION_ACCOUNT_MAX_STORED_BYTES = 3 * size

    assert _upload(client, second, count=2).status_code == 302  # exactly at the limit
    refused = _upload(client, second)
    assert refused.status_code == 200
    assert _upload_errors(refused) == [
        f"The files of all your nominations together may take at most {3 * size}\xa0bytes; yours "
        f"take {3 * size}\xa0bytes already. Remove files you no longer need, then try again."
    ]
    assert NominationFile.objects.filter(nomination__nominator=nominator).count() == 3


@pytest.mark.django_db
def test_a_refused_upload_stores_nothing_of_the_batch(client, call, nominator, limits):
    nomination = NominationFactory(call=call, nominator=nominator)
    client.force_login(nominator)
    assert _upload(client, nomination).status_code == 302
    limits.NOMINATION_ACCOUNT_MAX_STORED_BYTES = 2 * NominationFile.objects.get().size
    refused = _upload(client, nomination, count=2)  # one would fit, two do not
    assert refused.status_code == 200
    assert NominationFile.objects.count() == 1
