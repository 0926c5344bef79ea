"""The public edition page in a real browser: Indonesian and English, desktop and phone.

Also checks that the browser's word counter and countdown (static/js/competitions.js) give exactly
what the server's count_words and format_remaining give.
"""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from competitions.forms_definition import count_words
from competitions.timing import format_remaining

pytestmark = pytest.mark.django_db(transaction=True)

WORD_COUNT_CASES = json.loads(
    (Path(__file__).parents[1] / "competitions" / "word_count_cases.json").read_text(encoding="utf-8")
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    return f"/kompetisi/kipp-{timezone.localdate().year}/"


def open_page(browser, url: str, *, viewport: dict, locale: str):
    context = browser.new_context(viewport=viewport, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return context, page


@pytest.mark.parametrize(
    ("language", "prefix", "open_now", "timeline", "left"),
    [
        ("id", "", "Sedang dibuka", "Jadwal", r"\d+ hari( \d+ jam)? lagi"),
        ("en", "/en", "Open now", "Timeline", r"\d+ days?( \d+ hours?)? left"),
    ],
)
@pytest.mark.parametrize(("device", "viewport"), [("desktop", {"width": 1366, "height": 900}), ("mobile", PHONE)])
def test_edition_page_shows_what_is_open_with_a_countdown(
    live_server, browser, screenshot_dir, demo, language, prefix, open_now, timeline, left, device, viewport
):
    context, page = open_page(browser, live_server.url + prefix + demo, viewport=viewport, locale=language)

    assert page.locator("html").get_attribute("lang") == language
    panel = page.locator(".now-panel")
    assert panel.get_by_text(open_now).is_visible()
    countdown = panel.locator("[data-countdown]")
    assert re.fullmatch(left, countdown.inner_text())
    current = page.locator('.timeline-item[aria-current="step"]')
    assert current.count() == 1 and current.is_visible()
    assert page.get_by_role("heading", level=2, name=timeline).is_visible()
    # Nothing may stick out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if device == "mobile":
        page.screenshot(path=screenshot_dir / f"competition-edition-{language}-{device}-top.png")
    page.locator(".form-outline summary").first.click()
    assert page.locator(".form-outline table").first.is_visible()
    # The sidebar is sticky: capture the full page from the top, as a reader first sees it.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=screenshot_dir / f"competition-edition-{language}-{device}.png", full_page=True)
    context.close()


def test_competition_list_and_archived_edition(live_server, browser, screenshot_dir, demo):
    context, page = open_page(
        browser, live_server.url + "/kompetisi/", viewport={"width": 1366, "height": 900}, locale="id"
    )

    assert page.get_by_role("heading", level=2, name="Sedang dibuka dan akan datang").is_visible()
    assert page.get_by_role("heading", level=2, name="Penyelenggaraan sebelumnya").is_visible()
    page.screenshot(path=screenshot_dir / "competition-list.png", full_page=True)
    page.get_by_role("link", name="Kompetisi Inovasi Pelayanan Publik (KIPP) 2023").click()
    page.wait_for_url(live_server.url + "/kompetisi/kipp-2023/")

    assert page.get_by_text("Penyelenggaraan ini telah selesai.").is_visible()
    assert page.get_by_text("Diperpanjang; semula ditutup").is_visible()
    page.screenshot(path=screenshot_dir / "competition-edition-2023.png", full_page=True)
    context.close()


def test_guideline_downloads_as_a_pdf(live_server, browser, demo):
    context, page = open_page(browser, live_server.url + demo, viewport={"width": 1366, "height": 900}, locale="id")

    with page.expect_download() as download:
        page.locator(".document-list a").first.click()

    path = download.value.path()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(path).read_bytes().startswith(b"%PDF-")
    context.close()


def test_browser_counts_words_exactly_like_the_server(live_server, browser, demo):
    context, page = open_page(browser, live_server.url + demo, viewport=PHONE, locale="id")

    texts = [text for text, _words in WORD_COUNT_CASES]
    in_browser = page.evaluate("(texts) => texts.map((text) => window.SiNovik.countWords(text))", texts)

    assert in_browser == [count_words(text) for text in texts]
    context.close()


@pytest.mark.parametrize(("language", "prefix"), [("id", ""), ("en", "/en")])
def test_browser_countdown_reads_exactly_like_the_server(live_server, browser, demo, language, prefix):
    deltas = [
        timedelta(days=21, hours=3, minutes=5),
        timedelta(days=1),
        timedelta(hours=5, minutes=12),
        timedelta(hours=1),
        timedelta(minutes=1, seconds=30),
        timedelta(seconds=30),
        timedelta(0),
    ]
    context, page = open_page(browser, live_server.url + prefix + demo, viewport=PHONE, locale=language)

    in_browser = page.evaluate(
        """(milliseconds) => {
            const texts = JSON.parse(document.getElementById("countdown-texts").textContent);
            return milliseconds.map((ms) => window.SiNovik.formatRemaining(ms, texts));
        }""",
        [delta.total_seconds() * 1000 for delta in deltas],
    )
    with translation.override(language):
        on_server = [format_remaining(delta) for delta in deltas]

    assert in_browser == on_server
    context.close()
