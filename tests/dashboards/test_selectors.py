from dataclasses import asdict

import pytest
from django.utils import timezone

from agencies.models import Agency
from dashboards import selectors
from dashboards.selectors import NO_PROVINCE, Counts, Missing
from jury.models import Assignment, Nomination, Review
from submissions.models import Award, Proposal
from tests import factories as base
from tests.competitions.factories import EditionFactory, GroupFactory
from tests.dashboards.conftest import agency, proposal, region
from tests.jury.factories import PanelFactory, RoundFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status


@pytest.fixture
def scene(edition, group):
    """Five verified agencies, one pending, and proposals at every stage of the edition.

    Jawa Timur: Kota Surabaya (a winner, a forwarded one, a draft, one withdrawn after submitting),
    Kabupaten Banyuwangi (one returned) and its BUMD (one with the Admin Lokal). Papua: the
    provincial government, with nothing. No province: a ministry (one failed, two passed, one of
    them nominated). Noise: another edition's proposal and award, a pending agency, a nomination
    still pending.
    """
    surabaya = agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "35.78")
    banyuwangi = agency("Pemerintah Kabupaten Banyuwangi", Agency.Kind.KABUPATEN, "35.10")
    bumd = agency("Perumda Air Minum Banyuwangi", Agency.Kind.BUMD, None, parent=banyuwangi)
    papua = agency("Pemerintah Provinsi Papua", Agency.Kind.PROVINSI, "91")
    ministry = agency("Kementerian Kesehatan", Agency.Kind.KEMENTERIAN)
    agency("Pemerintah Kabupaten Jayapura", Agency.Kind.KABUPATEN, "91.03", status=Agency.Status.PENDING)

    winner = proposal(surabaya, group, S.PASSED)
    for tier in (Award.Tier.TOP_99, Award.Tier.TOP_45):
        Award.objects.create(innovation=winner.innovation, year=2026, tier=tier, edition=edition)
    proposal(surabaya, group, S.FORWARDED)
    proposal(surabaya, group, S.DRAFT)
    proposal(surabaya, group, S.WITHDRAWN, submitted_at=timezone.now())
    proposal(banyuwangi, group, S.RETURNED)
    proposal(bumd, group, S.SUBMITTED)
    proposal(ministry, group, S.FAILED)
    nominated = proposal(ministry, group, S.PASSED)
    waiting = proposal(ministry, group, S.PASSED)
    jury_round = RoundFactory(panel=PanelFactory(edition=edition))
    Nomination.objects.create(round=jury_round, proposal=nominated, status=Nomination.Status.CONFIRMED)
    Nomination.objects.create(round=jury_round, proposal=waiting, status=Nomination.Status.PENDING)

    earlier = GroupFactory(edition=EditionFactory(organiser=edition.organiser, year=2025, slug="kipp-2025"))
    old = proposal(papua, earlier, S.PASSED)
    Award.objects.create(innovation=old.innovation, year=2025, tier=Award.Tier.TOP_99, edition=earlier.edition)
    return {"surabaya": surabaya, "banyuwangi": banyuwangi, "bumd": bumd, "papua": papua, "ministry": ministry}


def test_edition_funnel_total_counts_each_stage_cumulatively(edition, scene):
    funnel = selectors.edition_funnel(edition)

    assert funnel.total == Counts(
        agencies=5,
        without_proposal=1,
        without_forwarded=3,
        started=9,
        submitted=8,
        forwarded=5,
        passed=3,
        nominated=1,
        finalists=1,
        winners=1,
    )


def test_edition_funnel_by_province_places_bumd_in_its_parents_province(edition, scene):
    funnel = selectors.edition_funnel(edition)

    rows = {row.label: row.counts for row in funnel.by_province}
    central = funnel.by_province[-1]
    assert len(funnel.by_province) == 39  # 38 provinces and the central agencies
    assert rows["Jawa Timur"] == Counts(
        agencies=3, without_proposal=0, without_forwarded=2, started=6, submitted=5, forwarded=2, passed=1,
        finalists=1, winners=1,
    )  # fmt: skip
    assert rows["Papua"] == Counts(agencies=1, without_proposal=1, without_forwarded=1)
    assert (central.key, central.label) == (NO_PROVINCE, "Tanpa provinsi (instansi pusat)")
    assert central.counts == Counts(
        agencies=1, without_proposal=0, without_forwarded=0, started=3, submitted=3, forwarded=3, passed=2, nominated=1
    )
    assert rows["Aceh"] == Counts()
    assert funnel.by_province[0].label == "Aceh"  # in code order, west to east


