"""Every factory of the test suite (a factory defined elsewhere fails tests/test_layout.py),
and the set-up steps that move what they build: translate_page, advance."""

from datetime import timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.mfa import activate_totp
from accounts.models import User
from judging.experts.tokens import expiry, new_token
from judging.models import (
    Assignment,
    AwardLevel,
    Criterion,
    CycleStatement,
    ExpertInvitation,
    JudgeProfile,
    Panel,
    Round,
    RoundKind,
)
from nominations.models import (
    AwardCycle,
    CallIndexPage,
    CallPage,
    Category,
    Nomination,
    NomineeType,
    Region,
    Relation,
    Stage,
)

# Every test user's password (UserFactory), for tests that sign in through the forms.
PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.net")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AwardCycleFactory(factory.django.DjangoModelFactory):
    """A cycle whose nominations opened ten days ago and close in twenty."""

    class Meta:
        model = AwardCycle

    year = factory.Sequence(lambda n: 2000 + n)
    name = factory.LazyAttribute(lambda o: f"{o.year} Innovation Awards")
    slug = factory.LazyAttribute(lambda o: f"{o.year}-innovation-awards")
    nominations_open = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    nominations_close = factory.LazyAttribute(lambda o: o.nominations_open + timedelta(days=30))
    judging_open = factory.LazyAttribute(lambda o: o.nominations_close + timedelta(days=5))
    judging_close = factory.LazyAttribute(lambda o: o.judging_open + timedelta(days=30))
    announcement_at = factory.LazyAttribute(lambda o: o.judging_close + timedelta(days=14))


class CallIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CallIndexPage

    title = "Calls"
    slug = "calls"


class CallPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CallPage

    cycle = factory.SubFactory(AwardCycleFactory)
    category = factory.LazyFunction(lambda: Category.objects.get(code="TEC"))
    title = factory.LazyAttribute(lambda o: f"{o.category.name} {o.cycle.year}")
    slug = factory.LazyAttribute(lambda o: f"{o.cycle.year}-{o.category.slug}")
    opens_at = factory.LazyAttribute(lambda o: o.cycle.nominations_open)
    closes_at = factory.LazyAttribute(lambda o: o.cycle.nominations_close)
    intro = "Nominate an innovator."


class NominationFactory(factory.django.DjangoModelFactory):
    """A complete draft: every required answer filled in, ready to submit."""

    class Meta:
        model = Nomination

    call = factory.SubFactory(CallPageFactory)
    nominator = factory.SubFactory(UserFactory)
    nominee_type = NomineeType.ENTERPRISE
    nominee_name = factory.Sequence(lambda n: f"Nominee Company {n}")
    nominee_organisation = "Datong Advanced Materials Ltd"
    nominee_email = factory.Sequence(lambda n: f"nominee{n}@nominee.example.com")
    nominee_phone = "+86 352 000 0000"
    region = Region.DATONG
    title = factory.Sequence(lambda n: f"Graphene coating {n}")
    summary = "A coating that halves corrosion on coal-mine equipment."
    description = "What it is and how it works."
    novelty = "The first coating of its kind made in the province."
    results = "Maintenance costs down 40% in two mines."
    stage = Stage.IN_MARKET
    evidence = "Test reports from the provincial lab."
    relation = Relation.COLLEAGUE
    declaration_true = True
    consent_processing = True
    consent_public_name = True
    # The nominee's own answer (nominations.consent), as the nominator ticked, unless a test says otherwise.
    nominee_publication_consent = factory.SelfAttribute("consent_public_name")


# Judging --------------------------------------------------------------------------------


class JudgeProfileFactory(factory.django.DjangoModelFactory):
    """An active judge with expertise in new technologies, in the Judges group."""

    class Meta:
        model = JudgeProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"judge{n}@university{n}.example.edu"))
    organisation = factory.Sequence(lambda n: f"University {n}")
    title = "Professor"

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create:
            self.expertise.set(extracted if extracted is not None else [Category.objects.get(code="TEC")])
            self.user.groups.add(Group.objects.get(name="Judges"))
            activate_totp(self.user)  # judges need two factors for the judging pages


