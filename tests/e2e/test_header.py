"""The header of a person with every role (and the admin) fits the common 1366 px laptop screen,
the narrowest desktop width, and a phone, without a horizontal scroll bar."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("width", "language"), [(1366, "id"), (1366, "en"), (1200, "id"), (1024, "id"), (390, "id")])
def test_header_with_every_role_never_scrolls_sideways(live_server, browser, screenshot_dir, width, language):
    user = factories.UserFactory(email="semua.peran@example.test", full_name="Rina Kusumawati", is_staff=True)
    factories.OrganiserMembershipFactory(user=user, role="secretariat")
    factories.MembershipFactory(user=user, role="admin_lokal")
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url + "/akun/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/dasbor/")
    if language == "en":
        page.goto(live_server.url + "/en/dasbor/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=screenshot_dir / f"header-every-role-{width}-{language}.png")
    context.close()

    assert overflow <= 0
