"""Each automatic check, run the way the queue runs them (run_screening_checks), with its edges."""

from datetime import date, timedelta

import pytest

from judging.models import NearDuplicatePair, ProposalFingerprint, ScreeningResult, ScreeningRules, ScreeningRun
from judging.services import run_screening_checks
from submissions.models import Answer, Award, Proposal
from submissions.services import missing_for_submission
from tests.judging import texts
from tests.judging.conftest import CLOSING_DAY, build_form, make_proposal
from tests.submissions.factories import AwardFactory, InnovationFactory

pytestmark = pytest.mark.django_db


def codes_of(proposal: Proposal) -> list[str]:
    return [finding["code"] for finding in ScreeningResult.objects.get(proposal=proposal).findings]


def finding_of(proposal: Proposal, code: str) -> dict:
    return next(item for item in ScreeningResult.objects.get(proposal=proposal).findings if item["code"] == code)


# --- Completeness and word limits ------------------------------------------------------------------


def test_completeness_a_complete_proposal_has_no_findings(edition, proposal_of):
    proposal = proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)

    run_screening_checks(edition=edition)

    result = ScreeningResult.objects.get(proposal=proposal)
    assert result.findings == [] and result.severity == 0 and result.codes == ""


def test_completeness_names_the_missing_section_attachment_and_declaration(edition, proposal_of):
    proposal = proposal_of(title="Sekolah Sungai", answers=texts.ORIGINAL, attachments=False)
    Answer.objects.filter(proposal=proposal, section__title="Latar Belakang dan Tujuan").delete()
    Proposal.objects.filter(pk=proposal.pk).update(truthfulness_declared_at=None)

    run_screening_checks(edition=edition)

    finding = finding_of(proposal, "incomplete")
    assert finding["severity"] == 3 and finding["detail"] == {"count": 3}
    assert "Latar Belakang dan Tujuan: Bagian ini wajib diisi." in finding["message"]["id"]
    assert "Surat Pernyataan Implementasi" in finding["message"]["id"]
    assert "Latar Belakang dan Tujuan: This section must be filled in." in finding["message"]["en"]


def test_completeness_agrees_with_what_submission_requires(edition, proposal_of):
    proposal = proposal_of(title="Sekolah Sungai", answers={"summary": texts.ORIGINAL_SUMMARY}, complete=False)

    run_screening_checks(edition=edition)

    expected = " ".join(message for message, _anchor in missing_for_submission(proposal))
    assert finding_of(proposal, "incomplete")["message"]["id"] == expected


def test_word_limit_over_by_one_word_is_found_and_exactly_at_the_limit_is_not(edition, umum, proposal_of):
    summary = umum.sections.get(title="Ringkasan")

    def words(seed: str, count: int) -> str:
        stream = [word for _round in range(3) for word in texts.unique_text(seed)["background"].split()]
        return " ".join(stream[:count])

    at_limit = proposal_of(title="Tepat", answers={"summary": words("tepat", 120), "b": "Latar belakang singkat."})
    over = proposal_of(title="Lebih", answers={"summary": words("lebih", 121), "b": "Tujuan yang jelas."})

    run_screening_checks(edition=edition)

    assert summary.word_limit == 120
    assert codes_of(at_limit) == []
    finding = finding_of(over, "word_limit")
    assert finding["severity"] == 3
    assert "Ringkasan: 121 kata, melebihi batas 120" in finding["message"]["id"]


# --- Minimum age of implementation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("started_on", "too_young"),
    [
        (date(2024, 4, 30), False),  # exactly 2 years before the WIB closing day: old enough
        (date(2024, 5, 1), True),  # one day later: too young
        (date(2024, 4, 29), False),
        (CLOSING_DAY, True),
    ],
)
def test_minimum_age_counts_back_from_the_wib_closing_day(edition, proposal_of, started_on, too_young):
    proposal = proposal_of(title="Inovasi", started_on=started_on)

    run_screening_checks(edition=edition)

    assert ("too_young" in codes_of(proposal)) is too_young


def test_minimum_age_message_says_the_latest_allowed_start(edition, proposal_of):
    proposal = proposal_of(title="Inovasi Muda", started_on=date(2025, 1, 2))

    run_screening_checks(edition=edition)

    finding = finding_of(proposal, "too_young")
    assert finding["detail"] == {"started_on": "2025-01-02", "latest_start": "2024-04-30", "years": 2}
    assert "2 Januari 2025" in finding["message"]["id"] and "30 April 2024" in finding["message"]["id"]


def test_minimum_age_follows_each_group(edition, umum):
    replikasi = build_form(edition, minimum_age_years=1, name="Kelompok Replikasi", kind="umum")
    young_for_umum = make_proposal(umum, title="Satu", started_on=date(2025, 4, 30))
    old_enough_for_replikasi = make_proposal(replikasi, title="Dua", started_on=date(2025, 4, 30))

    run_screening_checks(edition=edition)

    assert "too_young" in codes_of(young_for_umum)
    assert "too_young" not in codes_of(old_enough_for_replikasi)


