"""A desk-evaluation panel with an open blind round, two criteria (60 % + 40 %, scale 1-10) and
helpers to add jurors and proposals that passed screening."""

import pytest
from django.utils import translation

from agencies.models import Agency, Region
from competitions.models import OrganiserMembership, Stage
from jury.models import Assignment, JurorProfile, PanelMember
from submissions.models import Answer, Proposal
from tests import factories as base
from tests.competitions.factories import (
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    StageFactory,
)
from tests.jury.factories import PanelFactory, RoundFactory
from tests.submissions.factories import InnovationFactory, ProposalFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture
def organiser():
    return base.OrganiserFactory()


@pytest.fixture
def edition(organiser):
    return EditionFactory(organiser=organiser, slug="kipp-juri", year=2026)


@pytest.fixture
def desk_stage(edition):
    return StageFactory(edition=edition, kind=Stage.Kind.DESK_EVALUATION)


@pytest.fixture
def umum(edition):
    group = GroupFactory(edition=edition, name="Kelompok Umum")
    FormSectionFactory(group=group, edition=edition, title="Ringkasan", word_limit=200, order=1)
    return group


@pytest.fixture
def categories(edition):
    return [
        CategoryFactory(edition=edition, name="Transformasi Digital"),
        CategoryFactory(edition=edition, name="Kesehatan"),
    ]


@pytest.fixture
def criteria(edition, desk_stage):
    return [
        CriterionFactory(
            edition=edition, stage=desk_stage, name="Kebaruan", weight=60, order=1, scale_min=1, scale_max=10
        ),
        CriterionFactory(
            edition=edition, stage=desk_stage, name="Efektif", weight=40, order=2, scale_min=1, scale_max=10
        ),
    ]


@pytest.fixture
def panel(edition, desk_stage):
    return PanelFactory(edition=edition, stage=desk_stage, name="Tim Evaluasi Uji")


@pytest.fixture
def jury_round(panel, criteria):
    return RoundFactory(panel=panel, name="Penilaian Desk Tahap 1", reviewers_per_proposal=2, is_blind=True)


@pytest.fixture
def make_juror(organiser):
    def make(email: str, *, panel, name: str = "", agency: Agency | None = None, categories=(), role="evaluator"):
        user = base.UserFactory(email=email, full_name=name or email.split("@")[0].title())
        OrganiserMembership.objects.get_or_create(user=user, organiser=organiser, role=role)
        member = PanelMember.objects.create(panel=panel, user=user)
        member.categories.set(categories)
        if agency is not None:
            JurorProfile.objects.create(user=user, agency=agency)
        return user

    return make


def region(name: str) -> Region:
    return Region.objects.get(name=name)


@pytest.fixture
def make_agency():
    def make(name: str, kind: str = Agency.Kind.KABUPATEN, region_name: str | None = None, parent=None) -> Agency:
        return base.AgencyFactory(
            name=name, kind=kind, region=region(region_name) if region_name else None, parent=parent
        )

    return make


@pytest.fixture
def make_proposal(umum):
    def make(*, agency: Agency | None = None, title: str | None = None, category=None, status=Proposal.Status.PASSED):
        unit = base.UnitFactory(agency=agency) if agency else base.UnitFactory()
        kwargs = {"title": title} if title else {}
        innovation = InnovationFactory(unit=unit, **kwargs)
        return ProposalFactory(innovation=innovation, group=umum, category=category, status=status)

    return make


@pytest.fixture
def proposal(agency, unit, umum, categories):
    """Surabaya's proposal (the agency of the upp_staff and admin_lokal fixtures), passed screening,
    whose text names its agency, UPP and innovator, as real proposals do."""
    agency.region = region("Kota Surabaya")
    agency.save(update_fields=["region"])
    innovation = InnovationFactory(
        unit=unit,
        title="Klinik Adminduk Keliling",
        innovators="Rahmat Hidayat, ketua tim, 0812-3456-7890, rahmat@surabaya.go.id",
    )
    proposal = ProposalFactory(
        innovation=innovation, group=umum, category=categories[0], status=Proposal.Status.PASSED, title=innovation.title
    )
    Answer.objects.create(
        proposal=proposal,
        section=umum.sections.get(),
        text=(
            "Pemerintah Kota Surabaya melalui Dinas Kependudukan dan Pencatatan Sipil membawa layanan ke kampung. "
            "Ketua tim Rahmat Hidayat (0812-3456-7890) memantau antrean di seluruh Surabaya setiap hari."
        ),
    )
    return proposal


@pytest.fixture
def assigned(evaluator, jury_round, proposal):
    """The evaluator fixture on the panel, assigned to Surabaya's proposal in the open round."""
    PanelMember.objects.create(panel=jury_round.panel, user=evaluator)
    return Assignment.objects.create(round=jury_round, juror=evaluator, proposal=proposal)
