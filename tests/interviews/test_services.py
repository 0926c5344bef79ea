"""Placement without conflicts, moves, the 24-hour rule, invitations, attendance and materials."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from interviews import services
from interviews.models import Interview, InterviewEvent
from jury.models import Assignment, ConflictDeclaration
from notifications.models import Message
from tests.interviews.conftest import DAY, make_slots, pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def _slot_of(proposal):
    return Interview.objects.get(proposal=proposal).slot


def test_assign_never_puts_a_conflicted_panelist_with_the_proposal(
    edition, interview_round, panelists, make_finalist, surabaya_finalist, secretariat
):
    panelist, budi, citra = panelists
    with_budi = make_slots(edition, interview_round, panelists=[budi, citra])[0]
    without_budi = make_slots(edition, interview_round, start=services.time(10, 0), panelists=[panelist, citra])[0]
    other = make_finalist(title="Bandung Smart Parking")

    report = services.assign_finalists(edition=edition, by=secretariat)

    assert _slot_of(surabaya_finalist) == without_budi
    assert _slot_of(other) == with_budi
    assert report.unplaced == []
    assert set(Assignment.objects.filter(proposal=surabaya_finalist).values_list("juror", "round")) == {
        (panelist.pk, interview_round.pk),
        (citra.pk, interview_round.pk),
    }


def test_assign_reports_in_plain_words_what_cannot_be_placed(
    edition, interview_round, panelists, surabaya_finalist, make_finalist, secretariat
):
    _panelist, budi, _citra = panelists
    make_slots(edition, interview_round, panelists=[budi])
    ConflictDeclaration.objects.create(
        edition=edition, juror=budi, proposal=make_finalist(title="Sungai Bersih"), reason="Saya pembinanya."
    )

    report = services.assign_finalists(edition=edition, by=secretariat)

    assert report.placed == []
    reasons = {item.proposal.title: item.reason for item in report.unplaced}
    assert reasons == {
        "Klinik Adminduk Keliling": "Every free slot has a panelist with a conflict of interest: "
        "Budi Santoso: The juror works for the agency that entered the proposal.",
        "Sungai Bersih": "Every free slot has a panelist with a conflict of interest: Budi Santoso: Saya pembinanya.",
    }
    assert not Interview.objects.exists()


def test_assign_reports_a_finalist_left_without_a_free_slot(
    edition, interview_round, panelists, make_finalist, secretariat
):
    make_slots(edition, interview_round, count=1)
    first, second = make_finalist(title="A"), make_finalist(title="B")

    report = services.assign_finalists(edition=edition, by=secretariat)

    assert [interview.proposal for interview in report.placed] == [first]
    assert [(item.proposal, item.reason) for item in report.unplaced] == [
        (
            second,
            "The free slots it may take went to other finalists, and the other free slots have a panelist "
            "with a conflict of interest. Create slots with other panelists.",
        )
    ]


def test_assign_moves_earlier_choices_to_place_everyone_when_possible(
    edition, interview_round, panelists, make_finalist, surabaya_finalist, secretariat
):
    """The day balance would put the unconstrained finalist first in the only slot Surabaya may take:
    the augmenting path frees it, so both are placed."""
    panelist, budi, citra = panelists
    other = make_finalist(title="Bandung Smart Parking")
    ConflictDeclaration.objects.create(edition=edition, juror=panelist, proposal=other, reason="Kerabat.")
    early_free = make_slots(edition, interview_round, panelists=[citra])[0]
    late_budi = make_slots(edition, interview_round, start=services.time(11, 0), panelists=[budi])[0]

    report = services.assign_finalists(edition=edition, by=secretariat)

    assert report.unplaced == []
    assert (_slot_of(surabaya_finalist), _slot_of(other)) == (early_free, late_budi)


def test_assign_spreads_finalists_over_the_days_and_is_deterministic(
    edition, interview_round, panelists, make_finalist, secretariat
):
    first_day = make_slots(edition, interview_round, count=3)
    second_day = make_slots(edition, interview_round, count=3, day=DAY + timedelta(days=1))
    proposals = [make_finalist(title=f"Inovasi {n}") for n in range(4)]

    report = services.assign_finalists(edition=edition, by=secretariat)

    assert [_slot_of(p) for p in proposals] == [first_day[0], second_day[0], first_day[1], second_day[1]]
    assert report.per_day == {DAY: 2, DAY + timedelta(days=1): 2}
    assert services.assign_finalists(edition=edition, by=secretariat).placed == []


def test_move_refuses_a_slot_with_a_conflicted_panelist(
    edition, interview_round, panelists, surabaya_finalist, secretariat
):
    panelist, budi, citra = panelists
    make_slots(edition, interview_round, panelists=[citra])
    conflicted = make_slots(edition, interview_round, start=services.time(13, 0), panelists=[budi, panelist])[0]
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get()

    with pytest.raises(ValidationError) as refused:
        services.move_interview(interview=interview, to_slot=conflicted, by=secretariat)

    assert refused.value.messages == [
        "A panelist of this slot has a conflict of interest with the proposal: "
        "Budi Santoso: The juror works for the agency that entered the proposal."
    ]
    interview.refresh_from_db()
    assert interview.slot.panelists.get() == citra
    assert not Assignment.objects.filter(juror=budi).exists()


def test_move_to_a_free_slot_resets_the_answer_moves_scoring_and_tells_the_agency(
    edition, interview_round, panelists, surabaya_finalist, secretariat, admin_lokal, upp_staff
):
    panelist, _budi, citra = panelists
    make_slots(edition, interview_round, panelists=[citra])
    later = make_slots(edition, interview_round, start=services.time(14, 0), panelists=[panelist])[0]
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get()
    services.set_status(interview=interview, status=Interview.Status.CONFIRMED, by=admin_lokal)

    services.move_interview(interview=interview, to_slot=later, by=secretariat)

    interview.refresh_from_db()
    assert (interview.slot, interview.status, interview.confirmed_by) == (later, "scheduled", None)
    assert list(Assignment.objects.filter(proposal=surabaya_finalist).values_list("juror", flat=True)) == [panelist.pk]
    assert Message.objects.filter(event="interview_slot", to_email=admin_lokal.email).count() == 2
    assert list(interview.events.values_list("action", flat=True)) == [
        InterviewEvent.Action.ASSIGNED,
        InterviewEvent.Action.STATUS,
        InterviewEvent.Action.MOVED,
        InterviewEvent.Action.STATUS,
    ]


def test_placement_queues_an_invitation_with_an_ics_to_admin_lokal_and_upp_staff(
    edition, interview_round, panelists, surabaya_finalist, secretariat, admin_lokal, upp_staff, other_agency_staff
):
    slot = make_slots(edition, interview_round, panelists=[panelists[2]])[0]

    services.assign_finalists(edition=edition, by=secretariat)

    messages = Message.objects.filter(event="interview_slot").order_by("to_email")
    assert [m.to_email for m in messages] == [admin_lokal.email, upp_staff.email]
    attachment = messages[0].attachments.get()
    content = bytes(attachment.content).decode()
    assert (attachment.filename, attachment.mimetype) == ("wawancara.ics", "text/calendar")
    assert "DTSTART:" + slot.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") in content
    assert f"UID:interview-{Interview.objects.get().pk}@sinovik" in content
    assert "Klinik Adminduk Keliling" in content.replace("\r\n ", "")


def test_confirmation_is_allowed_until_24_hours_before_the_start(
    edition, interview_round, panelists, surabaya_finalist, secretariat, admin_lokal
):
    slot = make_slots(edition, interview_round, panelists=[panelists[0]])[0]
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get()
    deadline = slot.starts_at - timedelta(hours=24)

    with pytest.raises(services.TooLate) as late:
        services.set_status(
            interview=interview, status="confirmed", by=admin_lokal, now=deadline + timedelta(microseconds=1)
        )
    services.set_status(interview=interview, status="confirmed", by=admin_lokal, now=deadline)

    interview.refresh_from_db()
    assert (interview.status, interview.confirmed_by, interview.confirmed_at) == ("confirmed", admin_lokal, deadline)
    assert "Confirmation closed at" in late.value.messages[0]
    assert "24 hours before the interview" in late.value.messages[0]


def test_a_declined_slot_is_told_to_the_secretariat_each_time(
    edition, interview_round, panelists, surabaya_finalist, secretariat, admin_lokal
):
    from notifications.models import Message

    slot = make_slots(edition, interview_round, panelists=[panelists[0]])[0]
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get()
    early = slot.starts_at - timedelta(days=3)

    services.set_status(interview=interview, status="confirmed", by=admin_lokal, now=early)
    assert not Message.objects.filter(event="interview_declined").exists()
    services.set_status(interview=interview, status="declined", by=admin_lokal, now=early)
    services.set_status(interview=interview, status="declined", by=admin_lokal, now=early + timedelta(hours=1))
    services.set_status(interview=interview, status="confirmed", by=admin_lokal, now=early + timedelta(hours=2))
    services.set_status(interview=interview, status="declined", by=admin_lokal, now=early + timedelta(hours=3))

    declined = Message.objects.filter(event="interview_declined")
    assert [message.to_email for message in declined] == [secretariat.email, secretariat.email]
    assert surabaya_finalist.title in declined.first().subject


def test_attendance_is_recorded_only_after_the_start(
    edition, interview_round, panelists, surabaya_finalist, secretariat
):
    slot = make_slots(edition, interview_round, panelists=[panelists[0]])[0]
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get()

    with pytest.raises(ValidationError):
        services.set_attendance(
            interview=interview, attendance="no_show", by=secretariat, now=slot.starts_at - timedelta(seconds=1)
        )
    services.set_attendance(interview=interview, attendance="no_show", by=secretariat, now=slot.starts_at)

    interview.refresh_from_db()
    assert (interview.attendance, interview.attendance_by) == ("no_show", secretariat)


def test_materials_are_checked_by_content(
    edition, interview_round, panelists, surabaya_finalist, secretariat, upp_staff
):
    make_slots(edition, interview_round, panelists=[panelists[0]])
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get()
    fake = SimpleUploadedFile("paparan.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")

    with pytest.raises(ValidationError):
        services.upload_materials(interview=interview, by=upp_staff, deck=fake)
    services.upload_materials(
        interview=interview,
        by=upp_staff,
        deck=SimpleUploadedFile("Paparan KIPP.pdf", PDF),
        summary=SimpleUploadedFile("ringkasan.pdf", PDF),
        video_link="https://youtu.be/abc",
    )

    interview.refresh_from_db()
    assert (interview.deck_name, interview.summary_name, interview.video_link) == (
        "Paparan KIPP.pdf",
        "ringkasan.pdf",
        "https://youtu.be/abc",
    )
    assert interview.deck.read().startswith(b"%PDF-")


def test_assign_explains_a_finalist_outside_the_interview_round(
    edition, interview_round, substance_round, panelists, make_finalist, secretariat
):
    interview_round.source_round = substance_round  # takes only confirmed nominees, and there are none
    interview_round.save()
    make_slots(edition, interview_round, panelists=[panelists[2]])
    make_finalist(title="Sungai Bersih")

    report = services.assign_finalists(edition=edition, by=secretariat)

    assert [item.reason for item in report.unplaced] == [
        "It does not take part in the interview round: check that the round takes this edition's finalists."
    ]


def test_create_slots_refuses_a_round_outside_the_presentation_stage(edition, substance_round, secretariat):
    with pytest.raises(ValidationError) as refused:
        make_slots(edition, substance_round, by=secretariat)

    assert refused.value.messages == ["Choose a round of this edition's presentation stage."]
