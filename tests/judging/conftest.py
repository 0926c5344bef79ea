"""An edition whose proposal entry closed on 30 April 2026 (23:59:59 WIB) and whose administrative
screening runs in May, with one Umum group (minimum age 2 years) and its form; a factory for
complete forwarded proposals; an archived 2023 edition for comparisons with the past."""

import time
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from competitions.models import Edition, Sdg, Stage
from submissions.models import Answer, Attachment, IdentificationAnswer, Proposal
from tests.competitions.factories import (
    AttachmentTypeFactory,
    CategoryFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    IdentificationQuestionFactory,
    StageFactory,
)
from tests.judging import texts
from tests.submissions.factories import InnovationFactory, ProposalFactory

CLOSING_DAY = date(2026, 4, 30)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    translation.activate("id")
    yield
    translation.deactivate()


def build_form(edition: Edition, *, minimum_age_years: int = 2, name: str = "Kelompok Umum", kind: str = "umum"):
    group = GroupFactory(edition=edition, name=name, kind=kind, minimum_age_years=minimum_age_years)
    FormSectionFactory(group=group, edition=edition, title="Ringkasan", word_limit=120, order=1)
    FormSectionFactory(group=group, edition=edition, title="Latar Belakang dan Tujuan", word_limit=300, order=2)
    return group


@pytest.fixture
def edition(secretariat):
    organiser = secretariat.organiser_memberships.get().organiser
    edition = EditionFactory(organiser=organiser, year=2026, slug="kipp-2026", name="KIPP 2026", short_name="KIPP 2026")
    StageFactory(edition=edition, kind=Stage.Kind.PROPOSAL_ENTRY, first_day=date(2026, 3, 16), last_day=CLOSING_DAY)
    StageFactory(
        edition=edition, kind=Stage.Kind.ADMIN_LOKAL_REVIEW, first_day=date(2026, 5, 1), last_day=date(2026, 5, 7)
    )
    StageFactory(
        edition=edition,
        kind=Stage.Kind.ADMINISTRATIVE_SCREENING,
        first_day=date(2026, 5, 8),
        last_day=date(2026, 5, 20),
    )
    IdentificationQuestionFactory(
        edition=edition, key="aplikasi", label="Apakah inovasi berupa aplikasi?", kind="yes_no"
    )
    AttachmentTypeFactory(edition=edition, name="Surat Pernyataan Implementasi", allowed_extensions="pdf")
    CategoryFactory(edition=edition, name="Pelayanan Publik Inklusif")
    return edition


@pytest.fixture
def umum(edition):
    return build_form(edition)


@pytest.fixture
def past_edition(secretariat):
    organiser = secretariat.organiser_memberships.get().organiser
    edition = EditionFactory(
        organiser=organiser,
        year=2023,
        slug="kipp-2023",
        name="KIPP 2023",
        short_name="KIPP 2023",
        status=Edition.Status.ARCHIVED,
    )
    StageFactory(
        edition=edition, kind=Stage.Kind.PROPOSAL_ENTRY, first_day=date(2023, 3, 1), last_day=date(2023, 4, 30)
    )
    build_form(edition, minimum_age_years=1)
    return edition


def make_proposal(
    group,
    *,
    title: str,
    answers: dict | None = None,
    unit=None,
    innovation=None,
    started_on: date = date(2020, 1, 15),
    status: str = Proposal.Status.FORWARDED,
    complete: bool = True,
    attachments: bool = True,
) -> Proposal:
    """A proposal of `group` with its answers in section order, and (when `complete`) everything
    else submission needs: category, SDG, identification answers, attachments, declaration."""
    edition = group.edition
    innovation = innovation or InnovationFactory(
        title=title, started_on=started_on, **({"unit": unit} if unit is not None else {})
    )
    proposal = ProposalFactory(
        group=group,
        innovation=innovation,
        title=title,
        status=status,
        category=edition.categories.first() if complete else None,
        truthfulness_declared_at=timezone.now() if complete else None,
    )
    texts_by_order = list((answers or texts.unique_text(title)).values())
    for section, text in zip(group.sections.order_by("order", "pk"), texts_by_order, strict=False):
        Answer.objects.create(proposal=proposal, section=section, text=text)
    if complete:
        sdg, _created = Sdg.objects.get_or_create(
            number=16, defaults={"name": "Perdamaian, Keadilan, dan Kelembagaan yang Tangguh", "name_en": "Peace"}
        )
        proposal.sdgs.add(sdg)
        for question in edition.identification_questions.all():
            IdentificationAnswer.objects.create(proposal=proposal, question=question, value="no")
        for kind in edition.attachment_types.all() if attachments else []:
            attachment = Attachment(
                proposal=proposal,
                attachment_type=kind,
                original_name="surat.pdf",
                content_type="application/pdf",
                size=9,
            )
            attachment.file.save("surat.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
            attachment.save()
    return proposal


@pytest.fixture
def proposal_of(umum):
    def build(**kwargs):
        return make_proposal(umum, **kwargs)

    return build


@pytest.fixture
def task_runner():
    """Run queued tasks: in-process when Celery is eager (no REDIS_URL), otherwise through a real
    worker on the real broker. Tests using it need `django_db(transaction=True)`."""
    from celery.contrib.testing.worker import start_worker

    from sinovik.celery import app

    if app.conf.task_always_eager:
        yield
        return
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail("the queued task did not finish in time")
