"""An edition whose proposal entry is open now, with one Umum group and its form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from competitions.models import Sdg, Stage
from tests.competitions.factories import (
    AttachmentTypeFactory,
    CategoryFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    IdentificationQuestionFactory,
    StageFactory,
)
from tests.submissions.factories import ProposalFactory


@pytest.fixture
def open_edition():
    now = timezone.now().replace(microsecond=0)
    edition = EditionFactory(year=now.year, slug="kipp-uji")
    StageFactory(
        edition=edition,
        kind=Stage.Kind.PROPOSAL_ENTRY,
        starts_at=now - timedelta(days=10),
        ends_at=now + timedelta(days=10),
    )
    StageFactory(
        edition=edition,
        kind=Stage.Kind.ADMIN_LOKAL_REVIEW,
        starts_at=now + timedelta(days=10, seconds=1),
        ends_at=now + timedelta(days=14),
    )
    return edition


@pytest.fixture
def umum(open_edition):
    group = GroupFactory(edition=open_edition, name="Kelompok Umum", quota_per_agency=2, minimum_age_years=1)
    FormSectionFactory(group=group, edition=open_edition, title="Ringkasan", word_limit=20, order=1)
    FormSectionFactory(group=group, edition=open_edition, title="Latar Belakang", word_limit=30, order=2)
    FormSectionFactory(
        group=group, edition=open_edition, title="Lampiran Tambahan", word_limit=10, order=3, required=False
    )
    IdentificationQuestionFactory(
        edition=open_edition, key="aplikasi", label="Apakah inovasi berupa aplikasi?", kind="yes_no"
    )
    AttachmentTypeFactory(edition=open_edition, name="Surat Pernyataan", allowed_extensions="pdf")
    CategoryFactory(edition=open_edition, name="Transformasi Digital")
    return group


@pytest.fixture
def proposal(umum, unit):
    from tests.submissions.factories import InnovationFactory

    return ProposalFactory(group=umum, innovation=InnovationFactory(unit=unit), title="Layanan Adminduk Keliling")


@pytest.fixture
def sdg():
    return Sdg.objects.get(number=16)
