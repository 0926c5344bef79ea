"""Uji publik, the public objection period: who may object to what and when, the email
confirmation, the secretariat's decision with its one-way status, disqualification (which removes
the finalist's decision and award), the outbox messages and the public outcome log.

The helpers at the top build a decided edition; tests/judging/test_objections_views.py uses them too.
"""

import time
from datetime import UTC, date, datetime, timedelta
from io import BytesIO

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, timezone, translation
from PIL import Image
from pypdf import PdfWriter

from competitions.models import Stage
from judging import selectors
from judging.forms_objections import EVIDENCE_RULES, ObjectionForm
from judging.models import Decision, Objection, ShortlistDraft
from judging.services import apply_decisions
from judging.services.objections import (
    CONFIRM_SALT,
    confirm_objection_email,
    decide_objection,
    file_objection,
    is_log_public,
    is_objection_open,
    objection_from_token,
)
from notifications.events import WIB
from notifications.models import Message
from submissions.attachments import clean_upload
from submissions.models import Award, Proposal
from tests import factories
from tests.competitions.factories import StageFactory
from tests.judging.conftest import make_proposal
from tests.judging.decisions_data import build_ranked_round

pytestmark = pytest.mark.django_db


# --- Helpers shared with the view tests ------------------------------------------------------------


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def evidence_upload(name: str = "bukti.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type="application/pdf")


def objection_window(edition, *, opened_days_ago: int = 1, closes_in_days: int = 3) -> Stage:
    """The edition's PUBLIC_OBJECTION stage, placed around today (the views read the real clock)."""
    today = timezone.localdate()
    return StageFactory(
        edition=edition,
        kind=Stage.Kind.PUBLIC_OBJECTION,
        first_day=today - timedelta(days=opened_days_ago),
        last_day=today + timedelta(days=closes_in_days),
    )


def decide_finalists(edition, group, secretariat, *, own_unit=None, announced_at=None) -> dict[str, Proposal]:
    """Top 99 decided (with the real service) for proposals A and D of the ranked round and, with
    `own_unit`, "Klinik Kependudukan Keliling" of that unit (the agency of the admin_lokal fixture)."""
    round, proposals = build_ranked_round(edition, group)
    selected = [proposals["A"].pk, proposals["D"].pk]
    if own_unit is not None:
        own = make_proposal(group, title="Klinik Kependudukan Keliling", unit=own_unit, status=Proposal.Status.PASSED)
        proposals["own"] = own
        selected.append(own.pk)
    draft = ShortlistDraft.objects.create(edition=edition, round=round, size=len(selected), selected=selected)
    apply_decisions(
        draft=draft,
        tier=Award.Tier.TOP_99,
        number="B/301/PP.00.05/2026",
        letter_date=date(2026, 7, 1),
        by=secretariat,
        now=announced_at,
    )
    return proposals


def filed(edition, proposal, **overrides) -> Objection:
    data = {
        "name": "Budi Santoso",
        "email": "Budi.Santoso@example.test",
        "contact": "0812 3456 7890",
        "grounds": "Layanan ini sudah tidak berjalan sejak 2024; kantornya tutup setiap hari kerja.",
        "evidence": clean_upload(upload=evidence_upload(), rules=EVIDENCE_RULES),
    }
    return file_objection(edition=edition, proposal=proposal, **{**data, **overrides})


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english_messages():
    """Error messages read in English here; emails are written in the recipient's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def window(edition):
    return objection_window(edition)


@pytest.fixture
def finalists(edition, umum, secretariat, unit, window):
    return decide_finalists(edition, umum, secretariat, own_unit=unit)


# --- Filing ------------------------------------------------------------------------------------


def test_an_objection_is_filed_at_the_time_of_the_services_clock(edition, finalists):
    at = timezone.now() + timedelta(hours=5)  # inside the window, which closes in three days

    objection = filed(edition, finalists["A"], now=at)

    objection.refresh_from_db()
    assert objection.created_at == at


def test_filing_an_objection_stores_it_unverified_and_emails_a_confirmation_link(edition, finalists):
    objection = filed(edition, finalists["A"])

    objection.refresh_from_db()
    assert (objection.status, objection.email, objection.email_verified_at) == (
        Objection.Status.UNVERIFIED,
        "budi.santoso@example.test",
        None,
    )
    with objection.evidence.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    assert not objection.evidence.name.endswith("bukti.pdf")
    message = Message.objects.get()
    assert (message.to_email, message.event) == ("budi.santoso@example.test", "objection_email_verification")
    token = message.body_text.split("/uji-publik/konfirmasi/")[1].split("/")[0]
    assert objection_from_token(token) == objection


def test_filing_is_refused_before_and_after_the_objection_period(edition, finalists, window):
    before = window.starts_at - timedelta(seconds=1)
    after = window.closes_at

    for moment in (before, after):
        with pytest.raises(ValidationError, match="not open"):
            filed(edition, finalists["A"], now=moment)

    assert is_objection_open(edition, window.starts_at)
    assert is_objection_open(edition, window.ends_at)
    assert not is_objection_open(edition, after)
    assert Objection.objects.count() == 0


def test_filing_is_refused_for_a_proposal_that_is_not_a_finalist(edition, finalists):
    with pytest.raises(ValidationError, match="announced finalist"):
        filed(edition, finalists["B"])

    assert Objection.objects.count() == 0


def test_an_edition_without_an_objection_stage_takes_no_objections(edition, umum, secretariat):
    finalists = decide_finalists(edition, umum, secretariat)

    with pytest.raises(ValidationError):
        filed(edition, finalists["A"])

    assert not is_log_public(edition)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bukti.pdf", b"MZ\x90\x00 not a pdf at all", "not really a PDF"),
        ("bukti.pdf", b"%PDF-1.4 broken", "could not be read"),
        ("foto.gif", b"GIF89a" + b"\x00" * 20, "not a file type"),
    ],
)
def test_evidence_is_checked_by_its_content(name, content, message):
    form = ObjectionForm(
        data={"name": "Budi", "email": "budi@example.test", "contact": "0812", "grounds": "x" * 40},
        files={"evidence": SimpleUploadedFile(name, content)},
    )

    assert not form.is_valid()
    assert message in " ".join(form.errors["evidence"])


def test_a_valid_file_must_be_chosen_again_when_another_field_is_wrong():
    form = ObjectionForm(
        data={"name": "Budi", "email": "bukan-email", "contact": "0812", "grounds": "x" * 40},
        files={"evidence": SimpleUploadedFile("bukti.pdf", pdf_bytes())},
    )

    assert not form.is_valid()
    assert "choose the evidence file again" in " ".join(form.errors["evidence"])


def test_evidence_larger_than_five_megabytes_is_refused():
    big = pdf_bytes() + b"\n%" + b"0" * (5 * 1024 * 1024)
    form = ObjectionForm(
        data={"name": "Budi", "email": "budi@example.test", "contact": "0812", "grounds": "x" * 40},
        files={"evidence": SimpleUploadedFile("bukti.pdf", big)},
    )

    assert not form.is_valid()
    assert "5 MB" in " ".join(form.errors["evidence"])


def test_a_photo_as_evidence_is_accepted_and_reencoded():
    form = ObjectionForm(
        data={"name": "Budi", "email": "budi@example.test", "contact": "0812", "grounds": "x" * 40},
        files={"evidence": SimpleUploadedFile("foto.png", png_bytes())},
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["evidence"].content_type in ("image/png", "image/jpeg")


# --- Email confirmation --------------------------------------------------------------------------


def test_confirming_the_email_makes_the_objection_received_and_tells_secretariat_and_admin_lokal(
    edition, finalists, secretariat, admin_lokal, upp_staff
):
    objection = filed(edition, finalists["own"])
    Message.objects.all().delete()

    confirm_objection_email(objection=objection)
    confirm_objection_email(objection=objection)

    objection.refresh_from_db()
    assert objection.status == Objection.Status.RECEIVED
    assert objection.email_verified_at is not None
    assert sorted(Message.objects.values_list("to_email", "event")) == [
        ("adminlokal@example.test", "objection_received"),
        ("sekretariat@example.test", "objection_received"),
    ]


def test_a_tampered_or_expired_link_is_refused(edition, finalists):
    objection = filed(edition, finalists["A"])
    payload = {"objection": str(objection.public_id)}

    class FourDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 4 * 24 * 3600)

    expired = FourDaysAgo(salt=CONFIRM_SALT).sign_object(payload)
    tampered = signing.dumps(payload, salt=CONFIRM_SALT)[:-2] + "xx"
    other_salt = signing.dumps(payload, salt="agencies.confirm-request-email")

    with pytest.raises(ValidationError, match="expired"):
        objection_from_token(expired)
    for token in (tampered, other_salt):
        with pytest.raises(ValidationError, match="not valid"):
            objection_from_token(token)
    assert objection_from_token(signing.dumps(payload, salt=CONFIRM_SALT)) == objection


# --- Decisions -----------------------------------------------------------------------------------


@pytest.fixture
def received(edition, finalists):
    objection = filed(edition, finalists["own"])
    confirm_objection_email(objection=objection)
    Message.objects.all().delete()
    return objection


def test_rejecting_records_the_reason_and_tells_the_objector_and_the_agency(
    received, secretariat, admin_lokal, upp_staff, finalists
):
    decide_objection(objection=received, accept=False, reason="Layanan berjalan; diverifikasi.", by=secretariat)

    received.refresh_from_db()
    assert (received.status, received.decision_reason, received.decided_by, received.disqualifies) == (
        Objection.Status.REJECTED,
        "Layanan berjalan; diverifikasi.",
        secretariat,
        False,
    )
    assert Decision.objects.filter(proposal=finalists["own"]).exists()
    assert sorted(Message.objects.values_list("to_email", "event")) == [
        ("adminlokal@example.test", "objection_decided"),
        ("budi.santoso@example.test", "objection_decided"),
        ("upp@example.test", "objection_decided"),
    ]
    email = Message.objects.get(to_email="budi.santoso@example.test").body_text
    assert "Layanan berjalan; diverifikasi." in email
    # the footer still says why the email was sent (not the reason of the decision)
    assert "Anda menerima email ini karena Anda mengajukan keberatan ini" in email


def test_accepting_with_disqualification_removes_the_finalist_decision_and_award(
    received, secretariat, finalists, edition
):
    own = finalists["own"]
    assert Award.objects.filter(innovation=own.innovation, edition=edition).count() == 1

    decide_objection(objection=received, accept=True, reason="Data palsu terbukti.", disqualify=True, by=secretariat)

    received.refresh_from_db()
    assert (received.status, received.disqualifies) == (Objection.Status.ACCEPTED, True)
    assert not Decision.objects.filter(proposal=own).exists()
    assert not Award.objects.filter(innovation=own.innovation).exists()
    assert [(item["tier"], item["number"]) for item in received.removed] == [("top99", "B/301/PP.00.05/2026")]
    # the other finalists keep theirs
    assert sorted(Decision.objects.values_list("proposal_id", flat=True)) == sorted(
        [finalists["A"].pk, finalists["D"].pk]
    )
    assert Award.objects.filter(edition=edition).count() == 2
    email = Message.objects.get(to_email="budi.santoso@example.test").body_text
    assert "tidak lagi menjadi finalis" in email
    assert "Dasar pertimbangan: Data palsu terbukti." in email


def test_disqualifying_a_published_finalist_takes_its_profile_out_of_the_showcase(
    received, secretariat, finalists, edition
):
    from showcase import services as showcase
    from showcase.models import PublicProfile

    showcase.draft_profiles_for(edition=edition, by=secretariat)
    PublicProfile.objects.update(summary="Ringkasan publik inovasi.")
    for profile in PublicProfile.objects.all():
        showcase.approve_profile(profile=profile, by=secretariat)
    showcase.publish_profiles(edition=edition, by=secretariat)
    own = PublicProfile.objects.get(innovation=finalists["own"].innovation)
    other = PublicProfile.objects.get(innovation=finalists["A"].innovation)
    assert own.status == other.status == PublicProfile.Status.PUBLISHED

    decide_objection(objection=received, accept=True, reason="Data palsu terbukti.", disqualify=True, by=secretariat)

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == PublicProfile.Status.DRAFT
    assert not own.awards.exists() and own.best_tier == ""
    assert own.events.last().note == f"Disqualified after objection {received.pk}."
    assert other.status == PublicProfile.Status.PUBLISHED


def test_accepting_without_disqualification_keeps_the_finalist(received, secretariat, finalists):
    decide_objection(objection=received, accept=True, reason="Perlu perbaikan data.", by=secretariat)

    assert Objection.objects.get().status == Objection.Status.ACCEPTED
    assert Decision.objects.filter(proposal=finalists["own"]).exists()


def test_a_decision_needs_a_reason_and_a_rejection_cannot_disqualify(received, secretariat):
    with pytest.raises(ValidationError, match="reason"):
        decide_objection(objection=received, accept=False, reason="  ", by=secretariat)
    with pytest.raises(ValidationError, match="Only an accepted"):
        decide_objection(objection=received, accept=False, reason="Tidak", disqualify=True, by=secretariat)

    assert Objection.objects.get().status == Objection.Status.RECEIVED


def test_status_moves_one_way_only(edition, finalists, secretariat):
    unverified = filed(edition, finalists["A"])

    with pytest.raises(ValidationError, match="cannot become"):
        decide_objection(objection=unverified, accept=False, reason="Tidak", by=secretariat)
    confirm_objection_email(objection=unverified)
    decide_objection(objection=unverified, accept=False, reason="Tidak terbukti", by=secretariat)
    with pytest.raises(ValidationError, match="cannot become"):
        decide_objection(objection=unverified, accept=True, reason="Berubah pikiran", by=secretariat)

    unverified.refresh_from_db()
    assert (unverified.status, unverified.decision_reason) == (Objection.Status.REJECTED, "Tidak terbukti")


def test_a_decision_rolls_back_completely_when_a_message_cannot_be_queued(received, secretariat, finalists):
    received.email = "not an address"
    Objection.objects.filter(pk=received.pk).update(email="not an address")

    with pytest.raises(ValueError):
        decide_objection(objection=received, accept=True, reason="Terbukti", disqualify=True, by=secretariat)

    received.refresh_from_db()
    assert received.status == Objection.Status.RECEIVED
    assert Decision.objects.filter(proposal=finalists["own"]).exists()


# --- Public outcome log --------------------------------------------------------------------------


def test_the_outcome_log_is_public_only_after_the_period_and_never_names_the_objector(
    edition, finalists, window, secretariat
):
    decided = filed(edition, finalists["A"])
    confirm_objection_email(objection=decided)
    decide_objection(objection=decided, accept=False, reason="Tidak terbukti di lapangan.", by=secretariat)
    filed(edition, finalists["D"], name="Tidak Konfirmasi", email="lain@example.test")

    log = list(selectors.objection_log(edition))

    assert not is_log_public(edition, window.ends_at)
    assert is_log_public(edition, window.closes_at)
    assert log == [decided]
    deferred = log[0].get_deferred_fields()
    assert {"name", "email", "contact", "grounds"} <= deferred


def test_agencies_see_objections_about_their_own_proposals_only(
    edition, finalists, admin_lokal, upp_staff, other_agency_staff
):
    own = filed(edition, finalists["own"])
    other = filed(edition, finalists["A"])
    for objection in (own, other):
        confirm_objection_email(objection=objection)
    filed(edition, finalists["own"], email="belum@example.test")

    assert list(selectors.agency_objections(user=admin_lokal, edition=edition)) == [own]
    assert list(selectors.agency_objections(user=upp_staff, edition=edition)) == [own]
    assert list(selectors.agency_objections(user=other_agency_staff, edition=edition)) == []


def test_finalists_are_listed_only_once_announced(edition, finalists):
    announced = selectors.finalists_for_objection(edition=edition, now=timezone.now())
    earlier = selectors.finalists_for_objection(edition=edition, now=datetime(2026, 1, 1, tzinfo=UTC))

    assert sorted(p.pk for p in announced) == sorted(finalists[k].pk for k in ("A", "D", "own"))
    assert [d.tier for d in announced[0].finalist_decisions] == ["top99"]
    assert earlier == []


def test_secretariat_list_filters_by_status(edition, finalists, secretariat):
    unverified = filed(edition, finalists["A"])
    received = filed(edition, finalists["D"])
    confirm_objection_email(objection=received)

    assert list(selectors.objection_list(edition=edition)) == [received]
    assert list(selectors.objection_list(edition=edition, status="unverified")) == [unverified]
    assert selectors.objection_counts(edition)["received"] == 1
    assert factories  # the cast of users comes from tests/conftest.py


def test_finalists_announced_email_gives_the_end_of_the_objection_period(admin_lokal, window, finalists):
    message = Message.objects.get(to_email="adminlokal@example.test", event="finalists_announced")

    with translation.override("id"):
        closes = formats.date_format(window.ends_at.astimezone(WIB), "j F Y, H:i")
    assert f"{closes} WIB" in message.body_text


def test_objections_never_confirmed_are_forgotten_with_their_file_after_the_link_expires(
    edition, finalists, settings, tmp_path
):
    from django.core.files.storage import default_storage
    from django_celery_beat.models import PeriodicTask

    from judging.services.objections import CONFIRM_MAX_AGE, purge_unconfirmed_objections

    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    stale = filed(edition, finalists["A"])
    fresh = filed(edition, finalists["A"], email="baru@example.test")
    confirmed = filed(edition, finalists["A"], email="sah@example.test")
    confirm_objection_email(objection=confirmed)
    Objection.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(
        created_at=now - CONFIRM_MAX_AGE - timedelta(hours=1)
    )
    assert default_storage.exists(stale.evidence.name)

    assert purge_unconfirmed_objections(now=now) == 1
    assert purge_unconfirmed_objections(now=now) == 0

    assert set(Objection.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert not default_storage.exists(stale.evidence.name)
    assert default_storage.exists(confirmed.evidence.name)
    # The schedule comes from a data migration (run again here: a transactional test's flush may
    # have removed its row); running it twice keeps one task.
    from importlib import import_module

    from django.apps import apps

    migration = import_module("judging.migrations.0005_objection_purge_schedule")
    migration.add_schedule(apps, None)
    migration.add_schedule(apps, None)
    schedule = PeriodicTask.objects.get(task="judging.purge_unconfirmed_objections")
    assert schedule.enabled and schedule.crontab.hour == "2"
