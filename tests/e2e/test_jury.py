"""An evaluator scores two proposals in a blind round (autosave, submit, the next proposal); the
secretariat sees the ranking, nominates the best and confirms the nomination."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agencies.models import Region
from competitions.models import OrganiserMembership, Stage
from jury.models import Nomination, Panel, PanelMember, Review, Round
from jury.services import assign_juror
from submissions.models import Answer, Proposal
from tests import factories
from tests.competitions.factories import (
    CategoryFactory,
    CriterionFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    StageFactory,
)
from tests.factories import TEST_PASSWORD
from tests.submissions.factories import InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jury_round():
    organiser = factories.OrganiserFactory()
    edition = EditionFactory(organiser=organiser, slug="kipp-juri-e2e", year=2026, short_name="KIPP 2026")
    stage = StageFactory(edition=edition, kind=Stage.Kind.DESK_EVALUATION)
    group = GroupFactory(edition=edition, name="Kelompok Umum")
    ringkasan = FormSectionFactory(group=group, edition=edition, title="Ringkasan", word_limit=200, order=1)
    category = CategoryFactory(edition=edition, name="Pelayanan Kesehatan")
    CriterionFactory(
        edition=edition,
        stage=stage,
        name="Kebaruan",
        weight=60,
        order=1,
        description="Gagasan baru atau penyempurnaan yang bermakna.",
    )
    CriterionFactory(
        edition=edition, stage=stage, name="Efektif", weight=40, order=2, description="Hasil yang terukur."
    )
    panel = Panel.objects.create(edition=edition, stage=stage, name="Tim Evaluasi KIPP 2026")
    now = timezone.now().replace(microsecond=0)
    round = Round.objects.create(
        panel=panel,
        name="Penilaian Desk Tahap 1",
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=12),
        reviewers_per_proposal=1,
        is_blind=True,
    )
    surabaya = factories.AgencyFactory(
        name="Pemerintah Kota Surabaya", kind="kota", region=Region.objects.get(name="Kota Surabaya")
    )
    sleman = factories.AgencyFactory(
        name="Pemerintah Kabupaten Sleman", kind="kabupaten", region=Region.objects.get(name="Kabupaten Sleman")
    )
    texts = {
        "Klinik Adminduk Keliling": "Pemerintah Kota Surabaya membawa layanan kependudukan ke kampung-kampung.",
        "Posyandu Lansia Digital": "Pemerintah Kabupaten Sleman mencatat kesehatan lansia secara daring.",
    }
    for agency, (title, text) in zip((surabaya, sleman), texts.items(), strict=True):
        unit = factories.UnitFactory(agency=agency, name="Dinas Kesehatan")
        proposal = ProposalFactory(
            innovation=InnovationFactory(unit=unit, title=title, innovators="Rahmat Hidayat, ketua tim"),
            group=group,
            category=category,
            title=title,
            status=Proposal.Status.PASSED,
        )
        Answer.objects.create(proposal=proposal, section=ringkasan, text=text)
    return round


@pytest.fixture
def people(jury_round):
    organiser = jury_round.panel.edition.organiser
    evaluator = factories.UserFactory(email="bambang@example.test", full_name="Prof. Dr. Bambang Sutrisno")
    OrganiserMembership.objects.create(user=evaluator, organiser=organiser, role="evaluator")
    PanelMember.objects.create(panel=jury_round.panel, user=evaluator)
    secretariat = factories.UserFactory(email="rina@example.test", full_name="Rina Kusumawati", is_staff=True)
    OrganiserMembership.objects.create(user=secretariat, organiser=organiser, role="secretariat")
    for proposal in Proposal.objects.order_by("pk"):
        assign_juror(round=jury_round, juror=evaluator, proposal=proposal, by=secretariat)
    return evaluator, secretariat


def _sign_in(browser, base, email):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/dasbor/")
    return context, page


def _criterion(page, name):
    return page.locator("form.criterion-form", has=page.get_by_label(name, exact=True))


def _score(page, scores: dict[str, str], comment: str) -> None:
    for name, value in scores.items():
        form = _criterion(page, name)
        form.get_by_label(name, exact=True).fill(value)
        form.get_by_text("Tersimpan").wait_for()
    overall = page.locator("form.comment-form")
    overall.get_by_label("Catatan umum").fill(comment)
    overall.get_by_text("Tersimpan").wait_for()


def test_evaluator_scores_two_proposals_and_the_secretariat_nominates(
    live_server, browser, jury_round, people, screenshot_dir
):
    evaluator, secretariat = people
    base = live_server.url
    context, page = _sign_in(browser, base, evaluator.email)

    # The queue: two proposals, nothing submitted, no agency names in a blind round.
    page.goto(base + "/juri/")
    page.get_by_text("0 dari 2 terkirim").wait_for()
    assert "Surabaya" not in page.content() and "Sleman" not in page.content()
    page.screenshot(path=screenshot_dir / "jury-queue.png", full_page=True)

    # First proposal: autosave per criterion, the total follows, a score off the scale is refused.
    page.get_by_role("link", name="Klinik Adminduk Keliling").click()
    page.get_by_role("heading", name="Klinik Adminduk Keliling").wait_for()
    # Autosave listens once htmx (a deferred script) has run: type after the page's load event.
    page.wait_for_load_state()
    assert "Instansi disamarkan" in page.content() and "Pemerintah Kota Surabaya" not in page.content()
    kebaruan = _criterion(page, "Kebaruan")
    kebaruan.get_by_label("Kebaruan", exact=True).fill("12")
    kebaruan.get_by_text("Masukkan nilai dari 1 sampai 10.").wait_for()
    _score(page, {"Kebaruan": "8", "Efektif": "7"}, "Dampak terukur; perluas ke kecamatan lain.")
    page.locator("#review-total").get_by_text("76,00").wait_for()
    page.screenshot(path=screenshot_dir / "jury-scoring.png", full_page=True)
    page.get_by_role("button", name="Kirim penilaian").click()
    page.get_by_text("Penilaian terkirim.").wait_for()

    # The next proposal in the queue, scored lower.
    page.get_by_role("link", name="Berikutnya →").click()
    page.get_by_role("heading", name="Posyandu Lansia Digital").wait_for()
    page.wait_for_load_state()
    _score(page, {"Kebaruan": "6", "Efektif": "5"}, "Perlu data dampak yang lebih kuat.")
    page.get_by_role("button", name="Kirim penilaian").click()
    page.get_by_text("Penilaian terkirim.").wait_for()
    page.goto(base + "/juri/")
    page.get_by_text("2 dari 2 terkirim").wait_for()
    page.screenshot(path=screenshot_dir / "jury-queue-done.png", full_page=True)
    context.close()

    assert sorted(Review.objects.values_list("status", "total")) == [("submitted", 56), ("submitted", 76)]

    # The secretariat: the ranking, names visible; nominate the best; confirm the batch.
    context, page = _sign_in(browser, base, secretariat.email)
    page.goto(f"{base}/juri/kelola/")
    page.get_by_role("link", name="Peringkat").click()
    table = page.locator("table.ranking-table")
    table.get_by_text("Klinik Adminduk Keliling").wait_for()
    rows = table.locator("tbody tr")
    assert "Klinik Adminduk Keliling" in rows.nth(0).inner_text() and "76,00" in rows.nth(0).inner_text()
    assert "Pemerintah Kota Surabaya" in rows.nth(0).inner_text()
    rows.nth(0).get_by_role("checkbox").check()
    page.get_by_role("button", name="Nominasikan yang dipilih").click()
    page.get_by_text("1 proposal dinominasikan dan menunggu konfirmasi.").wait_for()
    page.screenshot(path=screenshot_dir / "jury-ranking-nominated.png", full_page=True)
    page.get_by_role("button", name="Konfirmasi nominasi").click()
    page.get_by_text("1 nominasi dikonfirmasi.").wait_for()
    page.screenshot(path=screenshot_dir / "jury-ranking-confirmed.png", full_page=True)
    context.close()

    nomination = Nomination.objects.get()
    assert (nomination.proposal.title, nomination.status, nomination.confirmed_by) == (
        "Klinik Adminduk Keliling",
        "confirmed",
        secretariat,
    )
