"""Rules across rows of an edition: schedule, criterion weights, final-score shares, readiness, deletion."""

from datetime import date, datetime

import pytest

from competitions.models import Group, Stage
from competitions.timing import WIB
from competitions.validation import (
    criteria_weight_errors,
    deletion_problem,
    edition_problems,
    final_weight_errors,
    schedule_errors,
)
from tests.competitions.factories import (
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    StageFactory,
    full_schedule,
)

K = Stage.Kind


def stage(kind, starts, ends, final_weight=0) -> Stage:
    return Stage(
        kind=kind,
        starts_at=datetime(*starts, tzinfo=WIB),
        ends_at=datetime(*ends, tzinfo=WIB),
        final_weight=final_weight,
    )


def test_back_to_back_stages_at_midnight_wib_are_fine():
    stages = [
        stage(K.PROPOSAL_ENTRY, (2026, 3, 16), (2026, 4, 30, 23, 59, 59)),
        stage(K.ADMIN_LOKAL_REVIEW, (2026, 5, 1, 0, 0, 0), (2026, 5, 7, 23, 59, 59)),
    ]

    assert schedule_errors(stages) == []


def test_a_stage_starting_in_the_last_second_of_the_previous_one_overlaps():
    stages = [
        stage(K.PROPOSAL_ENTRY, (2026, 3, 16), (2026, 4, 30, 23, 59, 59)),
        stage(K.ADMIN_LOKAL_REVIEW, (2026, 4, 30, 23, 59, 59), (2026, 5, 7, 23, 59, 59)),
    ]

    assert schedule_errors(stages) == [
        "“Pengisian proposal” (hingga 30 April 2026, 23:59:59 WIB) dan “Verifikasi Admin Lokal” "
        "(mulai 30 April 2026, 23:59:59 WIB) tumpang tindih; suatu tahap paling cepat dimulai satu detik "
        "setelah tahap sebelumnya berakhir."
    ]


def test_reversed_stage_is_reported():
    stages = [stage(K.PROPOSAL_ENTRY, (2026, 4, 30), (2026, 3, 16))]

    assert schedule_errors(stages) == ["“Pengisian proposal” berakhir sebelum dimulai."]


def test_stages_out_of_the_competition_order_are_reported():
    stages = [
        stage(K.DESK_EVALUATION, (2026, 3, 1), (2026, 3, 31, 23, 59, 59)),
        stage(K.ADMINISTRATIVE_SCREENING, (2026, 4, 1), (2026, 4, 15, 23, 59, 59)),
    ]

    assert schedule_errors(stages) == ["“Evaluasi proposal” harus dilaksanakan setelah “Seleksi administrasi”."]


def test_the_same_stage_twice_is_reported():
    stages = [
        stage(K.PROPOSAL_ENTRY, (2026, 3, 1), (2026, 3, 31, 23, 59, 59)),
        stage(K.PROPOSAL_ENTRY, (2026, 4, 1), (2026, 4, 15, 23, 59, 59)),
    ]

    assert "“Pengisian proposal” tercantum lebih dari sekali." in schedule_errors(stages)


def test_incomplete_rows_are_left_to_their_own_form_errors():
    assert schedule_errors([Stage(kind=K.PROPOSAL_ENTRY, starts_at=None, ends_at=None)]) == []


def test_final_score_shares_must_add_up_to_100_when_set():
    desk = stage(K.DESK_EVALUATION, (2026, 5, 1), (2026, 5, 31), final_weight=70)
    interview = stage(K.PRESENTATION, (2026, 7, 1), (2026, 7, 31), final_weight=20)

    assert final_weight_errors([desk, interview]) == ["Jumlah porsi nilai akhir adalah 90%; jumlahnya harus 100%."]
    interview.final_weight = 30
    assert final_weight_errors([desk, interview]) == []
    assert final_weight_errors([stage(K.DESK_EVALUATION, (2026, 5, 1), (2026, 5, 31))]) == []


@pytest.mark.django_db
def test_criteria_for_every_group_must_weigh_100_in_a_stage():
    desk = StageFactory(kind=K.DESK_EVALUATION)
    criteria = [CriterionFactory.build(stage=desk, weight=weight) for weight in (25, 20, 25, 15, 10)]

    errors = criteria_weight_errors(criteria, groups=[])

    assert errors == ["Total bobot kriteria “Evaluasi proposal” adalah 95; totalnya harus 100."]


@pytest.mark.django_db
def test_group_specific_criteria_add_to_the_common_ones_per_group():
    desk = StageFactory(kind=K.DESK_EVALUATION)
    umum = GroupFactory(edition=desk.edition, name="Kelompok Umum")
    replikasi = GroupFactory(edition=desk.edition, name="Kelompok Replikasi", kind=Group.Kind.REPLIKASI)
    khusus = GroupFactory(edition=desk.edition, name="Kelompok Khusus", kind=Group.Kind.KHUSUS)
    criteria = [
        CriterionFactory.build(stage=desk, weight=60),
        CriterionFactory.build(stage=desk, group=umum, weight=40),
        CriterionFactory.build(stage=desk, group=replikasi, weight=30),
    ]

    errors = criteria_weight_errors(criteria, groups=[umum, replikasi, khusus])

    assert errors == [
        "Total bobot kriteria “Evaluasi proposal” untuk “Kelompok Replikasi” adalah 90; totalnya harus 100.",
        "Total bobot kriteria “Evaluasi proposal” untuk “Kelompok Khusus” adalah 60; totalnya harus 100.",
    ]


