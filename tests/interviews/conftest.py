"""An edition with finalists ready for interviews.

- `substance_round`: the independent panel's review round (panel_review stage).
- `interview_round`: the presentation stage's round, open from yesterday for a week; the global
  `panelist` fixture sits on its panel with "Budi" (whose home agency is Kota Surabaya, the agency of
  the admin_lokal and upp_staff fixtures) and "Citra" (no home agency).
- `make_finalist`: a proposal that passed screening and holds a Top 99 decision.
"""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone, translation
from pypdf import PdfWriter

from competitions.models import OrganiserMembership, Stage
from interviews import services
from judging.models import Decision, DecisionBatch, ShortlistDraft
from jury.models import JurorProfile, PanelMember
from submissions.models import Award, Proposal
from tests import factories as base
from tests.competitions.factories import EditionFactory, GroupFactory, StageFactory
from tests.jury.factories import PanelFactory, RoundFactory
from tests.submissions.factories import InnovationFactory, ProposalFactory

# A day far ahead, so slots have not started and confirmation is open.
DAY = (timezone.now() + timedelta(days=30)).date()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def organiser():
    return base.OrganiserFactory()


@pytest.fixture
def edition(organiser):
    return EditionFactory(organiser=organiser, slug="kipp-wawancara", year=2026)


@pytest.fixture
def umum(edition):
    return GroupFactory(edition=edition, name="Kelompok Umum")


@pytest.fixture
def substance_round(edition):
    stage = StageFactory(edition=edition, kind=Stage.Kind.PANEL_REVIEW)
    panel = PanelFactory(edition=edition, stage=stage, name="TPI Penilaian")
    return RoundFactory(panel=panel, name="Penilaian TPI")


@pytest.fixture
def interview_round(edition):
    stage = StageFactory(edition=edition, kind=Stage.Kind.PRESENTATION)
    panel = PanelFactory(edition=edition, stage=stage, name="TPI Wawancara")
    return RoundFactory(panel=panel, name="Wawancara", reviewers_per_proposal=3, is_blind=False)


@pytest.fixture
def make_panelist(organiser, interview_round):
    def make(email: str, name: str, *, agency=None):
        user = base.UserFactory(email=email, full_name=name)
        OrganiserMembership.objects.get_or_create(user=user, organiser=organiser, role="panelist")
        PanelMember.objects.create(panel=interview_round.panel, user=user)
        if agency is not None:
            JurorProfile.objects.create(user=user, agency=agency)
        return user

    return make


@pytest.fixture
def panelists(panelist, interview_round, make_panelist, agency):
    """[panelist fixture, Budi (works for Kota Surabaya), Citra]."""
    PanelMember.objects.create(panel=interview_round.panel, user=panelist)
    budi = make_panelist("budi@example.test", "Budi Santoso", agency=agency)
    citra = make_panelist("citra@example.test", "Citra Lestari")
    return [panelist, budi, citra]


@pytest.fixture
def make_finalist(edition, umum, substance_round):
    def make(*, unit=None, agency=None, title: str | None = None) -> Proposal:
        unit = unit or base.UnitFactory(agency=agency or base.AgencyFactory())
        innovation = InnovationFactory(unit=unit, **({"title": title} if title else {}))
        proposal = ProposalFactory(innovation=innovation, group=umum, status=Proposal.Status.PASSED)
        batch = DecisionBatch.objects.filter(edition=edition, tier=Award.Tier.TOP_99).first()
        if batch is None:
            draft = ShortlistDraft.objects.create(edition=edition, round=substance_round, size=99)
            batch = DecisionBatch.objects.create(
                edition=edition, draft=draft, tier=Award.Tier.TOP_99, number="B/1/PP.00/2026", letter_date=DAY
            )
        Decision.objects.create(batch=batch, proposal=proposal, tier=Award.Tier.TOP_99)
        return proposal

    return make


@pytest.fixture
def surabaya_finalist(make_finalist, unit):
    """The finalist of the admin_lokal's and upp_staff's agency (Kota Surabaya)."""
    return make_finalist(unit=unit, title="Klinik Adminduk Keliling")


def make_slots(edition, round, *, count=1, day=DAY, start=time(9, 0), panelists=None, by=None):
    return services.create_slots(
        edition=edition,
        round=round,
        day=day,
        start=start,
        count=count,
        video_link="https://meet.example.test/kipp",
        panelists=panelists,
        by=by,
    )


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def wib(day: date, hour: int, minute: int = 0) -> datetime:
    return services.wib_datetime(day, time(hour, minute))
