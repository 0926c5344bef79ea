"""Browser journey: a UPP staff member reads notifications, marks one read (htmx), then all; the email's look."""

import pytest

from notifications import services
from notifications.events import get_event
from notifications.rendering import render_email
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def person_with_notifications(email: str):
    """A user with one read and one unread notification, made through the real service."""
    user = factories.UserFactory(email=email, full_name="Dewi Lestari")
    services.notify(event="agency_verified", recipients=[user], context={"agency": "Pemerintah Kota Surabaya"})
    services.mark_all_notifications_read(user=user)
    services.notify(
        event="proposal_returned",
        recipients=[user],
        context={
            "proposal_title": "Klinik Kependudukan Keliling",
            "comments": "Mohon lengkapi data jumlah layanan sebelum dan sesudah inovasi.",
            "returned_by": "Agus Prasetyo",
        },
        url="/dasbor/",
    )
    return user


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/akun/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/dasbor/")


def test_upp_staff_reads_and_marks_notifications(live_server, page, screenshot_dir):
    person_with_notifications("upp@example.test")
    sign_in(page, live_server, "upp@example.test")

    page.goto(live_server.url + "/notifikasi/")
    assert page.get_by_role("heading", level=1, name="Notifikasi").is_visible()
    assert page.get_by_text("Belum dibaca: 1").is_visible()
    assert page.locator(".notification-unread").count() == 1
    page.screenshot(path=screenshot_dir / "notifications-upp.png", full_page=True)

    page.locator(".notification-unread").get_by_role("button", name="Tandai sudah dibaca").click()
    page.locator(".notification-unread").wait_for(state="detached")
    assert page.locator(".notification").count() == 2

    page.reload()
    assert page.get_by_text("Semua sudah dibaca.").is_visible()


def test_mark_all_read_on_a_phone(live_server, browser, screenshot_dir):
    person_with_notifications("adminlokal@example.test")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    sign_in(page, live_server, "adminlokal@example.test")

    page.goto(live_server.url + "/notifikasi/")
    page.screenshot(path=screenshot_dir / "notifications-mobile.png", full_page=True)
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()

    assert page.get_by_text("Semua notifikasi sudah ditandai dibaca.").is_visible()
    assert page.locator(".notification-unread").count() == 0
    context.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_invitation_email_look(page, screenshot_dir, language):
    event = get_event("invitation")
    rendered = render_email(
        event=event,
        language=language,
        context={
            **event.example_context(),
            "recipient_name": "",
            "url": "https://sinovik.example/undangan/abc/",
            "site_url": "https://sinovik.example",
        },
    )

    page.set_content(rendered.html)

    assert page.get_by_role(
        "link", name="Terima undangan" if language == "id" else "Accept the invitation"
    ).is_visible()
    page.screenshot(path=screenshot_dir / f"email-invitation-{language}.png", full_page=True)