class RoundFactory(factory.django.DjangoModelFactory):
    """Round 1 (shortlisting), open now, three judges per nomination, blind, with a
    three-criterion rubric."""

    class Meta:
        model = Round
        skip_postgeneration_save = True

    cycle = factory.SubFactory(AwardCycleFactory)
    number = 1
    # Round 2 is a final round unless a test says otherwise, as it was before stages.
    stage = factory.LazyAttribute(lambda o: RoundKind.FINAL if o.number == 2 else RoundKind.SHORTLISTING)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    judges_per_nomination = 3
    blind = True

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        specs = (
            extracted if extracted is not None else [("Novelty", 2, 0, 10), ("Impact", 1, 0, 10), ("Maturity", 1, 1, 5)]
        )
        for order, (name, weight, low, high) in enumerate(specs):
            Criterion.objects.create(
                round=self,
                name=name,
                weight=weight,
                scale_min=low,
                scale_max=high,
                sort_order=order,
                guidance=f"How strong is the {name.lower()}?",
            )


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel
        skip_postgeneration_save = True

    cycle = factory.SubFactory(AwardCycleFactory)
    category = factory.LazyFunction(lambda: Category.objects.get(code="TEC"))

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class AwardLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardLevel

    cycle = factory.SubFactory(AwardCycleFactory)
    name = "First prize"
    rank = 1


# Set-up steps ---------------------------------------------------------------------------


def translate_page(page, language_code="zh-hans", **fields):
    """The page in another language, published with the given fields: Wagtail's copy for
    translation (sharing the translation key), or the translation that already exists. The
    parent must have its translation first (the home page's goes beside it, under the root)."""
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code=language_code)
    translation = page.get_translation_or_none(locale) or page.specific.copy_for_translation(locale)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def advance(nomination, *steps, by=None):
    """Moves a nomination through transitions (as the services would), for test set-up.

    steps are transition names, e.g. advance(n, "submit", "accept")."""
    from nominations.services import next_reference

    for name in steps:
        getattr(nomination, name)(by=by)
        if name == "submit" and not nomination.reference:
            nomination.reference = next_reference(cycle=nomination.call.cycle, category=nomination.call.category)
        nomination.save()
    return nomination


class ExpertInvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation to the expert pool. Its link's token (only the digest is
    stored) is left on the instance as `.token`."""

    class Meta:
        model = ExpertInvitation
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"expert{n}@institute{n}.example.edu")
    name = factory.Sequence(lambda n: f"Expert {n}")
    language = "zh-hans"
    expires_at = factory.LazyFunction(expiry)
    send_count = 1
    sent_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token, digest = new_token()
        kwargs.setdefault("token_hash", digest)
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.token = token
        return invitation


class CycleStatementFactory(factory.django.DjangoModelFactory):
    """A judge's statement for a cycle: available, no limit, no standing interests,
    confirmed (judging.experts.statements)."""

    class Meta:
        model = CycleStatement

    judge = factory.SubFactory(JudgeProfileFactory)
    cycle = factory.SubFactory(AwardCycleFactory)
    confirmed_at = factory.LazyFunction(timezone.now)


def confirmed_statement(judge, cycle):
    """The judge's statement for the cycle, confirmed unless it exists already (then as it
    is): what a judge needs before scoring (judging.views.statement_gate)."""
    statement, _created = CycleStatement.objects.get_or_create(
        judge=judge, cycle=cycle, defaults={"confirmed_at": timezone.now()}
    )
    return statement


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment (pass its nomination). Its judge has a confirmed statement for the
    round's cycle, as scoring needs, unless `statement=False` (the gate's own tests)."""

    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    judge = factory.SubFactory(JudgeProfileFactory)

    @factory.post_generation
    def statement(self, create, extracted, **kwargs):
        if create and extracted is not False:
            confirmed_statement(self.judge, self.round.cycle)
