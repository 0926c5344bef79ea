from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competitions.models import Group, Stage
from notifications.models import Message
from submissions import services
from submissions.models import Proposal, ProposalEvent, ReviewComment
from tests.competitions.factories import GroupFactory
from tests.submissions.factories import AwardFactory, InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status


def _complete(proposal, by, sdg):
    """Fill in everything the test form asks for."""
    sections = {s.title: s for s in proposal.group.sections.all()}
    services.save_answer(
        proposal=proposal, section_id=sections["Ringkasan"].pk, text="Ringkas dan jelas.", base_version=0, by=by
    )
    services.save_answer(
        proposal=proposal,
        section_id=sections["Latar Belakang"].pk,
        text="Latar belakang inovasi.",
        base_version=0,
        by=by,
    )
    question = proposal.edition.identification_questions.get()
    services.save_identification(
        proposal=proposal,
        base_version=proposal.version,
        by=by,
        title=proposal.title,
        category=proposal.edition.categories.get(),
        sdgs=[sdg],
        started_on=timezone.now().date() - timedelta(days=800),
        innovator_kind="team",
        innovators="Dewi Lestari",
        replicates=None,
        answers={question.pk: "no"},
    )
    from django.core.files.base import ContentFile

    from tests.agencies.conftest import pdf_bytes

    proposal.attachments.create(
        attachment_type=proposal.edition.attachment_types.get(),
        file=ContentFile(pdf_bytes(), "s.pdf"),
        original_name="s.pdf",
        content_type="application/pdf",
        size=100,
        uploaded_by=by,
    )
    services.declare_truthfulness(proposal=proposal, by=by)
    proposal.refresh_from_db()
    return proposal


def test_start_proposal_creates_a_draft_with_its_first_event(umum, unit, upp_staff):
    proposal = services.start_proposal(
        edition=umum.edition, group=umum, unit=unit, title=" Dukcapil  Keliling ", by=upp_staff
    )

    assert (proposal.status, proposal.title, proposal.innovation.unit) == (S.DRAFT, "Dukcapil Keliling", unit)
    assert list(proposal.events.values_list("to_status", flat=True)) == [S.DRAFT]


def test_khusus_group_is_for_invited_agencies_only(open_edition, unit, upp_staff):
    khusus = GroupFactory(edition=open_edition, kind=Group.Kind.KHUSUS, by_invitation=True, name="Kelompok Khusus")

    with pytest.raises(ValidationError, match=r"diundang"):
        services.start_proposal(edition=open_edition, group=khusus, unit=unit, title="X", by=upp_staff)


def test_save_based_on_a_stale_version_is_refused_and_keeps_the_newer_text(proposal, upp_staff, admin_lokal):
    section = proposal.group.sections.first()
    services.save_answer(proposal=proposal, section_id=section.pk, text="Versi pertama", base_version=0, by=upp_staff)
    services.save_answer(proposal=proposal, section_id=section.pk, text="Versi rekan", base_version=1, by=admin_lokal)

    with pytest.raises(services.StaleVersion) as stale:
        services.save_answer(
            proposal=proposal, section_id=section.pk, text="Versi tab lama", base_version=1, by=upp_staff
        )

    assert stale.value.answer.text == "Versi rekan" and stale.value.answer.version == 2


def test_over_limit_text_is_saved_and_flagged_but_blocks_submission(proposal, upp_staff, sdg):
    proposal = _complete(proposal, upp_staff, sdg)
    section = proposal.group.sections.get(title="Ringkasan")

    result = services.save_answer(
        proposal=proposal, section_id=section.pk, text="kata " * 25, base_version=1, by=upp_staff
    )

    assert result.over_limit and result.words == 25
    with pytest.raises(ValidationError, match="batas 20"):
        services.transition(proposal=proposal, to=S.SUBMITTED, by=upp_staff)


def test_missing_parts_are_listed_with_anchors(proposal):
    missing = {anchor: message for message, anchor in services.missing_for_submission(proposal)}

    assert {"identification", "attachments", "submit"} <= set(missing)
    assert any(anchor.startswith("section-") for anchor in missing)


def test_submit_notifies_the_admin_lokal_and_a_double_click_submits_once(proposal, upp_staff, admin_lokal, sdg):
    proposal = _complete(proposal, upp_staff, sdg)

    services.transition(proposal=proposal, to=S.SUBMITTED, by=upp_staff)
    services.transition(proposal=proposal, to=S.SUBMITTED, by=upp_staff)

    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.submitted_at is not None
    assert ProposalEvent.objects.filter(proposal=proposal, to_status=S.SUBMITTED).count() == 1
    assert list(Message.objects.filter(event="proposal_submitted").values_list("to_email", flat=True)) == [
        admin_lokal.email
    ]