def test_minimum_age_zero_years_checks_nothing(edition, umum, proposal_of):
    umum.minimum_age_years = 0
    umum.save()
    proposal = proposal_of(title="Baru", started_on=CLOSING_DAY - timedelta(days=3))

    run_screening_checks(edition=edition)

    assert codes_of(proposal) == []


# --- Award history -----------------------------------------------------------------------------------


def test_award_history_top99_twice_is_ineligible_and_once_is_a_note(edition, proposal_of):
    twice = proposal_of(title="Dua Kali")
    AwardFactory(innovation=twice.innovation, year=2021, tier=Award.Tier.TOP_99)
    AwardFactory(innovation=twice.innovation, year=2023, tier=Award.Tier.TOP_99)
    once = proposal_of(title="Sekali")
    AwardFactory(innovation=once.innovation, year=2022, tier=Award.Tier.TOP_99)

    run_screening_checks(edition=edition)

    finding = finding_of(twice, "top99_twice")
    assert finding["severity"] == 3 and finding["detail"] == {"years": [2021, 2023]}
    assert codes_of(once) == ["past_top99"] and finding_of(once, "past_top99")["severity"] == 1


def test_award_history_a_top45_year_counts_as_a_top99_year_once(edition, proposal_of):
    proposal = proposal_of(title="Juara")
    AwardFactory(innovation=proposal.innovation, year=2021, tier=Award.Tier.TOP_99)
    AwardFactory(innovation=proposal.innovation, year=2021, tier=Award.Tier.TOP_45)

    run_screening_checks(edition=edition)

    assert codes_of(proposal) == ["past_winner"]


def test_award_history_rules_are_configurable_per_edition(edition, proposal_of):
    proposal = proposal_of(title="Juara Lama")
    AwardFactory(innovation=proposal.innovation, year=2019, tier=Award.Tier.TOP_45)
    AwardFactory(innovation=proposal.innovation, year=2018, tier=Award.Tier.TOP_99)
    ScreeningRules.objects.create(edition=edition, exclude_past_winners=False, max_top99_times=3)

    run_screening_checks(edition=edition)

    assert codes_of(proposal) == ["past_top99"]


def test_award_history_winner_tiers_are_configurable(edition, proposal_of):
    proposal = proposal_of(title="Outstanding Saja")
    AwardFactory(innovation=proposal.innovation, year=2019, tier=Award.Tier.TOP_45)
    ScreeningRules.objects.create(edition=edition, winner_tiers="outstanding", max_top99_times=0)

    run_screening_checks(edition=edition)

    assert codes_of(proposal) == ["past_top99"]


def test_award_history_ignores_this_year_and_exempts_kelompok_khusus(edition, umum):
    khusus = build_form(edition, name="Kelompok Khusus", kind="khusus")
    winner_in_khusus = make_proposal(khusus, title="Pemenang Diundang")
    AwardFactory(innovation=winner_in_khusus.innovation, year=2020, tier=Award.Tier.OUTSTANDING)
    this_year = make_proposal(umum, title="Tahun Ini")
    AwardFactory(innovation=this_year.innovation, year=2026, tier=Award.Tier.TOP_45)

    run_screening_checks(edition=edition)

    assert codes_of(winner_in_khusus) == ["past_top99"]
    assert codes_of(this_year) == []


# --- Duplicate titles ----------------------------------------------------------------------------------


def test_duplicate_title_ignores_case_punctuation_and_spaces(edition, proposal_of, unit):
    first = proposal_of(title="SI-CANTIK: Layanan  Terpadu", answers=texts.ORIGINAL)
    second = proposal_of(title="Si Cantik layanan terpadu", answers=texts.OTHER_TOPIC)
    different = proposal_of(title="Si Cantik Layanan Terpadu Plus", answers=texts.SAME_TOPIC)

    run_screening_checks(edition=edition)

    assert finding_of(first, "duplicate_title")["detail"] == {"proposals": [second.pk]}
    assert finding_of(second, "duplicate_title")["detail"] == {"proposals": [first.pk]}
    assert second.innovation.agency.name in finding_of(first, "duplicate_title")["message"]["id"]
    assert codes_of(different) == []


# --- Near-duplicates -----------------------------------------------------------------------------------


