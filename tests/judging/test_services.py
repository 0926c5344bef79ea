"""Deciding and publishing: the rules, the audit trail, and what publication does."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from competitions.models import Announcement
from judging import services
from judging.models import (
    ScreeningAnnouncement,
    ScreeningDecision,
    ScreeningDecisionChange,
    ScreeningRun,
)
from judging.tasks import publish_screening_results_task, run_screening_checks_task
from notifications.models import Message
from submissions.models import Proposal, ProposalEvent
from tests.judging import texts
from tests.judging.conftest import wait_for

pytestmark = pytest.mark.django_db

PASS, FAIL = ScreeningDecision.Outcome.PASS, ScreeningDecision.Outcome.FAIL


@pytest.fixture
def two(proposal_of, unit):
    good = proposal_of(title="Layanan Adminduk Keliling", answers=texts.ORIGINAL, unit=unit)
    copied = proposal_of(title="Pelayanan Dukcapil Jemput Bola", answers=texts.COPY)
    return good, copied


# --- Decisions ----------------------------------------------------------------------------------------


def test_record_decision_fail_needs_a_reason(two, secretariat):
    with pytest.raises(ValidationError) as error:
        services.record_decision(proposal=two[1], outcome=FAIL, by=secretariat)

    assert error.value.message_dict == {"reason": ["Usulan yang tidak lolos memerlukan alasan."]}
    assert not ScreeningDecision.objects.exists()


def test_record_decision_other_reason_needs_a_note(two, secretariat):
    with pytest.raises(ValidationError) as error:
        services.record_decision(proposal=two[1], outcome=FAIL, reason="other", note="  ", by=secretariat)

    assert "note" in error.value.message_dict


def test_record_decision_change_is_logged_each_time(two, secretariat, edition):
    proposal = two[1]

    services.record_decision(proposal=proposal, outcome=PASS, by=secretariat)
    services.record_decision(
        proposal=proposal, outcome=FAIL, reason="copied", note="Sama dengan usulan lain.", by=secretariat
    )
    services.record_decision(
        proposal=proposal, outcome=FAIL, reason="copied", note="Sama dengan usulan lain.", by=secretariat
    )

    decision = ScreeningDecision.objects.get(proposal=proposal)
    assert (decision.outcome, decision.reason, decision.note, decision.decided_by) == (
        FAIL,
        "copied",
        "Sama dengan usulan lain.",
        secretariat,
    )
    assert list(decision.changes.values_list("previous_outcome", "outcome", "reason")) == [
        ("", PASS, ""),
        (PASS, FAIL, "copied"),
    ]
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.FORWARDED


def test_record_decision_pass_drops_a_reason(two, secretariat):
    decision = services.record_decision(proposal=two[0], outcome=PASS, reason="copied", by=secretariat)

    assert decision.reason == ""


def test_record_decision_refuses_proposals_not_forwarded(proposal_of, secretariat):
    draft = proposal_of(title="Masih Draf", status="draft")

    with pytest.raises(ValidationError):
        services.record_decision(proposal=draft, outcome=PASS, by=secretariat)


def test_record_decisions_in_bulk_are_all_or_nothing_and_marked_bulk(two, secretariat, edition, proposal_of):
    draft = proposal_of(title="Draf", status="draft")

    count = services.record_decisions(
        edition=edition, proposal_ids=[two[0].pk, two[1].pk, draft.pk], outcome=PASS, by=secretariat
    )

    assert count == 2
    assert set(ScreeningDecision.objects.values_list("proposal", flat=True)) == {two[0].pk, two[1].pk}
    assert set(ScreeningDecisionChange.objects.values_list("in_bulk", flat=True)) == {True}


def test_record_decisions_in_bulk_fail_needs_a_reason(two, secretariat, edition):
    with pytest.raises(ValidationError):
        services.record_decisions(edition=edition, proposal_ids=[two[0].pk], outcome=FAIL, by=secretariat)

    assert not ScreeningDecision.objects.exists()


# --- Publication --------------------------------------------------------------------------------------


def test_request_publication_refuses_while_proposals_are_undecided(two, secretariat, edition):
    services.record_decision(proposal=two[0], outcome=PASS, by=secretariat)

    with pytest.raises(ValidationError) as error:
        services.request_publication(
            edition=edition, number="B/187/PP.00.05/2026", letter_date=edition_day(), by=secretariat
        )

    assert "1 usulan belum diputuskan" in error.value.messages[0]
    assert not ScreeningAnnouncement.objects.exists()


def edition_day():
    from datetime import date

    return date(2026, 5, 22)


@pytest.fixture
def people(agency, unit, admin_lokal, upp_staff, other_agency_staff):
    """The Admin Lokal and UPP staff of the first proposal's agency, and someone elsewhere."""
    return {"admin_lokal": admin_lokal, "upp_staff": upp_staff, "other": other_agency_staff}


