"""Shortlist drafts: a round's ranking becomes candidates, the exact builder chooses the Top N under
the secretariat's rules, and manual overrides need a written justification."""

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Region
from judging.models import ShortlistDraft, ShortlistOverride
from judging.services import build_shortlist_draft, override_shortlist, shortlist_candidates
from tests.judging.decisions_data import build_ranked_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(edition, umum):
    return build_ranked_round(edition, umum)


def _keys(draft: ShortlistDraft, proposals) -> list[str]:
    names = {proposal.pk: key for key, proposal in proposals.items()}
    return [names[pk] for pk in draft.final_ids()]


def test_candidates_carry_score_category_group_kind_agency_type_province_and_region(ranked):
    round, p = ranked

    candidates = {c.key: c for c in shortlist_candidates(round)}

    assert [c.key for c in shortlist_candidates(round)] == [p[k].pk for k in "ABCED"]
    d = candidates[p["D"].pk]
    assert (d.score, d.category, d.group, d.agency_kind, d.province, d.favoured_region) == (
        60.0,
        "Kesehatan",
        "umum",
        "provinsi",
        "Nusa Tenggara Timur",
        True,
    )
    assert not any(candidates[p[k].pk].favoured_region for k in "ABCE")


def test_a_region_is_favoured_through_its_province(ranked):
    round, p = ranked
    Region.objects.filter(name="Jawa Barat").update(is_3t=True)

    candidates = {c.key: c for c in shortlist_candidates(round)}

    assert candidates[p["C"].pk].favoured_region is True
    assert candidates[p["A"].pk].favoured_region is False


def test_draft_without_rules_is_the_score_order(ranked, secretariat):
    round, p = ranked

    draft = build_shortlist_draft(round=round, size=3, rules={}, by=secretariat)

    draft.refresh_from_db()
    assert _keys(draft, p) == ["A", "B", "C"]
    assert draft.total == 255.0
    assert (draft.moved_in, draft.moved_out, draft.problems) == ([], [], [])
    assert draft.edition_id == round.panel.edition_id and draft.created_by == secretariat
    assert draft.scores[str(p["D"].pk)] == 60.0


def test_draft_meets_the_favoured_minimum_and_says_who_moved(ranked, secretariat):
    round, p = ranked

    draft = build_shortlist_draft(round=round, size=3, rules={"favoured_minimum": 1}, by=secretariat)

    assert _keys(draft, p) == ["A", "B", "D"]
    assert draft.total == 235.0
    assert [move["proposal"] for move in draft.moved_in] == [p["D"].pk]
    assert draft.moved_in[0]["title"] == "Puskesmas Terapung NTT"
    assert draft.moved_in[0]["reasons"] == [
        "diperlukan untuk memenuhi batas minimum dari Kawasan Timur Indonesia dan daerah 3T"
    ]
    assert [move["proposal"] for move in draft.moved_out] == [p["C"].pk]


def test_draft_meets_the_province_cap_and_category_maximum(ranked, secretariat):
    round, p = ranked
    rules = {"province_cap": 1, "maximum": {"category": {"Transformasi Digital": 1}}}

    draft = build_shortlist_draft(round=round, size=3, rules=rules, by=secretariat)

    # At most one from Jawa Timur (A, B, E) and one digital (A, B, C): the only three that fit are
    # Bandung's C, Banyuwangi's E and NTT's D, although A and B score highest.
    assert sorted(_keys(draft, p)) == ["C", "D", "E"]
    assert draft.total == 210.0
    assert sorted(move["proposal"] for move in draft.moved_in) == sorted([p["D"].pk, p["E"].pk])
    assert sorted(move["proposal"] for move in draft.moved_out) == sorted([p["A"].pk, p["B"].pk])
    assert all(move["reasons"] for move in draft.moved_out)


def test_draft_with_rules_that_cannot_be_met_explains_why(ranked, secretariat):
    round, _p = ranked

    draft = build_shortlist_draft(
        round=round, size=3, rules={"minimum": {"category": {"Kesehatan": 3}}}, by=secretariat
    )

    draft.refresh_from_db()
    assert draft.selected == [] and not draft.feasible
    assert len(draft.problems) == 1
    assert "3" in draft.problems[0] and "Kesehatan" in draft.problems[0]


def test_size_below_one_is_refused(ranked, secretariat):
    round, _p = ranked

    with pytest.raises(ValidationError):
        build_shortlist_draft(round=round, size=0, rules={}, by=secretariat)
    assert not ShortlistDraft.objects.exists()


def test_overrides_change_the_list_with_their_justification(ranked, secretariat):
    round, p = ranked
    draft = build_shortlist_draft(round=round, size=3, rules={}, by=secretariat)

    override_shortlist(
        draft=draft, proposal=p["B"], action="remove", justification="Sanksi etik instansi 2026", by=secretariat
    )
    override_shortlist(
        draft=draft, proposal=p["D"], action="add", justification="Keterwakilan wilayah timur", by=secretariat
    )

    assert _keys(draft, p) == ["A", "C", "D"]
    assert list(draft.overrides.values_list("action", "justification", "created_by")) == [
        ("remove", "Sanksi etik instansi 2026", secretariat.pk),
        ("add", "Keterwakilan wilayah timur", secretariat.pk),
    ]
    assert draft.selected == [p[k].pk for k in "ABC"]  # the solver's own choice is kept


@pytest.mark.parametrize(
    ("key", "action", "justification", "field"),
    [
        ("D", "add", "   ", "justification"),
        ("A", "add", "Sudah ada", "proposal"),
        ("D", "remove", "Tidak ada di daftar", "proposal"),
        ("D", "swap", "Aksi tak dikenal", "action"),
    ],
)
def test_override_refusals(ranked, secretariat, key, action, justification, field):
    round, p = ranked
    draft = build_shortlist_draft(round=round, size=3, rules={}, by=secretariat)

    with pytest.raises(ValidationError) as refused:
        override_shortlist(draft=draft, proposal=p[key], action=action, justification=justification, by=secretariat)

    assert field in refused.value.message_dict
    assert not ShortlistOverride.objects.exists()


def test_only_proposals_scored_in_the_round_can_be_added(ranked, secretariat, umum):
    from tests.submissions.factories import ProposalFactory

    round, _p = ranked
    draft = build_shortlist_draft(round=round, size=3, rules={}, by=secretariat)
    unscored = ProposalFactory(group=umum, status="passed")

    with pytest.raises(ValidationError) as refused:
        override_shortlist(draft=draft, proposal=unscored, action="add", justification="Titipan", by=secretariat)

    assert "proposal" in refused.value.message_dict