def test_near_duplicate_catches_a_lightly_edited_copy_and_not_same_topic_proposals(edition, proposal_of):
    original = proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)
    copy = proposal_of(title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY)
    same_topic = proposal_of(title="Si Dukun Online", answers=texts.SAME_TOPIC)
    other_topic = proposal_of(title="Posyandu Remaja Sehat", answers=texts.OTHER_TOPIC)

    run = run_screening_checks(edition=edition)

    pair = NearDuplicatePair.objects.get()
    assert (pair.proposal, pair.other) == (original, copy)
    assert pair.similarity >= 0.8 and not pair.same_innovation
    assert pair.matched_sentences == 13
    assert codes_of(original) == ["near_duplicate"] and codes_of(copy) == ["near_duplicate"]
    assert finding_of(copy, "near_duplicate")["detail"]["pair"] == pair.pk
    assert "Layanan Adminduk Keliling" in finding_of(copy, "near_duplicate")["message"]["id"]
    assert codes_of(same_topic) == [] and codes_of(other_topic) == []
    assert ScreeningResult.objects.get(proposal=copy).max_similarity == pair.similarity
    assert run.flagged_pairs == 1 and run.proposals_checked == 4


def test_near_duplicate_stores_the_overlapping_passages_with_changed_words_marked(edition, proposal_of):
    proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL)
    proposal_of(title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY)

    run_screening_checks(edition=edition)

    rows = [row for passage in NearDuplicatePair.objects.get().passages for row in passage]
    first = rows[0]
    assert " ".join(word for word, _changed in first["a"]).startswith("Layanan Adminduk Keliling adalah inovasi")
    assert " ".join(word for word, _changed in first["b"]).startswith("Pelayanan Dukcapil Jemput Bola adalah")
    assert [word for word, changed in first["a"] if changed] == ["Layanan", "Adminduk", "Keliling", "Kota", "Surabaya"]


def test_near_duplicate_finds_a_copy_of_a_past_editions_proposal(edition, past_edition, proposal_of):
    past_group = past_edition.groups.get()
    source = make_proposal(past_group, title="Layanan Adminduk Keliling", answers=texts.ORIGINAL, status="passed")
    copy = proposal_of(title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY)

    run = run_screening_checks(edition=edition)

    pair = NearDuplicatePair.objects.get()
    assert (pair.proposal, pair.other, pair.is_past) == (copy, source, True)
    assert "KIPP 2023" in finding_of(copy, "near_duplicate")["message"]["id"]
    assert not ScreeningResult.objects.filter(proposal=source).exists()
    assert run.compared_with == 1


def test_near_duplicate_of_the_innovations_own_earlier_entry_is_only_a_note(edition, past_edition, proposal_of):
    innovation = InnovationFactory(title="Layanan Adminduk Keliling", started_on=date(2019, 1, 1))
    make_proposal(
        past_edition.groups.get(),
        title=innovation.title,
        innovation=innovation,
        answers=texts.ORIGINAL,
        status="failed",
    )
    again = proposal_of(title=innovation.title, innovation=innovation, answers=texts.ORIGINAL)

    run_screening_checks(edition=edition)

    assert codes_of(again) == ["earlier_entry"]
    result = ScreeningResult.objects.get(proposal=again)
    assert result.severity == 1 and result.max_similarity is None


def test_near_duplicate_past_editions_can_be_left_out(edition, past_edition, proposal_of):
    make_proposal(past_edition.groups.get(), title="Asli", answers=texts.ORIGINAL, status="passed")
    copy = proposal_of(title="Salinan", answers=texts.COPY)
    ScreeningRules.objects.create(edition=edition, compare_past_editions=False)

    run_screening_checks(edition=edition)

    assert codes_of(copy) == [] and not NearDuplicatePair.objects.exists()


def test_checks_skip_drafts_and_proposals_still_with_the_agency(edition, proposal_of):
    proposal_of(title="Asli", answers=texts.ORIGINAL, status="draft")
    proposal_of(title="Salinan", answers=texts.COPY, status="submitted")
    forwarded = proposal_of(title="Diteruskan", answers=texts.SAME_TOPIC)

    run_screening_checks(edition=edition)

    assert list(ScreeningResult.objects.values_list("proposal", flat=True)) == [forwarded.pk]
    assert not NearDuplicatePair.objects.exists()


def test_checks_run_again_replace_the_results_and_reuse_fingerprints(edition, proposal_of):
    original = proposal_of(title="Asli", answers=texts.ORIGINAL)
    copy = proposal_of(title="Salinan", answers=texts.COPY)
    first = run_screening_checks(edition=edition)
    computed_at = dict(ProposalFingerprint.objects.values_list("proposal", "computed_at"))
    Answer.objects.filter(proposal=copy).update(text="Teks baru yang sama sekali berbeda dari aslinya, ditulis ulang.")

    second = run_screening_checks(edition=edition)

    assert ScreeningResult.objects.count() == 2 and not NearDuplicatePair.objects.exists()
    assert codes_of(original) == []
    fingerprints = dict(ProposalFingerprint.objects.values_list("proposal", "computed_at"))
    assert fingerprints[original.pk] == computed_at[original.pk]
    assert fingerprints[copy.pk] != computed_at[copy.pk]
    assert (first.status, second.status) == (ScreeningRun.Status.DONE, ScreeningRun.Status.DONE)
    assert ScreeningRun.objects.count() == 2