def test_return_needs_a_comment_and_records_section_comments(proposal, upp_staff, admin_lokal, sdg):
    proposal = _complete(proposal, upp_staff, sdg)
    services.transition(proposal=proposal, to=S.SUBMITTED, by=upp_staff)
    section = proposal.group.sections.first()

    with pytest.raises(ValidationError):
        services.transition(proposal=proposal, to=S.RETURNED, by=admin_lokal)
    services.return_with_comments(
        proposal=proposal, by=admin_lokal, comment="", section_comments={section.pk: "Tambahkan data."}
    )

    proposal.refresh_from_db()
    assert proposal.status == S.RETURNED
    assert list(ReviewComment.objects.values_list("section", "text")) == [(section.pk, "Tambahkan data.")]
    assert Message.objects.filter(event="proposal_returned", to_email=upp_staff.email).exists()


def test_forwarding_respects_the_agency_quota(proposal, upp_staff, admin_lokal, sdg, umum, unit):
    umum.quota_per_agency = 1
    umum.save()
    ProposalFactory(group=umum, innovation=InnovationFactory(unit=unit), status=S.FORWARDED)
    proposal = _complete(proposal, upp_staff, sdg)
    services.transition(proposal=proposal, to=S.SUBMITTED, by=upp_staff)

    with pytest.raises(ValidationError, match="1 dari 1"):
        services.transition(proposal=proposal, to=S.FORWARDED, by=admin_lokal)


def test_after_closing_drafts_are_read_only_and_the_message_names_the_closing_time(proposal, upp_staff):
    stage = proposal.edition.stages.get(kind=Stage.Kind.PROPOSAL_ENTRY)
    later = stage.ends_at + timedelta(seconds=1)
    section = proposal.group.sections.first()

    with pytest.raises(ValidationError) as error:
        services.save_answer(
            proposal=proposal, section_id=section.pk, text="terlambat", base_version=0, by=upp_staff, now=later
        )

    assert "WIB" in error.value.messages[0] and "ditutup" in error.value.messages[0]


def test_the_last_second_is_still_open(proposal, upp_staff):
    stage = proposal.edition.stages.get(kind=Stage.Kind.PROPOSAL_ENTRY)
    section = proposal.group.sections.first()

    result = services.save_answer(
        proposal=proposal, section_id=section.pk, text="tepat waktu", base_version=0, by=upp_staff, now=stage.ends_at
    )

    assert result.answer.text == "tepat waktu"


def test_an_agency_extension_reopens_entry_for_that_agency_only(proposal, upp_staff, secretariat):
    stage = proposal.edition.stages.get(kind=Stage.Kind.PROPOSAL_ENTRY)
    later = stage.ends_at + timedelta(hours=2)
    services.grant_entry_extension(
        edition=proposal.edition,
        agency=proposal.innovation.agency,
        until=stage.ends_at + timedelta(days=4),
        reason="Jaringan terputus.",
        by=secretariat,
    )

    assert services.is_entry_open_for(edition=proposal.edition, agency=proposal.innovation.agency, now=later)
    assert not services.is_entry_open_for(edition=proposal.edition, agency=InnovationFactory().agency, now=later)


def test_withdrawal_is_final(proposal, upp_staff):
    services.transition(proposal=proposal, to=S.WITHDRAWN, by=upp_staff)

    with pytest.raises(ValidationError):
        services.transition(proposal=proposal, to=S.SUBMITTED, by=upp_staff)


def test_replikasi_must_point_to_a_top_99_innovation(open_edition, unit, upp_staff):
    replikasi = GroupFactory(edition=open_edition, kind=Group.Kind.REPLIKASI, name="Kelompok Replikasi")
    proposal = ProposalFactory(group=replikasi, innovation=InnovationFactory(unit=unit))
    ordinary = InnovationFactory()

    proposal.replicates = ordinary
    proposal.save()
    before = [m for m, _a in services.missing_for_submission(proposal)]
    AwardFactory(innovation=ordinary)
    after = [m for m, _a in services.missing_for_submission(proposal)]

    assert any("Top 99" in message for message in before)
    assert not any("Top 99" in message for message in after)


def test_an_extension_must_end_after_closing_and_give_a_reason(proposal, secretariat):
    closes = proposal.edition.entry_closes_at

    with pytest.raises(ValidationError):
        services.grant_entry_extension(edition=proposal.edition, agency=proposal.innovation.agency,
                                       until=closes, reason="Alasan", by=secretariat)
    with pytest.raises(ValidationError):
        services.grant_entry_extension(edition=proposal.edition, agency=proposal.innovation.agency,
                                       until=closes + timedelta(days=1), reason=" ", by=secretariat)
