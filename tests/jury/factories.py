from datetime import timedelta

import factory
from django.utils import timezone

from competitions.models import Stage
from jury.models import Assignment, JurorProfile, Panel, PanelMember, Review, Round
from tests import factories as base
from tests.competitions.factories import EditionFactory, StageFactory


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    edition = factory.SubFactory(EditionFactory)
    stage = factory.SubFactory(
        StageFactory, edition=factory.SelfAttribute("..edition"), kind=Stage.Kind.DESK_EVALUATION
    )
    name = factory.Sequence(lambda n: f"Tim Evaluasi {n}")


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(PanelFactory)
    user = factory.SubFactory(base.UserFactory)


class RoundFactory(factory.django.DjangoModelFactory):
    """A round open from yesterday until a week from now."""

    class Meta:
        model = Round

    panel = factory.SubFactory(PanelFactory)
    name = factory.Sequence(lambda n: f"Penilaian Desk {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=7))
    reviewers_per_proposal = 2


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(RoundFactory)
    juror = factory.SubFactory(base.UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    round = factory.SubFactory(RoundFactory)
    juror = factory.SubFactory(base.UserFactory)


class JurorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JurorProfile

    user = factory.SubFactory(base.UserFactory)
