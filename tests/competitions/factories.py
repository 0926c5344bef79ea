"""Factories for competitions. An edition's stages are built from WIB dates, as organisers set them."""

from datetime import date

import factory

from competitions.models import (
    Announcement,
    AttachmentType,
    Category,
    Criterion,
    Edition,
    EditionDocument,
    FormSection,
    Group,
    IdentificationQuestion,
    Stage,
)
from competitions.timing import end_of_day_wib, start_of_day_wib
from tests.factories import OrganiserFactory


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    organiser = factory.SubFactory(OrganiserFactory)
    year = 2026
    name = factory.LazyAttribute(lambda edition: f"Kompetisi Inovasi Pelayanan Publik {edition.year}")
    short_name = factory.LazyAttribute(lambda edition: f"KIPP {edition.year}")
    slug = factory.Sequence(lambda n: f"kipp-{n}")
    status = Edition.Status.PUBLISHED


class StageFactory(factory.django.DjangoModelFactory):
    """A stage from 00:00:00 WIB on `first_day` to 23:59:59 WIB on `last_day`."""

    class Meta:
        model = Stage
        exclude = ["first_day", "last_day"]

    edition = factory.SubFactory(EditionFactory)
    kind = Stage.Kind.PROPOSAL_ENTRY
    first_day = date(2026, 3, 16)
    last_day = date(2026, 4, 30)
    starts_at = factory.LazyAttribute(lambda stage: start_of_day_wib(stage.first_day))
    ends_at = factory.LazyAttribute(lambda stage: end_of_day_wib(stage.last_day))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    edition = factory.SubFactory(EditionFactory)
    kind = Group.Kind.UMUM
    name = factory.Sequence(lambda n: f"Kelompok {n}")
    quota_per_agency = 10
    minimum_age_years = 1


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")


class FormSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormSection

    group = factory.SubFactory(GroupFactory)
    edition = factory.SelfAttribute("group.edition")
    title = factory.Sequence(lambda n: f"Bagian {n}")
    word_limit = 200


class IdentificationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentificationQuestion

    edition = factory.SubFactory(EditionFactory)
    key = factory.Sequence(lambda n: f"pertanyaan_{n}")
    label = factory.Sequence(lambda n: f"Pertanyaan {n}")
    kind = IdentificationQuestion.Kind.SHORT_TEXT


class AttachmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttachmentType

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Lampiran {n}")
    allowed_extensions = "pdf"
    max_size_kb = 2048


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    stage = factory.SubFactory(StageFactory, kind=Stage.Kind.DESK_EVALUATION)
    edition = factory.SelfAttribute("stage.edition")
    name = factory.Sequence(lambda n: f"Kriteria {n}")
    weight = 100


class EditionDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionDocument

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Petunjuk Teknis {n}")
    file = factory.django.FileField(filename="petunjuk.pdf", data=b"%PDF-1.4 petunjuk teknis")


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    edition = factory.SubFactory(EditionFactory)
    number = factory.Sequence(lambda n: f"B/{n}/PP.00.05/2026")
    title = factory.Sequence(lambda n: f"Pengumuman {n}")
    body = "Isi pengumuman."


def full_schedule(edition: Edition, days: list[tuple[date, date]] | None = None) -> dict[str, Stage]:
    """All ten stages of `edition` in order, one after another (by default from 2 March 2026)."""
    if days is None:
        start = date(2026, 3, 2)
        days = [
            (date.fromordinal(start.toordinal() + 10 * i), date.fromordinal(start.toordinal() + 10 * i + 9))
            for i in range(10)
        ]
    return {
        kind: StageFactory(edition=edition, kind=kind, first_day=first, last_day=last)
        for kind, (first, last) in zip(Stage.Kind.values, days, strict=True)
    }
