from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from competitions.models import (
    Category,
    Criterion,
    Edition,
    FormSection,
    Group,
    IdentificationQuestion,
    Sdg,
    Stage,
    StageExtension,
)
from competitions.validation import edition_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", verbosity=0)


def test_the_17_sdgs_are_loaded_in_both_languages():
    goals = list(Sdg.objects.values_list("number", "name", "name_en"))

    assert len(goals) == 17
    assert goals[0] == (1, "Tanpa Kemiskinan", "No Poverty")
    assert goals[-1] == (17, "Kemitraan untuk Mencapai Tujuan", "Partnerships for the Goals")


def test_demo_2023_is_archived_with_the_2023_umum_form(seeded):
    edition = Edition.objects.get(slug="kipp-2023")

    umum = FormSection.objects.filter(group__edition=edition, group__kind=Group.Kind.UMUM)
    assert edition.status == Edition.Status.ARCHIVED
    assert list(umum.values_list("title", "word_limit")) == [
        ("Ringkasan", 200),
        ("Latar Belakang dan Tujuan", 300),
        ("Kebaruan/Nilai Tambah", 200),
        ("Implementasi", 200),
        ("Signifikansi", 600),
        ("Adaptabilitas: Replikasi yang Sudah Dilakukan", 100),
        ("Adaptabilitas: Potensi Replikasi", 200),
        ("Sumber Daya", 200),
        ("Strategi Keberlanjutan", 500),
    ]
    assert list(
        FormSection.objects.filter(group__edition=edition, group__kind=Group.Kind.REPLIKASI)
        .filter(title__in=["Inspirasi", "Proses Replikasi", "Faktor Pembeda"])
        .values_list("word_limit", flat=True)
    ) == [100, 200, 100]
    assert list(
        FormSection.objects.filter(group__edition=edition, group__kind=Group.Kind.KHUSUS).values_list(
            "title", "word_limit"
        )
    ) == [("Pembaruan", 200), ("Adaptabilitas", 200), ("Penguatan Keberlanjutan", 300), ("Evaluasi", 300)]
    assert Category.objects.filter(edition=edition).count() == 11
    assert set(
        Criterion.objects.filter(stage__edition=edition, stage__kind=Stage.Kind.DESK_EVALUATION).values_list(
            "name", flat=True
        )
    ) == {"Kebaruan", "Efektif", "Bermanfaat", "Dapat Direplikasi", "Berkelanjutan"}
    assert edition_problems(edition) == []


def test_demo_2023_went_through_publication_extension_and_archiving(seeded):
    edition = Edition.objects.get(slug="kipp-2023")

    assert list(edition.status_changes.values_list("to_status", flat=True)) == ["published", "archived"]
    extension = StageExtension.objects.get(stage__edition=edition)
    assert extension.stage.kind == Stage.Kind.PROPOSAL_ENTRY
    assert (extension.ends_at - extension.previous_ends_at).days == 4


def test_demo_has_an_edition_open_for_proposals_now(seeded):
    now = timezone.now()
    edition = Edition.objects.get(slug=f"kipp-{now.year}")

    assert edition.status == Edition.Status.PUBLISHED
    assert edition.is_entry_open(now)
    remaining = edition.entry_closes_at - now
    assert 20 <= remaining.days <= 21
    assert IdentificationQuestion.objects.get(edition=edition, key="nama_aplikasi").shown_if.key == "aplikasi"
    assert edition.documents.count() == 2


def test_demo_is_idempotent_and_keeps_entry_open(seeded):
    counts = [model.objects.count() for model in (Edition, Stage, FormSection, Criterion, StageExtension)]
    Stage.objects.filter(edition__status="published", kind=Stage.Kind.PROPOSAL_ENTRY).update(
        starts_at=timezone.now() - timedelta(days=400), ends_at=timezone.now() - timedelta(days=399)
    )

    call_command("seed_demo", verbosity=0)

    assert [model.objects.count() for model in (Edition, Stage, FormSection, Criterion, StageExtension)] == counts
    assert Edition.objects.get(status="published").is_entry_open()
