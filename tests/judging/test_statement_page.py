"""The judge's page "My statement for <cycle>" (judging:expert_statement): its fields, rows
of interests (blank ones left out, removing one), the confirmation, a double submit, bad
input as form errors, the way back to the assignment, the short link for the current cycle,
a cycle whose results are announced, and only judges, only their own statement."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from judging.models import CycleStatement, InterestRelation, StandingInterest
from tests.factories import AwardCycleFactory, CycleStatementFactory, JudgeProfileFactory, UserFactory
from tests.judging.helpers import messages_of

R = InterestRelation


def page(cycle):
    return reverse("judging:expert_statement", args=[cycle.pk])


def post_data(rows=(), initial=0, **fields):
    """The page's form: rows are (organisation, relation[, remove]) in the formset."""
    data = {
        "available": "yes",
        "capacity": "",
        "interests-TOTAL_FORMS": str(len(rows)),
        "interests-INITIAL_FORMS": str(initial),
    }
    for number, row in enumerate(rows):
        data[f"interests-{number}-organisation"] = row[0]
        data[f"interests-{number}-relation"] = row[1]
        if len(row) > 2 and row[2]:
            data[f"interests-{number}-DELETE"] = "on"
    data.update(fields)
    return data


def interests_of(judge, cycle):
    return list(
        StandingInterest.objects.filter(statement__judge=judge, statement__cycle=cycle)
        .order_by("pk")
        .values_list("organisation", "relation")
    )


@pytest.fixture
def judge(db):
    return JudgeProfileFactory()


@pytest.fixture
def cycle(db):
    return AwardCycleFactory()


@pytest.mark.django_db
def test_the_page_asks_availability_capacity_and_organisations(client, judge, cycle):
    client.force_login(judge.user)

    response = client.get(page(cycle))

    assert response.status_code == 200
    content = response.content.decode()
    assert f"My statement for {cycle.name}" in content
    for words in (
        "Are you available to judge in this cycle?",
        "Most nominations I can take",
        "Organisations you work for, advise or own a share of",
        "How you are linked to it",
        "These are all the organisations I work for, advise or own a share of",
        "Save my statement",
        "Not confirmed",
    ):
        assert words in content, words
    assert 'name="interests-TOTAL_FORMS" value="3"' in content  # three empty rows
    assert 'name="available" value="yes"' in content and "checked" in content


@pytest.mark.django_db
def test_saving_and_confirming_keeps_the_rows_named_and_leaves_blank_ones_out(client, judge, cycle):
    client.force_login(judge.user)
    rows = [("Shanxi Coal Group", R.WORKS_FOR), ("", ""), ("  ", R.ADVISES), ("Taiyuan Fund", R.SHAREHOLDER)]

    response = client.post(page(cycle), post_data(rows, capacity="6", confirm="on"))

    assert response.status_code == 302 and response["Location"] == page(cycle)
    statement = CycleStatement.objects.get(judge=judge, cycle=cycle)
    assert (statement.available, statement.capacity) == (True, 6)
    assert statement.confirmed_at is not None
    assert interests_of(judge, cycle) == [("Shanxi Coal Group", R.WORKS_FOR), ("Taiyuan Fund", R.SHAREHOLDER)]
    assert messages_of(response) == [f"Your statement for {cycle.name} is saved and confirmed."]
    shown = client.get(page(cycle)).content.decode()
    assert "Confirmed" in shown and 'value="Taiyuan Fund"' in shown
    assert 'name="interests-TOTAL_FORMS" value="5"' in shown  # the two named, three empty


@pytest.mark.django_db
def test_a_double_submit_changes_nothing_more(client, judge, cycle):
    client.force_login(judge.user)
    data = post_data([("Datong Graphene", R.ADVISES)], confirm="on")

    client.post(page(cycle), data)
    first = CycleStatement.objects.get()
    client.post(page(cycle), data)

    again = CycleStatement.objects.get()
    assert again.confirmed_at == first.confirmed_at
    assert interests_of(judge, cycle) == [("Datong Graphene", R.ADVISES)]


@pytest.mark.django_db
def test_removing_a_row_needs_a_new_confirmation(client, judge, cycle):
    statement = CycleStatementFactory(judge=judge, cycle=cycle)
    for name in ("Datong Graphene", "Taiyuan Fund"):
        StandingInterest.objects.create(statement=statement, organisation=name, relation=R.ADVISES)
    client.force_login(judge.user)

    rows = [("Datong Graphene", R.ADVISES, True), ("Taiyuan Fund", R.ADVISES)]
    response = client.post(page(cycle), post_data(rows, initial=2))

    statement.refresh_from_db()
    assert statement.confirmed_at is None
    assert interests_of(judge, cycle) == [("Taiyuan Fund", R.ADVISES)]
    assert messages_of(response) == [f"Your interests changed: confirm them again before you score in {cycle.name}."]


