"""A verifier on a phone ticks the field checklist, uploads a photo and signs off; the secretariat
reads the visits and plans one. Phone and desktop screenshots."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from competitions.models import OrganiserMembership, Stage
from interviews import field_services
from interviews.models import FieldChecklistItem, FieldVisit
from judging.models import Decision, DecisionBatch, ShortlistDraft
from submissions.models import Award, Proposal
from tests import factories
from tests.competitions.factories import EditionFactory, GroupFactory, StageFactory
from tests.jury.factories import PanelFactory, RoundFactory
from tests.submissions.factories import InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = factories.TEST_PASSWORD
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def planned(settings, tmp_path):
    """Two finalists of KIPP 2026; Surabaya's has a field visit planned for Prof. Eko (a panelist)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = factories.OrganiserMembershipFactory(
        user=factories.UserFactory(email="sekretariat@example.test", full_name="Rina Kusumawati"), role="secretariat"
    ).user
    organiser = secretariat.organiser_memberships.get().organiser
    edition = EditionFactory(
        organiser=organiser, year=2026, slug="kipp-2026", name="Kompetisi Inovasi Pelayanan Publik 2026"
    )
    group = GroupFactory(edition=edition, name="Kelompok Umum")
    substance = RoundFactory(
        panel=PanelFactory(edition=edition, stage=StageFactory(edition=edition, kind=Stage.Kind.PANEL_REVIEW)),
        name="Penilaian TPI",
    )
    RoundFactory(
        panel=PanelFactory(edition=edition, stage=StageFactory(edition=edition, kind=Stage.Kind.PRESENTATION)),
        name="Wawancara",
    )
    verifier = factories.UserFactory(email="panelis1@example.test", full_name="Prof. Eko Prasojo")
    OrganiserMembership.objects.create(user=verifier, organiser=organiser, role="panelist")
    evaluator = factories.UserFactory(email="evaluator@example.test", full_name="Dr. Nita Sari")
    OrganiserMembership.objects.create(user=evaluator, organiser=organiser, role="evaluator")
    for order, (weight, label) in enumerate(
        [
            (3, "Layanan berjalan seperti diuraikan dalam proposal"),
            (2, "Pengguna layanan membenarkan manfaatnya"),
            (1, "SOP tertulis tersedia di lokasi"),
            (2, "Data dampak sebelum/sesudah dapat diperiksa"),
        ]
    ):
        FieldChecklistItem.objects.create(edition=edition, order=order, weight=weight, label=label)

    draft = ShortlistDraft.objects.create(edition=edition, round=substance, size=99)
    batch = DecisionBatch.objects.create(
        edition=edition, draft=draft, tier=Award.Tier.TOP_99, number="B/187/PP.00.05/2026", letter_date="2026-07-01"
    )
    proposals = []
    for agency_name, unit_name, title in (
        ("Pemerintah Kota Surabaya", "Dinas Kependudukan dan Pencatatan Sipil", "Klinik Adminduk Keliling"),
        ("Pemerintah Kabupaten Banyuwangi", "RSUD Blambangan", "Pasien Pulang Dijemput"),
    ):
        unit = factories.UnitFactory(agency=factories.AgencyFactory(name=agency_name, kind="kota"), name=unit_name)
        proposal = ProposalFactory(
            innovation=InnovationFactory(unit=unit, title=title), group=group, status=Proposal.Status.PASSED
        )
        Decision.objects.create(batch=batch, proposal=proposal, tier=Award.Tier.TOP_99)
        proposals.append(proposal)
    visit = field_services.plan_visit(
        proposal=proposals[0],
        verifiers=[verifier],
        planned_on=(timezone.now() + timedelta(days=7)).date(),
        by=secretariat,
    )
    return visit, proposals[1]


