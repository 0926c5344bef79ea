"""Answers checked against an edition's form, before any proposal model exists."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from competitions.forms_definition import (
    DRAFT_MAX_CHARACTERS,
    FormDefinition,
    count_words,
    upload_problems,
    validate_answers,
    validate_attachment_counts,
    validate_identification,
    validate_upload,
)
from competitions.models import IdentificationQuestion
from tests.competitions.factories import (
    AttachmentTypeFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    IdentificationQuestionFactory,
)

WORD_COUNT_CASES = json.loads((Path(__file__).parent / "word_count_cases.json").read_text(encoding="utf-8"))
Kind = IdentificationQuestion.Kind


@pytest.mark.parametrize(("text", "words"), WORD_COUNT_CASES)
def test_count_words_counts_runs_of_non_white_space(text, words):
    assert count_words(text) == words


def test_count_words_of_nothing_is_zero():
    assert count_words(None) == 0


def test_count_words_of_a_long_answer():
    text = " ".join(["inovasi"] * 600) + "\n"

    assert count_words(text) == 600


@pytest.fixture
def form(db):
    """Kelompok Umum of a 2026 edition: two required sections (5 and 200 words), one optional."""
    group = GroupFactory(edition=EditionFactory(year=2026), name="Kelompok Umum")
    FormSectionFactory(group=group, title="Ringkasan", word_limit=5, order=1)
    FormSectionFactory(group=group, title="Latar Belakang dan Tujuan", word_limit=200, order=2)
    FormSectionFactory(group=group, title="Catatan", word_limit=50, order=3, required=False)
    return FormDefinition.for_group(group)


def sections(form):
    summary, background, note = form.sections
    return summary, background, note


def test_form_definition_loads_in_three_queries_in_order(form, django_assert_num_queries):
    with django_assert_num_queries(3):
        loaded = FormDefinition.for_group(form.group)

    assert [section.title for section in loaded.sections] == ["Ringkasan", "Latar Belakang dan Tujuan", "Catatan"]


def test_submission_with_every_required_section_within_its_limit_is_valid(form):
    summary, background, _note = sections(form)

    errors = validate_answers(
        form=form,
        answers={summary.pk: "satu dua tiga empat lima", background.pk: "Latar belakang."},
        for_submission=True,
    )

    assert errors == {}


def test_submission_refuses_one_word_over_the_limit_and_says_how_many_to_remove(form):
    summary, background, _note = sections(form)

    errors = validate_answers(
        form=form,
        answers={summary.pk: "satu dua tiga empat lima enam", background.pk: "ada"},
        for_submission=True,
    )

    assert errors == {summary.pk: ["6 kata, melebihi batas 5 kata: kurangi 1 kata."]}


def test_submission_refuses_missing_and_blank_required_sections_but_not_optional_ones(form):
    summary, background, note = sections(form)

    errors = validate_answers(form=form, answers={summary.pk: " \n\t "}, for_submission=True)

    assert errors == {summary.pk: ["Bagian ini wajib diisi."], background.pk: ["Bagian ini wajib diisi."]}
    assert note.pk not in errors


def test_draft_may_be_incomplete_and_over_the_limit(form):
    summary, _background, _note = sections(form)

    errors = validate_answers(form=form, answers={summary.pk: "kata " * 400}, for_submission=False)

    assert errors == {}


def test_draft_refuses_text_beyond_the_storage_cap(form):
    summary, _background, _note = sections(form)

    errors = validate_answers(form=form, answers={summary.pk: "a" * (DRAFT_MAX_CHARACTERS + 1)}, for_submission=False)

    assert errors == {summary.pk: ["Jawaban ini terlalu panjang untuk disimpan; mohon diringkas."]}


def test_answers_to_another_editions_section_are_refused(form):
    other_year = FormSectionFactory(title="Ringkasan", word_limit=5)
    summary, background, _note = sections(form)

    draft = validate_answers(form=form, answers={other_year.pk: "isi"}, for_submission=False)
    submission = validate_answers(
        form=form, answers={other_year.pk: "isi", summary.pk: "isi", background.pk: "isi"}, for_submission=True
    )

    assert draft == {other_year.pk: ["Bagian ini tidak termasuk dalam formulir kelompok ini."]}
    assert submission == draft


# Identification questions


@pytest.fixture
def identification(db):
    edition = EditionFactory(year=2026)
    umum = GroupFactory(edition=edition, name="Kelompok Umum")
    replikasi = GroupFactory(edition=edition, name="Kelompok Replikasi")
    app = IdentificationQuestionFactory(edition=edition, key="aplikasi", kind=Kind.YES_NO, order=1)
    questions = {
        "aplikasi": app,
        "nama_aplikasi": IdentificationQuestionFactory(edition=edition, key="nama_aplikasi", shown_if=app, order=2),
        "video": IdentificationQuestionFactory(edition=edition, key="video", kind=Kind.YOUTUBE, order=3),
        "tahun": IdentificationQuestionFactory(edition=edition, key="tahun", kind=Kind.YEAR, required=False, order=4),
        "asal": IdentificationQuestionFactory(edition=edition, group=replikasi, key="asal", order=5),
    }
    return FormDefinition.for_group(umum), FormDefinition.for_group(replikasi), questions


def test_group_form_has_questions_for_every_group_and_its_own_only(identification):
    umum, replikasi, _questions = identification

    assert [q.key for q in umum.questions] == ["aplikasi", "nama_aplikasi", "video", "tahun"]
    assert [q.key for q in replikasi.questions] == ["aplikasi", "nama_aplikasi", "video", "tahun", "asal"]


def test_conditional_question_is_required_only_after_a_yes(identification):
    umum, _replikasi, q = identification
    video = {q["video"].pk: "https://youtu.be/abc123"}

    answered_no = validate_identification(form=umum, answers={q["aplikasi"].pk: "no", **video}, for_submission=True)
    answered_yes = validate_identification(form=umum, answers={q["aplikasi"].pk: "yes", **video}, for_submission=True)

    assert answered_no == {}
    assert answered_yes == {q["nama_aplikasi"].pk: ["Mohon jawab pertanyaan ini."]}


def test_answer_to_a_question_not_asked_is_ignored(identification):
    umum, _replikasi, q = identification

    errors = validate_identification(
        form=umum,
        answers={q["aplikasi"].pk: "no", q["nama_aplikasi"].pk: "", q["video"].pk: "https://www.youtube.com/watch?v=x"},
        for_submission=True,
    )

    assert errors == {}


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        (Kind.YES_NO, "mungkin", "Jawab ya atau tidak."),
        (Kind.NUMBER, "12a", "Masukkan bilangan bulat."),
        (Kind.NUMBER, "١٢", "Masukkan bilangan bulat."),
        (Kind.YEAR, "1900", "Masukkan tahun antara 1945 dan 2026."),
        (Kind.YEAR, "2027", "Masukkan tahun antara 1945 dan 2026."),
        (Kind.DATE, "30/04/2026", "Masukkan tanggal dengan format TTTT-BB-HH."),
        (Kind.URL, "menpan.go.id", "Masukkan alamat web lengkap yang diawali https://."),
        (Kind.YOUTUBE, "https://vimeo.com/123", "Masukkan tautan video YouTube (youtube.com atau youtu.be)."),
        (Kind.EMAIL, "bukan-email", "Masukkan alamat email yang valid."),
    ],
)
def test_malformed_identification_answers_are_refused_on_submission(db, kind, value, problem):
    question = IdentificationQuestionFactory(edition=EditionFactory(year=2026), kind=kind)
    form = FormDefinition.for_group(GroupFactory(edition=question.edition))

    assert validate_identification(form=form, answers={question.pk: value}, for_submission=True) == {
        question.pk: [problem]
    }
    assert validate_identification(form=form, answers={question.pk: value}, for_submission=False) == {}


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Kind.YES_NO, "yes"),
        (Kind.NUMBER, "42"),
        (Kind.YEAR, "2019"),
        (Kind.DATE, "2024-04-30"),
        (Kind.URL, "https://sinovik.menpan.go.id/"),
        (Kind.YOUTUBE, "https://m.youtube.com/watch?v=abc"),
        (Kind.EMAIL, "upp@surabaya.go.id"),
    ],
)
def test_well_formed_identification_answers_are_accepted(db, kind, value):
    question = IdentificationQuestionFactory(edition=EditionFactory(year=2026), kind=kind)
    form = FormDefinition.for_group(GroupFactory(edition=question.edition))

    assert validate_identification(form=form, answers={question.pk: value}, for_submission=True) == {}


def test_choice_answer_must_be_one_of_the_listed_choices(db):
    question = IdentificationQuestionFactory(kind=Kind.CHOICE, choices="Individu\nTim\n")
    form = FormDefinition.for_group(GroupFactory(edition=question.edition))

    assert validate_identification(form=form, answers={question.pk: "Tim"}, for_submission=True) == {}
    assert validate_identification(form=form, answers={question.pk: "Kelompok"}, for_submission=True) == {
        question.pk: ["Pilih salah satu pilihan yang tersedia."]
    }


def test_identification_refuses_unknown_questions_and_overlong_answers_even_in_drafts(identification):
    umum, _replikasi, q = identification

    errors = validate_identification(
        form=umum, answers={q["asal"].pk: "isi", q["nama_aplikasi"].pk: "x" * 501}, for_submission=False
    )

    assert errors == {
        q["asal"].pk: ["Pertanyaan ini tidak termasuk dalam formulir kelompok ini."],
        q["nama_aplikasi"].pk: ["Jawaban ini terlalu panjang."],
    }


# Files


PDF = b"%PDF-1.7\n..."
PNG = b"\x89PNG\r\n\x1a\n...."


@pytest.mark.parametrize(
    ("name", "size", "head", "problems"),
    [
        ("surat.pdf", 1000, PDF, []),
        ("SURAT.PDF", 1000, PDF, []),
        ("foto.png", 1000, PNG, ["Hanya berkas PDF yang diterima."]),
        ("foto.jpg.pdf", 1000, b"\xff\xd8\xff\xe0", ["Isi berkas ini bukan berkas PDF."]),
        ("surat", 1000, PDF, ["Hanya berkas PDF yang diterima."]),
        ("besar.pdf", 2048 * 1024 + 1, PDF, ["Ukuran berkas 2,0\xa0MB; batasnya 2,0\xa0MB."]),
        ("kosong.pdf", 0, b"", ["Berkas kosong."]),
    ],
)
def test_validate_upload_checks_type_content_and_size(name, size, head, problems):
    assert validate_upload(allowed_extensions=["pdf"], max_size_kb=2048, name=name, size=size, head=head) == problems


def test_validate_upload_lists_several_allowed_types():
    problems = validate_upload(
        allowed_extensions=["jpg", "jpeg", "png"], max_size_kb=1024, name="a.gif", size=5, head=b"GIF8"
    )

    assert problems == ["Hanya berkas JPG, JPEG atau PNG yang diterima."]


def test_upload_problems_reads_an_uploaded_file_and_leaves_it_readable(db):
    kind = AttachmentTypeFactory(allowed_extensions="jpg,png", max_size_kb=1)
    upload = SimpleUploadedFile("sesudah.png", PNG + b"x" * 2000)

    problems = upload_problems(target=kind, upload=upload)

    assert problems == ["Ukuran berkas 2,0\xa0KB; batasnya 1,0\xa0KB."]
    assert upload.read(4) == b"\x89PNG"


def test_section_without_evidence_refuses_files(db):
    section = FormSectionFactory(evidence_max_files=0)

    problems = upload_problems(target=section, upload=SimpleUploadedFile("bukti.pdf", PDF))

    assert problems == ["Bagian ini tidak menerima berkas pendukung."]


def test_section_evidence_follows_the_sections_own_types(db):
    section = FormSectionFactory(evidence_max_files=3, evidence_file_types="pdf")

    assert upload_problems(target=section, upload=SimpleUploadedFile("bukti.pdf", PDF)) == []
    assert upload_problems(target=section, upload=SimpleUploadedFile("bukti.png", PNG)) == [
        "Hanya berkas PDF yang diterima."
    ]


def test_attachment_counts_refuse_too_many_always_and_missing_required_on_submission(db):
    group = GroupFactory()
    statement = AttachmentTypeFactory(edition=group.edition, name="Surat Pernyataan", max_files=1)
    photos = AttachmentTypeFactory(edition=group.edition, group=group, name="Foto", max_files=3, required=False)
    evidence = FormSectionFactory(group=group, evidence_max_files=2)
    form = FormDefinition.for_group(group)

    draft = validate_attachment_counts(
        form=form, counts={photos.pk: 4}, evidence_counts={evidence.pk: 3}, for_submission=False
    )
    submission = validate_attachment_counts(form=form, counts={photos.pk: 2}, for_submission=True)

    assert draft == {
        photos.pk: ["Paling banyak 3 berkas dapat dilampirkan."],
        f"section-{evidence.pk}": ["Paling banyak 2 berkas dapat dilampirkan."],
    }
    assert submission == {statement.pk: ["Lampiran ini wajib diunggah."]}


def test_attachment_of_another_group_is_not_part_of_the_form(db):
    group = GroupFactory()
    other = AttachmentTypeFactory(edition=group.edition, group=GroupFactory(edition=group.edition))
    form = FormDefinition.for_group(group)

    assert validate_attachment_counts(form=form, counts={other.pk: 1}, for_submission=False) == {
        other.pk: ["Lampiran ini tidak termasuk dalam formulir kelompok ini."]
    }