@pytest.mark.django_db
def test_a_stage_may_score_only_some_groups():
    interview = StageFactory(kind=K.PRESENTATION)
    umum = GroupFactory(edition=interview.edition)
    khusus = GroupFactory(edition=interview.edition, kind=Group.Kind.KHUSUS)

    errors = criteria_weight_errors([CriterionFactory.build(stage=interview, group=khusus, weight=100)], [umum, khusus])

    assert errors == []


@pytest.fixture
def ready_edition(db):
    """An edition with everything publishing needs."""
    edition = EditionFactory(status="draft")
    stages = full_schedule(edition)
    group = GroupFactory(edition=edition)
    FormSectionFactory(group=group)
    CategoryFactory(edition=edition)
    CriterionFactory(stage=stages[K.DESK_EVALUATION], weight=100)
    Stage.objects.filter(pk=stages[K.DESK_EVALUATION].pk).update(final_weight=100)
    return edition


def test_a_complete_edition_has_no_problems(ready_edition):
    assert edition_problems(ready_edition) == []


def test_an_empty_edition_lists_everything_it_lacks(db):
    problems = edition_problems(EditionFactory(status="draft"))

    assert problems == [
        "Tambahkan tahap pengisian proposal: tahap ini menentukan kapan instansi dapat mengisi proposal.",
        "Tambahkan paling sedikit satu kelompok (misalnya Kelompok Umum).",
        "Tambahkan paling sedikit satu kategori.",
    ]


def test_readiness_needs_sections_weights_and_final_shares(ready_edition):
    group = GroupFactory(edition=ready_edition, name="Kelompok Replikasi")
    Stage.objects.filter(edition=ready_edition).update(final_weight=0)
    Stage.objects.filter(edition=ready_edition, kind=K.PRESENTATION).update(final_weight=100)

    problems = edition_problems(ready_edition)

    assert problems == [
        f"“{group.name}” belum memiliki bagian formulir.",
        "“Presentasi dan wawancara” dihitung dalam nilai akhir tetapi belum memiliki kriteria.",
    ]


def test_readiness_asks_for_final_shares_once_criteria_exist(ready_edition):
    Stage.objects.filter(edition=ready_edition).update(final_weight=0)

    assert edition_problems(ready_edition) == [
        "Tetapkan porsi setiap tahap penilaian dalam nilai akhir, misalnya 70 untuk evaluasi proposal dan 30 "
        "untuk wawancara."
    ]


# Deleting what proposals refer to. `answer_model` stands in for the submissions app's table.


def test_section_without_answers_may_be_deleted(answer_model):
    section = FormSectionFactory(title="Ringkasan")

    assert deletion_problem(section) is None


def test_section_with_answers_cannot_be_deleted_and_says_why(answer_model):
    section = FormSectionFactory(title="Ringkasan")
    category = CategoryFactory(edition=section.edition)
    answer_model.objects.create(section=section, category=category)
    answer_model.objects.create(section=section, category=category)

    problem = deletion_problem(section)

    assert problem == (
        "“Ringkasan” tidak dapat dihapus: 2 proposal answers merujuk kepadanya. Proposal tetap memakai formulir "
        "saat proposal itu ditulis; ubahlah formulir untuk tahun berikutnya."
    )


def test_category_and_group_with_answers_cannot_be_deleted(answer_model):
    section = FormSectionFactory(title="Ringkasan")
    category = CategoryFactory(edition=section.edition, name="Pelayanan Kesehatan")
    answer_model.objects.create(section=section, category=category)

    assert deletion_problem(category).startswith("“Pelayanan Kesehatan” tidak dapat dihapus: 1 proposal answer merujuk")
    assert deletion_problem(section.group) is not None
    assert deletion_problem(section.edition) is not None


@pytest.mark.django_db
def test_question_others_depend_on_cannot_be_deleted():
    from tests.competitions.factories import IdentificationQuestionFactory

    parent = IdentificationQuestionFactory(kind="yes_no", label="Apakah inovasi berbasis aplikasi?")
    IdentificationQuestionFactory(edition=parent.edition, shown_if=parent)

    assert deletion_problem(parent) == (
        "“Apakah inovasi berbasis aplikasi?” tidak dapat dihapus: 1 pertanyaan identitas merujuk kepadanya."
    )


@pytest.mark.django_db
def test_stage_boundary_example_from_the_guidelines_is_accepted():
    edition = EditionFactory()
    StageFactory(edition=edition, kind=K.PROPOSAL_ENTRY, first_day=date(2026, 3, 16), last_day=date(2026, 4, 30))
    StageFactory(edition=edition, kind=K.ADMIN_LOKAL_REVIEW, first_day=date(2026, 5, 1), last_day=date(2026, 5, 7))

    assert schedule_errors(edition.stages.all()) == []
