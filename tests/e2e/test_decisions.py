"""The secretariat drafts a balanced Top 3 in the browser: sets a minimum from eastern Indonesia,
reads who moved in and out and why, and removes a proposal by hand with a justification."""

import pytest

from judging.models import ShortlistDraft
from tests import factories
from tests.competitions.factories import EditionFactory, GroupFactory
from tests.judging.decisions_data import build_ranked_round

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = factories.TEST_PASSWORD


def test_secretariat_drafts_a_balanced_shortlist(live_server, page, screenshot_dir):
    secretariat = factories.OrganiserMembershipFactory(
        user=factories.UserFactory(email="sekretariat@example.test", full_name="Rina Kusumawati"), role="secretariat"
    ).user
    edition = EditionFactory(
        organiser=secretariat.organiser_memberships.get().organiser,
        year=2026,
        slug="kipp-2026",
        name="Kompetisi Inovasi Pelayanan Publik 2026",
    )
    _round, proposals = build_ranked_round(edition, GroupFactory(edition=edition, name="Kelompok Umum"))
    base = live_server.url

    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill("sekretariat@example.test")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")

    page.goto(base + "/penjurian/kipp-2026/finalis/")
    page.get_by_label("Jumlah yang dipilih").fill("3")
    page.get_by_label("Paling sedikit dari Kawasan Timur Indonesia atau daerah 3T").fill("1")
    page.get_by_role("button", name="Susun draf").click()
    page.get_by_role("heading", name="Draf Top 3").wait_for()

    moves = page.locator("#moves-title").locator("..")
    assert "Puskesmas Terapung NTT" in moves.inner_text()
    assert "Kawasan Timur Indonesia" in moves.inner_text()
    assert "Bandung Smart Parking" in moves.inner_text()
    page.screenshot(path=str(screenshot_dir / "decisions_shortlist.png"), full_page=True)

    row = page.get_by_role("row").filter(has_text="Surabaya Single Window")
    row.get_by_placeholder("Alasannya?").fill("Sedang dalam pemeriksaan Inspektorat")
    row.get_by_role("button", name="Keluarkan").click()
    page.get_by_text("Daftar telah diubah dan alasan Anda dicatat.").wait_for()

    draft = ShortlistDraft.objects.get()
    assert proposals["B"].pk not in draft.final_ids()
    assert "Sedang dalam pemeriksaan Inspektorat" in page.locator("#others-title").locator("..").inner_text()
    page.screenshot(path=str(screenshot_dir / "decisions_shortlist_override.png"), full_page=True)
