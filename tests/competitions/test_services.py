from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from competitions import services
from competitions.models import (
    AttachmentType,
    Category,
    Criterion,
    Edition,
    EditionStatusChange,
    FormSection,
    IdentificationQuestion,
    Stage,
    StageExtension,
)
from competitions.timing import WIB, end_of_day_wib, start_of_day_wib
from tests.competitions.factories import (
    AnnouncementFactory,
    AttachmentTypeFactory,
    CategoryFactory,
    CriterionFactory,
    EditionDocumentFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    IdentificationQuestionFactory,
    StageFactory,
    full_schedule,
)

pytestmark = pytest.mark.django_db
K = Stage.Kind
Status = Edition.Status


def messages(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


# Status


@pytest.fixture
def ready_draft(secretariat):
    edition = EditionFactory(status=Status.DRAFT, year=2026)
    stages = full_schedule(edition)
    FormSectionFactory(group=GroupFactory(edition=edition))
    CategoryFactory(edition=edition)
    CriterionFactory(stage=stages[K.DESK_EVALUATION], weight=100)
    Stage.objects.filter(pk=stages[K.DESK_EVALUATION].pk).update(final_weight=100)
    return edition


def test_publishing_a_ready_draft_records_who_did_it(ready_draft, secretariat):
    change = services.change_edition_status(edition=ready_draft, to=Status.PUBLISHED, by=secretariat, note="Peluncuran")

    ready_draft.refresh_from_db()
    assert ready_draft.status == Status.PUBLISHED
    assert list(EditionStatusChange.objects.values_list("from_status", "to_status", "created_by", "note")) == [
        ("draft", "published", secretariat.pk, "Peluncuran")
    ]
    assert change.edition == ready_draft


def test_publishing_an_incomplete_draft_is_refused_with_the_reasons(secretariat):
    edition = EditionFactory(status=Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        services.change_edition_status(edition=edition, to=Status.PUBLISHED, by=secretariat)

    edition.refresh_from_db()
    assert edition.status == Status.DRAFT
    assert "Tambahkan paling sedikit satu kategori." in messages(error)
    assert not EditionStatusChange.objects.exists()


def test_archiving_waits_until_the_last_stage_has_closed(ready_draft, secretariat):
    services.change_edition_status(edition=ready_draft, to=Status.PUBLISHED, by=secretariat)
    last_end = ready_draft.stages.order_by("-ends_at").first().ends_at

    with pytest.raises(ValidationError) as error:
        services.change_edition_status(edition=ready_draft, to=Status.ARCHIVED, by=secretariat, now=last_end)
    services.change_edition_status(
        edition=ready_draft, to=Status.ARCHIVED, by=secretariat, now=last_end + timedelta(seconds=1)
    )

    ready_draft.refresh_from_db()
    assert messages(error) == ["Penyelenggaraan baru dapat diarsipkan setelah tahap terakhirnya ditutup."]
    assert ready_draft.status == Status.ARCHIVED
    assert list(ready_draft.status_changes.values_list("to_status", flat=True)) == ["published", "archived"]


def test_published_edition_returns_to_draft_only_before_it_starts(ready_draft, secretariat):
    services.change_edition_status(edition=ready_draft, to=Status.PUBLISHED, by=secretariat)
    first_start = ready_draft.stages.order_by("starts_at").first().starts_at

    services.change_edition_status(
        edition=ready_draft, to=Status.DRAFT, by=secretariat, now=first_start - timedelta(seconds=1)
    )
    services.change_edition_status(edition=ready_draft, to=Status.PUBLISHED, by=secretariat)
    with pytest.raises(ValidationError):
        services.change_edition_status(edition=ready_draft, to=Status.DRAFT, by=secretariat, now=first_start)

    ready_draft.refresh_from_db()
    assert ready_draft.status == Status.PUBLISHED


@pytest.mark.parametrize(("start", "to"), [("draft", "archived"), ("archived", "published"), ("archived", "draft")])
def test_other_status_moves_are_refused(secretariat, start, to):
    edition = EditionFactory(status=start)

    with pytest.raises(ValidationError) as error:
        services.change_edition_status(edition=edition, to=to, by=secretariat)

    edition.refresh_from_db()
    assert edition.status == start
    assert messages(error)[0].startswith("Status penyelenggaraan tidak dapat diubah dari")


# Extending a stage


@pytest.fixture
def entry_and_review():
    edition = EditionFactory()
    entry = StageFactory(
        edition=edition, kind=K.PROPOSAL_ENTRY, first_day=date(2026, 3, 16), last_day=date(2026, 4, 30)
    )
    review = StageFactory(
        edition=edition, kind=K.ADMIN_LOKAL_REVIEW, first_day=date(2026, 5, 8), last_day=date(2026, 5, 14)
    )
    screening = StageFactory(
        edition=edition, kind=K.ADMINISTRATIVE_SCREENING, first_day=date(2026, 5, 18), last_day=date(2026, 5, 29)
    )
    return entry, review, screening


def test_extending_entry_by_four_days_logs_the_reason(entry_and_review, secretariat):
    entry, _review, _screening = entry_and_review

    extension = services.extend_stage(
        stage=entry, new_end=end_of_day_wib(date(2026, 5, 4)), reason="Gangguan sistem", by=secretariat
    )

    entry.refresh_from_db()
    assert entry.ends_at == end_of_day_wib(date(2026, 5, 4))
    assert entry.is_open(datetime(2026, 5, 4, 23, 59, 59, tzinfo=WIB))
    assert not entry.is_open(datetime(2026, 5, 5, tzinfo=WIB))
    assert (extension.previous_ends_at, extension.ends_at, extension.reason, extension.created_by) == (
        end_of_day_wib(date(2026, 4, 30)),
        end_of_day_wib(date(2026, 5, 4)),
        "Gangguan sistem",
        secretariat,
    )
    assert entry.edition.entry_closes_at == end_of_day_wib(date(2026, 5, 4))


def test_extension_into_the_next_stage_is_refused_unless_later_stages_move(entry_and_review, secretariat):
    entry, _review, _screening = entry_and_review

    with pytest.raises(ValidationError) as error:
        services.extend_stage(stage=entry, new_end=end_of_day_wib(date(2026, 5, 8)), reason="Gangguan", by=secretariat)

    entry.refresh_from_db()
    assert entry.ends_at == end_of_day_wib(date(2026, 4, 30))
    assert messages(error) == [
        "Waktu berakhir baru melewati awal “Verifikasi Admin Lokal”, yang dimulai 8 Mei 2026, 00:00:00 WIB. "
        "Geser tahap-tahap berikutnya, atau pilih waktu berakhir yang lebih awal."
    ]
    assert not StageExtension.objects.exists()


def test_extension_may_end_the_second_before_the_next_stage(entry_and_review, secretariat):
    entry, review, _screening = entry_and_review

    services.extend_stage(stage=entry, new_end=end_of_day_wib(date(2026, 5, 7)), reason="Gangguan", by=secretariat)

    entry.refresh_from_db()
    assert entry.closes_at == review.starts_at


def test_shifting_moves_every_later_stage_by_the_same_amount_and_logs_each(entry_and_review, secretariat):
    entry, review, screening = entry_and_review

    extension = services.extend_stage(
        stage=entry, new_end=end_of_day_wib(date(2026, 5, 10)), reason="Gangguan", by=secretariat, shift_following=True
    )

    review.refresh_from_db()
    screening.refresh_from_db()
    assert (review.starts_at, review.ends_at) == (
        start_of_day_wib(date(2026, 5, 18)),
        end_of_day_wib(date(2026, 5, 24)),
    )
    assert (screening.starts_at, screening.ends_at) == (
        start_of_day_wib(date(2026, 5, 28)),
        end_of_day_wib(date(2026, 6, 8)),
    )
    assert sorted(extension.knock_on_moves.values_list("stage__kind", flat=True)) == [
        K.ADMIN_LOKAL_REVIEW,
        K.ADMINISTRATIVE_SCREENING,
    ]


@pytest.mark.parametrize("days", [0, -1])
def test_extension_cannot_shorten_or_keep_the_end(entry_and_review, secretariat, days):
    entry, _review, _screening = entry_and_review

    with pytest.raises(ValidationError) as error:
        services.extend_stage(
            stage=entry, new_end=end_of_day_wib(date(2026, 4, 30)) + timedelta(days=days), reason="x", by=secretariat
        )

    assert messages(error)[0].startswith("Waktu berakhir baru harus lebih lambat dari waktu berakhir saat ini")


def test_extension_needs_a_reason(entry_and_review, secretariat):
    entry, _review, _screening = entry_and_review

    with pytest.raises(ValidationError) as error:
        services.extend_stage(stage=entry, new_end=end_of_day_wib(date(2026, 5, 2)), reason="  ", by=secretariat)

    assert messages(error) == ["Tuliskan alasan perpanjangan; alasan ini ditampilkan kepada peserta."]


def test_archived_edition_cannot_be_extended(entry_and_review, secretariat):
    entry, _review, _screening = entry_and_review
    Edition.objects.filter(pk=entry.edition_id).update(status=Status.ARCHIVED)

    with pytest.raises(ValidationError):
        services.extend_stage(stage=entry, new_end=end_of_day_wib(date(2026, 5, 2)), reason="x", by=secretariat)


def test_extension_drops_microseconds_and_refuses_naive_times(entry_and_review, secretariat):
    entry, _review, _screening = entry_and_review

    with pytest.raises(ValueError):
        services.extend_stage(stage=entry, new_end=datetime(2026, 5, 2, 23, 59, 59), reason="x", by=secretariat)
    services.extend_stage(
        stage=entry, new_end=end_of_day_wib(date(2026, 5, 2)).replace(microsecond=500), reason="x", by=secretariat
    )

    entry.refresh_from_db()
    assert entry.ends_at == end_of_day_wib(date(2026, 5, 2))


# Cloning


@pytest.fixture
def edition_2025(secretariat):
    edition = EditionFactory(
        year=2025,
        name="Kompetisi Inovasi Pelayanan Publik (KIPP) 2025",
        short_name="KIPP 2025",
        slug="kipp-2025",
        theme="Tema 2025",
        legal_basis="Peraturan 2025",
    )
    stages = full_schedule(
        edition,
        [(date(2025, 2, 1), date(2025, 2, 28))]
        + [(date(2025, 3, 1), date(2025, 4, 30))]
        + [(date(2025, 5, d), date(2025, 5, d)) for d in range(1, 9)],
    )
    umum = GroupFactory(edition=edition, name="Kelompok Umum", quota_per_agency=10, minimum_age_years=2)
    replikasi = GroupFactory(edition=edition, name="Kelompok Replikasi", quota_per_agency=5)
    FormSectionFactory(group=umum, title="Ringkasan", word_limit=200)
    FormSectionFactory(group=replikasi, title="Inspirasi", word_limit=100)
    CategoryFactory(edition=edition, name="Pelayanan Kesehatan", name_en="Health Services")
    app = IdentificationQuestionFactory(edition=edition, key="aplikasi", kind="yes_no")
    IdentificationQuestionFactory(edition=edition, key="nama_aplikasi", shown_if=app)
    AttachmentTypeFactory(edition=edition, group=replikasi, name="Surat Pernyataan Replikasi")
    CriterionFactory(stage=stages[K.DESK_EVALUATION], group=umum, name="Kebaruan", weight=100)
    EditionDocumentFactory(edition=edition)
    AnnouncementFactory(edition=edition)
    services.extend_stage(
        stage=stages[K.FINAL_DECISION],
        new_end=end_of_day_wib(date(2025, 5, 9)),
        reason="x",
        by=secretariat,
        shift_following=True,
    )
    Edition.objects.filter(pk=edition.pk).update(status=Status.ARCHIVED)
    return edition


def test_clone_copies_the_structure_to_next_year_as_a_draft(edition_2025, secretariat):
    clone = services.clone_edition(edition=edition_2025, by=secretariat)

    assert (clone.year, clone.slug, clone.name, clone.short_name, clone.status) == (
        2026,
        "kipp-2026",
        "Kompetisi Inovasi Pelayanan Publik (KIPP) 2026",
        "KIPP 2026",
        Status.DRAFT,
    )
    assert clone.cloned_from == edition_2025
    assert (clone.theme, clone.legal_basis) == ("", "")
    assert list(clone.groups.values_list("name", "quota_per_agency", "minimum_age_years")) == [
        ("Kelompok Umum", 10, 2),
        ("Kelompok Replikasi", 5, 1),
    ]
    assert list(FormSection.objects.filter(edition=clone).values_list("group__name", "title", "word_limit")) == [
        ("Kelompok Umum", "Ringkasan", 200),
        ("Kelompok Replikasi", "Inspirasi", 100),
    ]
    assert list(Category.objects.filter(edition=clone).values_list("name", "name_en")) == [
        ("Pelayanan Kesehatan", "Health Services")
    ]
    assert list(AttachmentType.objects.filter(edition=clone).values_list("group__name", flat=True)) == [
        "Kelompok Replikasi"
    ]
    criterion = Criterion.objects.get(edition=clone)
    assert (criterion.stage.edition, criterion.stage.kind, criterion.group.edition) == (clone, K.DESK_EVALUATION, clone)


def test_clone_moves_stages_by_a_year_at_the_same_wib_time(edition_2025, secretariat):
    clone = services.clone_edition(edition=edition_2025, by=secretariat)

    entry = clone.stages.get(kind=K.PROPOSAL_ENTRY)
    decision = clone.stages.get(kind=K.FINAL_DECISION)
    assert (entry.starts_at, entry.ends_at) == (start_of_day_wib(date(2026, 3, 1)), end_of_day_wib(date(2026, 4, 30)))
    # The 2025 decision stage had been extended to 9 May; the copy starts from where it ended up.
    assert decision.ends_at == end_of_day_wib(date(2026, 5, 9))


def test_clone_keeps_conditions_between_questions_within_the_copy(edition_2025, secretariat):
    clone = services.clone_edition(edition=edition_2025, by=secretariat)

    child = IdentificationQuestion.objects.get(edition=clone, key="nama_aplikasi")
    assert child.shown_if.edition == clone
    assert child.shown_if.key == "aplikasi"


def test_clone_leaves_out_what_belongs_to_one_year(edition_2025, secretariat):
    clone = services.clone_edition(edition=edition_2025, by=secretariat)

    assert not clone.documents.exists()
    assert not clone.announcements.exists()
    assert not clone.status_changes.exists()
    assert not StageExtension.objects.filter(stage__edition=clone).exists()
    assert edition_2025.stages.count() == clone.stages.count() == 10


def test_clone_leaves_the_source_untouched(edition_2025, secretariat):
    before = list(FormSection.objects.filter(edition=edition_2025).values_list("pk", "group_id", "title"))

    services.clone_edition(edition=edition_2025, by=secretariat)

    assert list(FormSection.objects.filter(edition=edition_2025).values_list("pk", "group_id", "title")) == before


def test_clone_refuses_a_taken_web_address(edition_2025, secretariat):
    services.clone_edition(edition=edition_2025, by=secretariat)

    with pytest.raises(ValidationError) as error:
        services.clone_edition(edition=edition_2025, by=secretariat)

    assert messages(error) == ["Sudah ada penyelenggaraan di /kompetisi/kipp-2026/; pilih alamat web lain."]
    assert Edition.objects.filter(year=2026).count() == 1


def test_clone_of_a_29_february_deadline_lands_on_28_february(secretariat):
    edition = EditionFactory(year=2024, slug="kipp-2024")
    StageFactory(edition=edition, first_day=date(2024, 2, 1), last_day=date(2024, 2, 29))

    clone = services.clone_edition(edition=edition, by=secretariat)

    assert clone.entry_closes_at == end_of_day_wib(date(2025, 2, 28))


def test_clone_to_another_year_and_address(edition_2025, secretariat):
    clone = services.clone_edition(edition=edition_2025, by=secretariat, year=2027, slug="kipp-jatim-2027")

    assert (clone.year, clone.slug) == (2027, "kipp-jatim-2027")
    assert clone.stages.get(kind=K.PROPOSAL_ENTRY).starts_at == start_of_day_wib(date(2027, 3, 1))
