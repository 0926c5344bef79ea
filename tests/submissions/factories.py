import factory

from submissions.models import Answer, Award, Innovation, Proposal
from tests import factories as base
from tests.competitions.factories import GroupFactory


class InnovationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Innovation

    unit = factory.SubFactory(base.UnitFactory)
    agency = factory.SelfAttribute("unit.agency")
    title = factory.Sequence(lambda n: f"Layanan Inovasi {n}")
    started_on = factory.Faker("date_between", start_date="-6y", end_date="-3y")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    innovation = factory.SubFactory(InnovationFactory)
    group = factory.SubFactory(GroupFactory)
    edition = factory.SelfAttribute("group.edition")
    title = factory.SelfAttribute("innovation.title")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    proposal = factory.SubFactory(ProposalFactory)
    text = "Teks jawaban."


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    innovation = factory.SubFactory(InnovationFactory)
    year = 2023
    tier = Award.Tier.TOP_99
