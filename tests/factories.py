from datetime import timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress

from django.utils import timezone

from accounts.models import User
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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.net")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

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
