from datetime import timedelta

import factory
import wagtail_factories
from allauth.account.models import EmailAddress

from django.utils import timezone

from accounts.models import User
from nominations.models import AwardCycle, CallIndexPage, CallPage, Category


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
