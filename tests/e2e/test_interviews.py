"""An agency's Admin Lokal confirms its interview slot and uploads the presentation deck; the
secretariat reads the day's slots. Desktop and phone screenshots."""

import io
from datetime import time, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfWriter

from competitions.models import OrganiserMembership, Stage
from interviews import services
from interviews.models import Interview
from judging.models import Decision, DecisionBatch, ShortlistDraft
from jury.models import PanelMember
from submissions.models import Award, Proposal
from tests import factories
from tests.competitions.factories import EditionFactory, GroupFactory, StageFactory
from tests.jury.factories import PanelFactory, RoundFactory
from tests.submissions.factories import InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = factories.TEST_PASSWORD


def _pdf(path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def scheduled(settings, tmp_path):
    """Kota Surabaya's finalist placed in a 20-minute slot ten days ahead, judged by two panelists."""
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = factories.OrganiserMembershipFactory(
        user=factories.UserFactory(email="sekretariat@example.test", full_name="Rina Kusumawati"), role="secretariat"
    ).user
    organiser = secretariat.organiser_memberships.get().organiser
    edition = EditionFactory(
        organiser=organiser, year=2026, slug="kipp-2026", name="Kompetisi Inovasi Pelayanan Publik 2026"
    )
    group = GroupFactory(edition=edition, name="Kelompok Umum")
    review_stage = StageFactory(edition=edition, kind=Stage.Kind.PANEL_REVIEW)
    substance = RoundFactory(panel=PanelFactory(edition=edition, stage=review_stage), name="Penilaian TPI")
    stage = StageFactory(edition=edition, kind=Stage.Kind.PRESENTATION)
    round = RoundFactory(panel=PanelFactory(edition=edition, stage=stage, name="TPI Wawancara"), name="Wawancara")
    for email, name in (("panelis1@example.test", "Prof. Eko Prasojo"), ("panelis2@example.test", "Dr. Nita Sari")):
        user = factories.UserFactory(email=email, full_name=name)
        OrganiserMembership.objects.create(user=user, organiser=organiser, role="panelist")
        PanelMember.objects.create(panel=round.panel, user=user)

    agency = factories.AgencyFactory(name="Pemerintah Kota Surabaya", kind="kota")
    unit = factories.UnitFactory(agency=agency, name="Dinas Kependudukan dan Pencatatan Sipil")
    admin = factories.UserFactory(email="adminlokal@surabaya.go.id", full_name="Siti Rahmawati")
    factories.MembershipFactory(user=admin, agency=agency, role="admin_lokal")
    innovation = InnovationFactory(unit=unit, title="Klinik Adminduk Keliling")
    proposal = ProposalFactory(innovation=innovation, group=group, status=Proposal.Status.PASSED)
    draft = ShortlistDraft.objects.create(edition=edition, round=substance, size=99)
    batch = DecisionBatch.objects.create(
        edition=edition, draft=draft, tier=Award.Tier.TOP_99, number="B/187/PP.00.05/2026", letter_date="2026-07-01"
    )
    Decision.objects.create(batch=batch, proposal=proposal, tier=Award.Tier.TOP_99)
    day = (timezone.now() + timedelta(days=10)).date()
    services.create_slots(
        edition=edition,
        round=round,
        day=day,
        start=time(9, 0),
        count=4,
        video_link="https://meet.example.test/kipp-2026-tpi",
        by=secretariat,
    )
    services.assign_finalists(edition=edition, by=secretariat)
    return Interview.objects.get(), admin


def _sign_in(page, base, email):
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


def test_admin_lokal_confirms_the_slot_and_uploads_the_deck(
    live_server, browser, page, screenshot_dir, scheduled, tmp_path
):
    interview, admin = scheduled
    base = live_server.url
    deck = tmp_path / "Paparan Klinik Adminduk.pdf"
    _pdf(deck)

    _sign_in(page, base, admin.email)
    page.goto(base + "/wawancara/jadwal/")
    page.screenshot(path=str(screenshot_dir / "interviews_agency_schedule.png"), full_page=True)
    page.get_by_role("link", name="Klinik Adminduk Keliling").click()
    page.get_by_role("heading", name="Slot Anda").wait_for()
    assert "09:00 WIB · 20 menit" in page.locator("dl").inner_text()
    page.get_by_role("button", name="Konfirmasi kehadiran").click()
    page.get_by_text("Terima kasih: kehadiran Anda telah dikonfirmasi.").wait_for()
    page.get_by_label("Bahan presentasi").set_input_files(str(deck))
    page.get_by_label("Tautan video").fill("https://youtu.be/klinik-adminduk")
    page.get_by_role("button", name="Simpan materi").click()
    page.get_by_text("Materi disimpan.").wait_for()
    page.screenshot(path=str(screenshot_dir / "interviews_agency_confirmed.png"), full_page=True)

    interview.refresh_from_db()
    assert (interview.status, interview.confirmed_by) == ("confirmed", admin)
    assert interview.deck_name == "Paparan Klinik Adminduk.pdf"
    assert interview.video_link == "https://youtu.be/klinik-adminduk"
    assert page.get_by_role("link", name="Paparan Klinik Adminduk.pdf").is_visible()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    phone_page = phone.new_page()
    _sign_in(phone_page, base, admin.email)
    phone_page.goto(f"{base}/wawancara/jadwal/{interview.pk}/")
    phone_page.get_by_text("Dikonfirmasi").first.wait_for()
    phone_page.screenshot(path=str(screenshot_dir / "interviews_agency_phone.png"), full_page=True)
    phone.close()


def test_secretariat_reads_the_day_and_the_final_ranking(live_server, page, screenshot_dir, scheduled):
    base = live_server.url

    _sign_in(page, base, "sekretariat@example.test")
    page.goto(base + "/wawancara/kelola/kipp-2026/")
    page.get_by_role("heading", name="Slot per hari").wait_for()
    assert "Klinik Adminduk Keliling" in page.locator("table").first.inner_text()
    page.screenshot(path=str(screenshot_dir / "interviews_secretariat_slots.png"), full_page=True)

    page.get_by_role("button", name="Tempatkan finalis ke slot secara otomatis").click()
    page.get_by_role("heading", name="Penempatan otomatis").wait_for()
    assert "0 finalis ditempatkan." in page.locator("main").inner_text()
    page.get_by_role("link", name="Kembali ke daftar slot").click()
    page.get_by_role("link", name="Pindahkan").click()
    page.get_by_label("Slot baru").select_option(index=1)
    page.screenshot(path=str(screenshot_dir / "interviews_move.png"), full_page=True)
    page.get_by_role("button", name="Pindahkan").click()
    page.get_by_text("Wawancara dipindahkan dan instansi telah diberi tahu.").wait_for()
    interview, _admin = scheduled
    interview.refresh_from_db()
    assert interview.slot.starts_at.astimezone(services.WIB).strftime("%H:%M") == "09:20"

    page.get_by_role("link", name="Peringkat akhir").click()
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Pengaturan nilai akhir disimpan.").wait_for()
    assert "belum dinilai" in page.locator("table").inner_text()
    page.screenshot(path=str(screenshot_dir / "interviews_final_ranking.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/wawancara/kelola/kipp-2026/")
    page.screenshot(path=str(screenshot_dir / "interviews_secretariat_slots_phone.png"), full_page=True)


def test_panelist_opens_the_scoring_page_from_the_day(live_server, page, screenshot_dir, scheduled):
    interview, _admin = scheduled
    base = live_server.url

    _sign_in(page, base, "panelis1@example.test")
    page.goto(base + "/wawancara/panel/")
    row = page.get_by_role("row").filter(has_text="Klinik Adminduk Keliling")
    assert "09:00\u201309:20" in row.inner_text()  # en dash
    page.screenshot(path=str(screenshot_dir / "interviews_panelist_day.png"), full_page=True)
    row.get_by_role("link", name="Nilai").click()

    page.wait_for_url(f"{base}/juri/{interview.slot.round_id}/{interview.proposal_id}/")
    assert "Klinik Adminduk Keliling" in page.content()
