"""One rule, one home: "the required answers" of a nomination are
nominations.models.nomination.required_fields (its own fields, by step) and the call's
required questions (nominations.questions.unanswered_required); Nomination.missing asks
both. The form's asterisks, the review page's list (and the step each entry links to) and
the submit service used to keep lists of their own; these tests check they agree."""

import pytest

from django.urls import reverse

from nominations import services
from nominations.forms import STEP_OF_FIELD, STEPS, step_form_class
from nominations.models import Nomination, NominationAnswer, NominationState, NomineeType
from nominations.models.nomination import required_fields
from tests.factories import CallPageFactory, NominationFactory
from tests.nominations.helpers.questions import ask, question


@pytest.mark.parametrize("kind", [None, *NomineeType.values])
def test_each_required_field_is_asked_on_the_step_the_review_page_links_to(kind):
    nomination = Nomination(nominee_type=kind) if kind else None
    for step, name in required_fields(nomination):
        assert STEP_OF_FIELD[name] == step, name


@pytest.mark.parametrize(("slug", "fields"), [(slug, fields) for slug, _label, fields in STEPS if fields])
def test_the_forms_asterisks_are_the_fields_every_nomination_needs(slug, fields):
    form = step_form_class(slug)()
    marked = {name for name, field in form.fields.items() if field.needed}
    assert marked == {name for step, name in required_fields() if step == slug}


@pytest.mark.django_db
def test_the_review_page_and_the_submit_service_ask_the_same_rule(client, call_index):
    call = CallPageFactory(parent=call_index)
    asked, _optional = ask(call, question("Patent number", required=True), question("Anything else?"))
    nomination = NominationFactory(
        call=call, nominee_type=NomineeType.TEAM, team_members="   ", title="", consent_processing=False
    )
    expected = [
        ("innovation", "title"),
        ("nominee", "team_members"),
        ("declarations", "consent_processing"),
        ("questions", f"question_{asked}"),
    ]
    assert nomination.missing() == expected
    client.force_login(nomination.nominator)
    listed = client.get(reverse("nominations:review", args=[nomination.pk])).context["missing"]
    assert [step for step, _label in listed] == [step for step, _name in expected]
    with pytest.raises(services.NominationError, match="required answers are still missing"):
        services.submit(nomination_id=nomination.pk, user=nomination.nominator)

    nomination.team_members, nomination.title, nomination.consent_processing = "A, B", "Lantern", True
    nomination.save()
    NominationAnswer.objects.create(nomination=nomination, question_id=asked, value="CN 1234567")
    nomination.refresh_from_db()
    assert nomination.missing() == []
    review = client.get(reverse("nominations:review", args=[nomination.pk])).context
    assert (review["missing"], review["can_submit"]) == ([], True)
    outcome = services.submit(nomination_id=nomination.pk, user=nomination.nominator)
    assert outcome.nomination.state == NominationState.SUBMITTED
