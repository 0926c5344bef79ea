import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_ROLES = [
    ("sekretariat@sinovik.test", "Sekretariat"),
    ("evaluator@sinovik.test", "Evaluator (TE)"),
    ("panelis@sinovik.test", "Panelis (TPI)"),
    ("adminlokal@sinovik.test", "Admin Lokal"),
    ("upp@sinovik.test", "Staf UPP"),
]


def test_home_in_indonesian_then_english(live_server, page, screenshot_dir):
    page.goto(live_server.url + "/")

    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", level=2, name="Cara kerja kompetisi").is_visible()
    page.screenshot(path=screenshot_dir / "home-id.png", full_page=True)

    page.get_by_role("button", name="EN").click()
    page.wait_for_url(live_server.url + "/en/")

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=2, name="How the competition works").is_visible()
    page.screenshot(path=screenshot_dir / "home-en.png", full_page=True)


def test_home_on_a_phone_has_a_working_menu(live_server, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/")

    page.get_by_role("button", name="Buka menu").click()
    page.locator("#main-nav").get_by_role("link", name="Masuk", exact=True).wait_for(state="visible")

    page.wait_for_selector("#main-nav.collapse.show")
    page.screenshot(path=screenshot_dir / "home-mobile-menu.png")
    context.close()


@pytest.mark.parametrize(("email", "role_label"), DEMO_ROLES)
def test_each_demo_role_can_sign_in(live_server, page, screenshot_dir, email, role_label):
    call_command("seed_demo")
    page.goto(live_server.url + "/akun/login/")
    if email.startswith("sekretariat"):
        page.screenshot(path=screenshot_dir / "login.png", full_page=True)

    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/dasbor/")

    assert page.locator(".role-list").get_by_text(role_label).first.is_visible()
    page.screenshot(path=screenshot_dir / f"dashboard-{email.split('@')[0]}.png", full_page=True)
