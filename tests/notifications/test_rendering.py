"""Every registered event renders in Indonesian and English, from its files or the secretariat's template."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from notifications.events import EVENTS, get_event
from notifications.models import EmailTemplate
from notifications.rendering import fill_placeholders, render_email

COMMON = {"recipient_name": "Dewi Lestari", "url": "https://sinovik.example/x/", "site_url": "https://sinovik.example"}


def render(key: str, language: str, override=None, **context):
    event = get_event(key)
    return render_email(
        event=event, language=language, context={**event.example_context(), **COMMON, **context}, override=override
    )


@pytest.mark.parametrize("key", sorted(EVENTS))
def test_every_event_renders_in_both_languages(key):
    indonesian, english = render(key, "id"), render(key, "en")

    assert indonesian.subject and english.subject
    assert indonesian.subject != english.subject
    assert indonesian.summary != english.summary
    assert indonesian.text.startswith("Yth. Dewi Lestari,")
    assert english.text.startswith("Dear Dewi Lestari,")
    assert "Anda menerima email ini karena" in indonesian.text
    assert "You receive this email because" in english.text
    # The footer says why this person gets the email, even when the event has a "reason" placeholder.
    with translation.override("en"):
        assert f"You receive this email because {get_event(key).reason}" in english.text
    assert '<html lang="id">' in indonesian.html
    assert '<html lang="en">' in english.html
    assert "https://sinovik.example/x/" in english.text
    assert f'href="{COMMON["url"]}"' in english.html
    for rendered in (indonesian, english):
        assert "{{" not in rendered.subject + rendered.text + rendered.html
        assert "\n" not in rendered.subject


def test_datetimes_render_in_wib_with_the_recipients_month_names():
    closes = datetime(2026, 5, 15, 16, 59, tzinfo=ZoneInfo("UTC"))

    indonesian = render("round_closing", "id", closes_at=closes)
    english = render("round_closing", "en", closes_at=closes)

    assert "15 Mei 2026, 23:59 WIB" in indonesian.summary
    assert "15 May 2026, 23:59 WIB" in english.summary


def test_missing_optional_placeholders_leave_their_sentence_out():
    with_unit = render("invitation", "en")
    without = render("invitation", "en", unit="", inviter="", expires_at=None)

    assert "Public service unit (UPP): Dinas Kependudukan" in with_unit.text
    assert "Rina Kusumawati invites you" in with_unit.text
    assert "UPP)" not in without.text.split("SiNovik is the portal")[0]
    assert without.summary.startswith("You are invited to join Pemerintah Kota Surabaya on SiNovik as UPP staff.")
    assert "Accept the invitation with the link below." in without.text


def test_without_recipient_name_the_greeting_is_polite_and_general():
    assert render("agency_request_received", "id", recipient_name="").text.startswith("Yth. Bapak/Ibu,")
    assert render("agency_request_received", "en", recipient_name="").text.startswith("Dear Sir or Madam,")


@pytest.mark.django_db
def test_secretariat_template_replaces_subject_and_text_but_keeps_the_layout():
    override = EmailTemplate(
        event="round_closing",
        language="id",
        subject="Segera! {{ stage }} ditutup {{ closes_at }}",
        body="Halo {{ recipient_name }}, {{ stage }} ditutup {{ closes_at }}.\n\nTautan: {{ url }}",
    )

    rendered = render("round_closing", "id", override=override, stage="Pengajuan proposal")

    assert rendered.subject == "Segera! Pengajuan proposal ditutup 30 April 2026, 23:59 WIB"
    assert rendered.summary.startswith("Halo Dewi Lestari, Pengajuan proposal ditutup 30 April 2026, 23:59 WIB.")
    assert rendered.text.startswith("Yth. Dewi Lestari,")
    assert "Tim Sekretariat SiNovik" in rendered.text
    assert '<a href="https://sinovik.example/x/"' in rendered.html


def test_placeholders_cannot_reach_into_objects():
    class Agency:
        name = "Kota Surabaya"
        secret = "do not show"

    assert fill_placeholders("{{ agency.secret }} {{agency}}", {"agency": Agency()}).startswith("{{ agency.secret }}")
    assert fill_placeholders("{{ unknown }}!", {}) == "!"
    assert fill_placeholders("{{ items }}", {"items": ["A", "B"]}) == "- A\n- B"