@pytest.fixture
def published(two, secretariat, edition, people):
    good, copied = two
    services.record_decision(proposal=good, outcome=PASS, by=secretariat)
    services.record_decision(
        proposal=copied, outcome=FAIL, reason="copied", note="Sama dengan Layanan Adminduk Keliling.", by=secretariat
    )
    announcement = services.request_publication(
        edition=edition, number="B/187/PP.00.05/2026", letter_date=edition_day(), by=secretariat
    )
    # What the queued task does (test_publication_through_the_task runs the task itself).
    services.publish_screening_results(announcement=announcement)
    announcement.refresh_from_db()
    return announcement


def test_publication_moves_proposals_with_the_reason_in_their_history(published, two, secretariat):
    good, copied = two

    good.refresh_from_db()
    copied.refresh_from_db()
    assert (good.status, copied.status) == (Proposal.Status.PASSED, Proposal.Status.FAILED)
    event = ProposalEvent.objects.get(proposal=copied, to_status="failed")
    assert event.actor == secretariat
    assert event.comment == "Disalin dari atau nyaris sama dengan usulan lain — Sama dengan Layanan Adminduk Keliling."
    assert published.status == "published" and (published.passed_count, published.failed_count) == (1, 1)


def test_publication_puts_the_numbered_letter_with_its_pdf_on_the_edition_page(published, edition, two):
    public = Announcement.objects.published().get(edition=edition)

    assert public.number == "B/187/PP.00.05/2026"
    assert public.title == "Hasil seleksi administrasi KIPP 2026"
    assert "1 dari 2 usulan dinyatakan lolos" in public.body
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(public.file.read())).pages).split())
    assert "B/187/PP.00.05/2026" in text and "22 Mei 2026" in text
    assert "Layanan Adminduk Keliling" in text and "Pelayanan Dukcapil Jemput Bola" not in text
    assert published.announcement == public


def test_publication_tells_the_admin_lokal_and_upp_staff_with_the_reason(published, people, two):
    good, _copied = two

    recipients = set(Message.objects.filter(event="screening_result").values_list("to_email", flat=True))
    assert people["admin_lokal"].email in recipients and people["upp_staff"].email in recipients
    assert people["other"].email not in recipients
    message = Message.objects.get(event="screening_result", to_email=people["upp_staff"].email)
    assert good.title in message.body_text and "lolos" in message.body_text


def test_publication_again_changes_nothing(published, two):
    counts = (Message.objects.count(), Announcement.objects.count(), ProposalEvent.objects.count())

    services.publish_screening_results(announcement=published)
    publish_screening_results_task(published.pk)

    assert (Message.objects.count(), Announcement.objects.count(), ProposalEvent.objects.count()) == counts


def test_publication_locks_decisions_and_checks(published, two, secretariat, edition):
    with pytest.raises(ValidationError):
        services.record_decision(proposal=two[0], outcome=FAIL, reason="copied", by=secretariat)
    with pytest.raises(ValidationError):
        services.request_screening_checks(edition=edition, by=secretariat)
    with pytest.raises(ValidationError):
        services.request_publication(edition=edition, number="B/1/2026", letter_date=edition_day(), by=secretariat)


def test_request_publication_needs_a_letter_number(two, secretariat, edition):
    with pytest.raises(ValidationError) as error:
        services.request_publication(edition=edition, number="  ", letter_date=edition_day(), by=secretariat)

    assert "number" in error.value.message_dict


# --- The task ------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_request_screening_checks_queues_the_task_which_runs_them(two, secretariat, edition, task_runner):
    run = services.request_screening_checks(edition=edition, by=secretariat)

    wait_for(lambda: ScreeningRun.objects.filter(pk=run.pk, status=ScreeningRun.Status.DONE).exists())
    run.refresh_from_db()
    assert run.requested_by == secretariat
    assert run.proposals_checked == 2 and run.flagged_pairs == 1


@pytest.mark.django_db(transaction=True)
def test_publication_through_the_task(two, secretariat, edition, admin_lokal, task_runner):
    for proposal in two:
        services.record_decision(proposal=proposal, outcome=PASS, by=secretariat)

    announcement = services.request_publication(
        edition=edition, number="B/187/PP.00.05/2026", letter_date=edition_day(), by=secretariat
    )

    wait_for(lambda: ScreeningAnnouncement.objects.filter(pk=announcement.pk, status="published").exists())
    assert set(Proposal.objects.values_list("status", flat=True)) == {Proposal.Status.PASSED}
    assert Message.objects.filter(event="screening_result", to_email=admin_lokal.email).exists()


def test_screening_task_is_idempotent_and_quiet_for_a_missing_edition(two, edition):
    run_screening_checks_task(edition.pk)
    run_screening_checks_task(edition.pk)
    run_screening_checks_task(999_999)

    assert ScreeningRun.objects.filter(status="done").count() == 2
    assert edition.pk != 999_999