def test_edition_funnel_by_kind_lists_every_agency_type(edition, scene):
    funnel = selectors.edition_funnel(edition)

    rows = {row.key: asdict(row.counts) for row in funnel.by_kind}
    assert list(rows) == list(Agency.Kind.values)
    assert rows["kota"]["started"] == 4 and rows["kota"]["winners"] == 1
    assert rows["kabupaten"] == asdict(Counts(agencies=1, without_forwarded=1, started=1, submitted=1))
    assert rows["provinsi"] == asdict(Counts(agencies=1, without_proposal=1, without_forwarded=1))
    assert rows["bumn"] == asdict(Counts())


def test_edition_funnel_leaves_out_central_row_when_no_central_agency(edition, group):
    proposal(agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "35.78"), group, S.DRAFT)

    funnel = selectors.edition_funnel(edition)

    assert [row.label for row in funnel.by_province if row.counts != Counts()] == ["Jawa Timur"]
    assert len(funnel.by_province) == 38


def test_funnel_steps_give_shares_of_started_and_of_previous_stage(edition, scene):
    steps = selectors.funnel_steps(selectors.edition_funnel(edition).total)

    assert [(step.stage.key, step.value, step.of_started, step.of_previous) for step in steps] == [
        ("agencies", 5, None, None),
        ("started", 9, 100.0, None),
        ("submitted", 8, 88.9, 88.9),
        ("forwarded", 5, 55.6, 62.5),
        ("passed", 3, 33.3, 60.0),
        ("nominated", 1, 11.1, 33.3),
        ("finalists", 1, 11.1, 100.0),
        ("winners", 1, 11.1, 100.0),
    ]


def test_agencies_without_proposal_lists_verified_agencies_with_none(edition, scene):
    missing = selectors.agencies_without_proposal(edition)

    assert list(missing) == [scene["papua"]]


def test_agencies_without_proposal_with_nothing_forwarded_counts_their_live_proposals(edition, scene):
    missing = selectors.agencies_without_proposal(edition, missing=Missing.FORWARDED)

    assert [(item.name, item.proposals_started) for item in missing] == [
        ("Pemerintah Kabupaten Banyuwangi", 1),
        ("Pemerintah Provinsi Papua", 0),
        ("Perumda Air Minum Banyuwangi", 1),
    ]


def test_agencies_without_proposal_filters_by_province_and_kind(edition, scene):
    in_east_java = selectors.agencies_without_proposal(edition, missing=Missing.FORWARDED, province=region("35"))
    bumd_only = selectors.agencies_without_proposal(edition, missing=Missing.FORWARDED, kind=Agency.Kind.BUMD)

    assert list(in_east_java) == [scene["banyuwangi"], scene["bumd"]]
    assert list(bumd_only) == [scene["bumd"]]


def test_jury_progress_counts_assignments_whose_review_was_submitted(edition, group):
    jury_round = RoundFactory(panel=PanelFactory(edition=edition), name="Penilaian Desk")
    other_round = RoundFactory(panel=PanelFactory(), name="Penilaian Lain")
    proposals = [proposal(agency(f"Instansi {n}", Agency.Kind.LEMBAGA), group, S.PASSED) for n in range(3)]
    juror = base.UserFactory()
    for item in proposals:
        Assignment.objects.create(round=jury_round, juror=juror, proposal=item)
    Review.objects.create(round=jury_round, juror=juror, proposal=proposals[0], status=Review.Status.SUBMITTED)
    Review.objects.create(round=jury_round, juror=juror, proposal=proposals[1], status=Review.Status.SUBMITTED)
    Review.objects.create(round=jury_round, juror=juror, proposal=proposals[2], status=Review.Status.DRAFT)
    # A submitted review left from a moved assignment is not this juror's work any more.
    Review.objects.create(round=jury_round, juror=base.UserFactory(), proposal=proposals[2], status="submitted")
    Nomination.objects.create(round=jury_round, proposal=proposals[0], status=Nomination.Status.CONFIRMED)
    Assignment.objects.create(round=other_round, juror=juror, proposal=proposals[0])

    progress = selectors.jury_progress(edition)

    assert [(item.round, item.assigned, item.done, item.nominated, item.percent) for item in progress] == [
        (jury_round, 3, 2, 1, 66.7)
    ]
