"""Every admin list page of the stable apps costs the same number of queries for 1 row as for 3.

Each builder adds one row of its model (with the related rows its list shows); the test opens the
list once to warm Django's caches, then with one row and with three, as a superuser.
"""

from datetime import timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import AccountRequest, Agency, AuditEntry, Invitation, Region
from competitions.models import EditionStatusChange, GroupInvitation, Stage, StageExtension
from notifications.models import EmailTemplate, GroupMessage, Message, MessageAttachment, Notification
from submissions.models import Attachment, Award, EntryExtension, IdentificationAnswer, ProposalEvent, ReviewComment
from tests import factories as base
from tests.competitions.factories import (
    AnnouncementFactory,
    AttachmentTypeFactory,
    CategoryFactory,
    CriterionFactory,
    EditionDocumentFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    IdentificationQuestionFactory,
    StageFactory,
)
from tests.submissions.factories import AnswerFactory, InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db
SEQUENCE = count()


def _n() -> int:
    return next(SEQUENCE)


def _agency() -> Agency:
    regency = Region.objects.get(code="35.78")
    parent = base.AgencyFactory(region=regency, kind=Agency.Kind.KOTA)
    return base.AgencyFactory(kind=Agency.Kind.BUMD, parent=parent, region=regency)


def _proposal():
    unit = base.UnitFactory(agency=_agency())
    return ProposalFactory(innovation=InnovationFactory(unit=unit, agency=unit.agency))


def _edition():
    return EditionFactory(organiser=base.OrganiserFactory(name=f"Penyelenggara {_n()}"))


def _region():
    n = _n()
    Region.objects.create(
        code=f"35.9{n}", name=f"Kabupaten Uji {n}", level=Region.Level.REGENCY, province=Region.objects.get(code="35")
    )


def _account_request():
    AccountRequest.objects.create(
        agency=base.AgencyFactory(status=Agency.Status.PENDING),
        admin_name="Rina",
        admin_position="Kepala Bagian Organisasi",
        admin_email=f"rina{_n()}@example.test",
        admin_phone="0812",
        letter="agencies/letters/surat.pdf",
        decided_by=base.UserFactory(),
    )


def _invitation():
    unit = base.UnitFactory(agency=_agency())
    Invitation.objects.create(
        email=f"upp{_n()}@example.test",
        agency=unit.agency,
        unit=unit,
        role="upp_staff",
        token_hash=f"{_n():064d}",
        expires_at=timezone.now() + timedelta(days=7),
        invited_by=base.UserFactory(),
    )


def _stage_extension():
    stage = StageFactory(edition=_edition())
    StageExtension.objects.create(
        stage=stage,
        previous_starts_at=stage.starts_at,
        previous_ends_at=stage.ends_at,
        starts_at=stage.starts_at,
        ends_at=stage.ends_at + timedelta(days=4),
        reason="Sistem sempat tidak dapat diakses.",
        created_by=base.UserFactory(),
    )


def _message(**fields) -> Message:
    return Message.objects.create(
        to_email=f"orang{_n()}@example.test",
        language="id",
        event="agency_verified",
        subject="Instansi diverifikasi",
        body_text="Teks",
        body_html="<p>Teks</p>",
        **fields,
    )


EVENTS = iter(["agency_email_verification", "agency_request_received", "agency_request_pending", "agency_verified"])