@pytest.mark.django_db
def test_saving_without_the_confirmation_saves_but_does_not_confirm(client, judge, cycle):
    client.force_login(judge.user)

    response = client.post(page(cycle), post_data([("Datong Graphene", R.ADVISES)], available="no"))

    statement = CycleStatement.objects.get()
    assert (statement.available, statement.confirmed_at) == (False, None)
    assert messages_of(response) == [f"Saved, not confirmed yet: tick the confirmation to score in {cycle.name}."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "error"),
    [
        (post_data([("Datong Graphene", "")], confirm="on"), "Say how you are linked to this organisation."),
        (post_data([("Datong Graphene", "owner")], confirm="on"), "Select a valid choice."),
        (post_data(capacity="0"), "Ensure this value is greater than or equal to 1."),
        (post_data(capacity="many"), "Enter a whole number."),
        (post_data(available="maybe"), "Select a valid choice."),
        (post_data([(f"Company {n}", R.ADVISES) for n in range(31)]), "Name at most 30 organisations."),
        (post_data([(f"Company {n}", R.ADVISES) for n in range(51)]), "Please submit at most 50 forms."),
        ({"available": "yes"}, "ManagementForm data is missing or has been tampered with."),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(client, judge, cycle, data, error):
    client.force_login(judge.user)

    response = client.post(page(cycle), data)

    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert messages_of(response) == ["Not saved: correct what is marked below."]
    assert not CycleStatement.objects.exists()


@pytest.mark.django_db
def test_confirming_goes_back_to_the_page_that_asked_for_it_on_this_site_only(client, judge, cycle):
    client.force_login(judge.user)
    back = "/judging/assignments/7/"

    response = client.post(f"{page(cycle)}?next={back}", post_data(confirm="on"))
    assert response["Location"] == back

    elsewhere = client.post(f"{page(cycle)}?next=https://evil.example.com/", post_data(confirm="on"))
    assert elsewhere["Location"] == page(cycle)
    assert "evil.example.com" not in client.get(elsewhere["Location"]).content.decode()


@pytest.mark.django_db
def test_the_short_link_opens_the_current_cycle_s_statement(client, judge, cycle):
    client.force_login(judge.user)
    response = client.get(reverse("judging:expert_statement_current"))
    assert response["Location"] == page(cycle)


@pytest.mark.django_db
def test_the_short_link_without_a_cycle_is_a_404(client, judge):
    client.force_login(judge.user)
    assert client.get(reverse("judging:expert_statement_current")).status_code == 404


@pytest.mark.django_db
def test_an_announced_cycle_s_statement_is_read_only(client, judge):
    cycle = AwardCycleFactory(nominations_open=timezone.now() - timedelta(days=400))
    statement = CycleStatementFactory(judge=judge, cycle=cycle)
    StandingInterest.objects.create(statement=statement, organisation="Datong Graphene", relation=R.ADVISES)
    client.force_login(judge.user)

    content = client.get(page(cycle)).content.decode()
    response = client.post(page(cycle), post_data(confirm="on"))

    assert "its statement can no longer change" in content and "Save my statement" not in content
    assert "Datong Graphene (I advise it)" in content
    assert response.status_code == 302
    assert interests_of(judge, cycle) == [("Datong Graphene", R.ADVISES)]


@pytest.mark.django_db
def test_only_judges_and_only_existing_cycles(client, judge, cycle):
    assert client.get(page(cycle))["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(page(cycle)).status_code == 404
    assert client.post(page(cycle), post_data(confirm="on")).status_code == 404
    assert client.get(reverse("judging:expert_statement_current")).status_code == 404
    inactive = JudgeProfileFactory(active=False)
    client.force_login(inactive.user)
    assert client.get(page(cycle)).status_code == 404
    client.force_login(judge.user)
    assert client.get(reverse("judging:expert_statement", args=[cycle.pk + 100])).status_code == 404
    assert not CycleStatement.objects.exists()


@pytest.mark.django_db
def test_a_judge_sees_and_changes_only_their_own_statement(client, judge, cycle):
    other = CycleStatementFactory(cycle=cycle)
    StandingInterest.objects.create(statement=other, organisation="Someone Else's Firm", relation=R.ADVISES)
    client.force_login(judge.user)

    content = client.get(page(cycle)).content.decode()
    client.post(page(cycle), post_data([("Mine Ltd", R.WORKS_FOR)], confirm="on"))

    assert "Someone Else" not in content
    assert interests_of(other.judge, cycle) == [("Someone Else's Firm", R.ADVISES)]
    assert interests_of(judge, cycle) == [("Mine Ltd", R.WORKS_FOR)]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_the_page_takes_a_fixed_number_of_queries(client, judge, cycle, django_assert_num_queries, count):
    statement = CycleStatementFactory(judge=judge, cycle=cycle)
    for number in range(count):
        StandingInterest.objects.create(statement=statement, organisation=f"Company {number}", relation=R.ADVISES)
    client.force_login(judge.user)
    client.get(page(cycle))
    # The session, its user, the two-factor facts; the cycle, the judge, the statement and
    # its interests; the site's frame (the site, its settings, the home page).
    with django_assert_num_queries(STATEMENT_PAGE_QUERIES):
        assert client.get(page(cycle)).status_code == 200


STATEMENT_PAGE_QUERIES = 10