def _photo(path) -> None:
    image = Image.new("RGB", (1600, 1200), (40, 110, 170))
    for x in range(200, 1400):
        for y in range(500, 700):
            image.putpixel((x, y), (240, 200, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())


def _sign_in(page, base, email):
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")


def test_verifier_on_a_phone_ticks_the_checklist_uploads_a_photo_and_signs_off(
    live_server, browser, screenshot_dir, planned, tmp_path
):
    visit, _other = planned
    base = live_server.url
    picture = tmp_path / "loket-adminduk.jpg"
    _photo(picture)
    phone = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(15_000)

    _sign_in(page, base, "panelis1@example.test")
    page.goto(base + "/wawancara/verifikasi/")
    page.get_by_role("heading", name="Verifikasi lapangan").wait_for()
    page.screenshot(path=str(screenshot_dir / "field_verifier_list_phone.png"), full_page=True)
    page.get_by_role("link", name="Klinik Adminduk Keliling").click()
    page.get_by_role("group", name="Daftar periksa").wait_for()
    page.get_by_label("Layanan berjalan seperti diuraikan dalam proposal").check()
    page.get_by_label("Pengguna layanan membenarkan manfaatnya").check()
    page.get_by_label("Data dampak sebelum/sesudah dapat diperiksa").check()
    page.get_by_label("Catatan").fill("Loket keliling hadir di Kecamatan Rungkut; 40 warga dilayani pagi ini.")
    page.get_by_label("Tambah foto").set_input_files(str(picture))
    page.screenshot(path=str(screenshot_dir / "field_verifier_form_phone.png"), full_page=True)
    page.get_by_role("button", name="Simpan sebagai draf").click()
    page.get_by_text("Draf disimpan.").wait_for()
    assert page.get_by_role("img", name="loket-adminduk.jpg").is_visible()
    assert "87,50" in page.locator("main").inner_text()
    page.get_by_role("button", name="Simpan dan sahkan…").click()
    page.get_by_role("heading", name="Sahkan kunjungan lapangan").wait_for()
    page.screenshot(path=str(screenshot_dir / "field_verifier_confirm_phone.png"), full_page=True)
    page.get_by_role("button", name="Sahkan", exact=True).click()
    page.get_by_text("Kunjungan lapangan disahkan.").wait_for()
    page.screenshot(path=str(screenshot_dir / "field_verifier_signed_off_phone.png"), full_page=True)

    visit.refresh_from_db()
    assert (visit.status, str(visit.score), visit.photos.count()) == ("signed_off", "87.50", 1)
    assert visit.notes.startswith("Loket keliling hadir")
    assert page.get_by_role("button", name="Simpan sebagai draf").count() == 0
    phone.close()


def test_secretariat_lists_the_visits_and_plans_one(live_server, page, screenshot_dir, planned):
    _visit, other = planned
    base = live_server.url

    _sign_in(page, base, "sekretariat@example.test")
    page.goto(base + "/wawancara/kelola/kipp-2026/")
    page.get_by_role("link", name="Verifikasi lapangan").click()
    page.get_by_role("heading", name="Verifikasi lapangan").wait_for()
    row = page.get_by_role("row").filter(has_text="Pasien Pulang Dijemput")
    row.get_by_role("link", name="Jadwalkan kunjungan").click()
    page.get_by_label("Dr. Nita Sari").check()
    page.get_by_label("Tanggal rencana").fill((timezone.now() + timedelta(days=9)).date().isoformat())
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Kunjungan lapangan dijadwalkan.").wait_for()
    page.screenshot(path=str(screenshot_dir / "field_secretariat_visits.png"), full_page=True)

    visit = FieldVisit.objects.get(proposal=other)
    assert [user.full_name for user in visit.verifiers.all()] == ["Dr. Nita Sari"]
    assert "Dr. Nita Sari" in page.get_by_role("row").filter(has_text="Pasien Pulang Dijemput").inner_text()
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(screenshot_dir / "field_secretariat_visits_phone.png"), full_page=True)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="Peringkat akhir").click()
    page.get_by_label("bobot substansi (%)").fill("60")
    page.get_by_label("bobot wawancara (%)").fill("25")
    page.get_by_label("bobot verifikasi lapangan (%)").fill("10")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Jumlah ketiga bobot harus 100 %.").wait_for()
    page.get_by_label("bobot verifikasi lapangan (%)").fill("15")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Pengaturan nilai akhir disimpan.").wait_for()
    ranking = page.locator("table").inner_text()
    assert "Verifikasi lapangan" in ranking and "belum diverifikasi" in ranking
    assert "60 % substansi + 25 % wawancara + 15 % verifikasi lapangan" in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / "field_final_ranking.png"), full_page=True)
