"""An edition of the secretariat's organiser and helpers to put agencies and proposals in it.

The secretariat fixture (tests/conftest.py) works for the organiser OrganiserFactory makes, so
`edition` is theirs; `other_secretariat` runs another organiser's competitions.
"""

import pytest
from django.utils import translation

from agencies.models import Agency, Region
from competitions.models import Organiser, OrganiserMembership
from submissions.models import Proposal
from tests import factories as base
from tests.competitions.factories import EditionFactory, GroupFactory
from tests.submissions.factories import InnovationFactory, ProposalFactory


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
    return EditionFactory(organiser=organiser, slug="kipp-dasbor", year=2026)


@pytest.fixture
def group(edition):
    return GroupFactory(edition=edition, name="Kelompok Umum")


@pytest.fixture
def other_secretariat():
    user = base.UserFactory(email="sekretariat.jatim@example.test", is_staff=True)
    organiser = Organiser.objects.create(name="Pemerintah Provinsi Jawa Timur", kind=Organiser.Kind.PROVINCIAL)
    OrganiserMembership.objects.create(user=user, organiser=organiser, role=OrganiserMembership.Role.SECRETARIAT)
    return user


@pytest.fixture
def superuser():
    return base.UserFactory(email="root@example.test", is_staff=True, is_superuser=True)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def agency(name: str, kind: str, code: str | None = None, **fields) -> Agency:
    return base.AgencyFactory(name=name, kind=kind, region=region(code) if code else None, **fields)


def proposal(agency: Agency, group, status: str = Proposal.Status.DRAFT, **fields) -> Proposal:
    unit = base.UnitFactory(agency=agency)
    innovation = InnovationFactory(unit=unit, agency=agency)
    return ProposalFactory(innovation=innovation, group=group, status=status, **fields)