BUILDERS = {
    "accounts_user": lambda: base.UserFactory(),
    "agencies_region": _region,
    "agencies_agency": _agency,
    "agencies_unit": lambda: base.UnitFactory(agency=_agency()),
    "agencies_membership": lambda: base.MembershipFactory(
        agency=(unit := base.UnitFactory(agency=_agency())).agency, unit=unit, role="upp_staff"
    ),
    "agencies_accountrequest": _account_request,
    "agencies_invitation": _invitation,
    "agencies_auditentry": lambda: AuditEntry.objects.create(
        agency=_agency(), action=AuditEntry.Action.VERIFIED, actor=base.UserFactory()
    ),
    "competitions_edition": lambda: StageFactory(edition=_edition()),
    "competitions_group": lambda: GroupInvitation.objects.create(
        group=GroupFactory(edition=_edition()), agency=base.AgencyFactory()
    ),
    "competitions_organiser": lambda: base.OrganiserFactory(name=f"Penyelenggara {_n()}"),
    "competitions_organisermembership": lambda: base.OrganiserMembershipFactory(
        organiser=base.OrganiserFactory(name=f"Penyelenggara {_n()}")
    ),
    "competitions_stage": lambda: StageFactory(edition=_edition()),
    "competitions_stageextension": _stage_extension,
    "competitions_editionstatuschange": lambda: EditionStatusChange.objects.create(
        edition=_edition(), from_status="draft", to_status="published", created_by=base.UserFactory()
    ),
    "competitions_category": lambda: CategoryFactory(edition=_edition()),
    "competitions_groupinvitation": lambda: GroupInvitation.objects.create(
        group=GroupFactory(edition=_edition()), agency=base.AgencyFactory()
    ),
    "competitions_formsection": lambda: FormSectionFactory(group=GroupFactory(edition=_edition())),
    "competitions_identificationquestion": lambda: IdentificationQuestionFactory(
        edition=(group := GroupFactory(edition=_edition())).edition, group=group
    ),
    "competitions_attachmenttype": lambda: AttachmentTypeFactory(
        edition=(group := GroupFactory(edition=_edition())).edition, group=group
    ),
    "competitions_criterion": lambda: CriterionFactory(
        stage=StageFactory(edition=_edition(), kind=Stage.Kind.DESK_EVALUATION),
        group=None,
    ),
    "competitions_editiondocument": lambda: EditionDocumentFactory(edition=_edition()),
    "competitions_announcement": lambda: AnnouncementFactory(edition=_edition()),
    "notifications_message": lambda: _message(recipient=base.UserFactory()),
    "notifications_messageattachment": lambda: MessageAttachment.objects.create(
        message=_message(), filename="undangan.ics", mimetype="text/calendar", content=b"BEGIN:VCALENDAR"
    ),
    "notifications_notification": lambda: Notification.objects.create(
        user=base.UserFactory(), event="agency_verified", title="Instansi diverifikasi", message=_message()
    ),
    "notifications_emailtemplate": lambda: EmailTemplate.objects.create(
        event=next(EVENTS), language="id", subject="Subjek", body="Isi", updated_by=base.UserFactory()
    ),
    "notifications_groupmessage": lambda: GroupMessage.objects.create(
        subject_id="Pengumuman", body_id="Isi", roles=["admin_lokal"], created_by=base.UserFactory()
    ),
    "submissions_innovation": lambda: _proposal().innovation,
    "submissions_award": lambda: Award.objects.create(
        innovation=(proposal := _proposal()).innovation, year=2026, tier="top99", edition=proposal.edition
    ),
    "submissions_proposal": _proposal,
    "submissions_answer": lambda: AnswerFactory(
        proposal=(proposal := _proposal()), section=FormSectionFactory(group=proposal.group)
    ),
    "submissions_identificationanswer": lambda: IdentificationAnswer.objects.create(
        proposal=(proposal := _proposal()), question=IdentificationQuestionFactory(edition=proposal.edition), value="ya"
    ),
    "submissions_proposalevent": lambda: ProposalEvent.objects.create(
        proposal=_proposal(), from_status="draft", to_status="submitted", actor=base.UserFactory()
    ),
    "submissions_reviewcomment": lambda: ReviewComment.objects.create(
        proposal=(proposal := _proposal()),
        section=FormSectionFactory(group=proposal.group),
        author=base.UserFactory(),
        text="Lengkapi data dukung.",
    ),
    "submissions_attachment": lambda: Attachment.objects.create(
        proposal=(proposal := _proposal()),
        attachment_type=AttachmentTypeFactory(edition=proposal.edition),
        section=FormSectionFactory(group=proposal.group),
        file="proposals/x.pdf",
        original_name="surat.pdf",
        content_type="application/pdf",
        size=1000,
    ),
    "submissions_entryextension": lambda: EntryExtension.objects.create(
        edition=_edition(),
        agency=_agency(),
        until=timezone.now() + timedelta(days=4),
        reason="Jaringan terputus.",
        granted_by=base.UserFactory(),
    ),
}
# Regions come loaded with the country's 552 regions: search for the test ones.
QUERY = {"agencies_region": {"q": "Uji"}}


@pytest.fixture
def superuser_client(client):
    client.force_login(base.UserFactory(email="root@example.test", is_staff=True, is_superuser=True))
    return client


def _queries(client, url: str, params: dict) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries), response.content.decode()


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_admin_list_page_query_count_does_not_grow_with_rows(superuser_client, name):
    url = reverse(f"admin:{name}_changelist")
    params = QUERY.get(name, {})
    superuser_client.get(url, params)  # warm the content-type and site caches
    BUILDERS[name]()
    with_one, page = _queries(superuser_client, url, params)
    BUILDERS[name]()
    BUILDERS[name]()

    with_three, page = _queries(superuser_client, url, params)

    assert with_three == with_one
    assert "result_list" in page


def test_every_model_of_the_stable_apps_has_an_admin_list_page():
    from django.apps import apps
    from django.contrib import admin

    stable = {"accounts", "agencies", "competitions", "notifications", "submissions"}
    registered = {
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model in apps.get_models()
        if model._meta.app_label in stable and model in admin.site._registry
    }
    every = {
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model in apps.get_models()
        if model._meta.app_label in stable
    }

    assert registered == every
    assert every - {"competitions_sdg"} == set(BUILDERS)
