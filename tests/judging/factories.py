from datetime import timedelta

import factory

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.mfa import activate_totp
from judging.models import AwardLevel, Criterion, JudgeProfile, Panel, RankingSignOff, Round, RoundKind
from nominations.models import Category
from tests.factories import AwardCycleFactory, UserFactory


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


def ready_for_decisions(cycle, category, user, numbers=(1, 2)):
    """The cycle's rounds (made if missing), closed, with their ranking in `category`
    signed off by `user`: decisions may be taken (judging.decisions.decide)."""
    rounds = []
    for number in numbers:
        round_ = Round.objects.filter(cycle=cycle, number=number).first() or RoundFactory(cycle=cycle, number=number)
        Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now())
        round_.refresh_from_db()
        RankingSignOff.objects.get_or_create(
            round=round_, category=category, defaults={"signed_by": user, "method": "raw"}
        )
        rounds.append(round_)
    return rounds
