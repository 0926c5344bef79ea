"""A real SMTP conversation: aiosmtpd listens on a free local port and receives what the outbox sends."""

import email
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from notifications import services
from notifications.models import Message
from tests import factories
from tests.notifications.conftest import free_port

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps every envelope and refuses addresses at refused.example.test."""

    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example.test"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def test_message_reaches_a_real_smtp_server_with_both_parts(smtp_server):
    user = factories.UserFactory(email="made@example.test", language="id", full_name="Made Wirawan")
    (message,) = services.notify(
        event="agency_verified",
        recipients=[user],
        context={"agency": "Pemerintah Kabupaten Banyuwangi"},
        url="https://sinovik.example/undangan/abc/",
    )

    outcome = services.send_message(message_id=message.pk)

    (envelope,) = smtp_server.envelopes
    received = email.message_from_bytes(envelope.content, policy=default_policy)
    assert outcome.status == "sent"
    assert envelope.rcpt_tos == ["made@example.test"]
    assert received["To"] == "made@example.test"
    assert received["Subject"] == "Pemerintah Kabupaten Banyuwangi telah terverifikasi di SiNovik"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received.get_content_type() == "multipart/alternative"
    text = received.get_body(preferencelist=("plain",)).get_content()
    html = received.get_body(preferencelist=("html",)).get_content()
    assert "Yth. Made Wirawan," in text
    assert "https://sinovik.example/undangan/abc/" in text
    assert '<a href="https://sinovik.example/undangan/abc/"' in html
    assert "Siapkan akun Anda" in html
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_address_refused_for_good_fails_without_retrying(smtp_server):
    (message,) = services.notify(
        event="agency_request_received",
        recipients=["nobody@refused.example.test"],
        context={"agency": "Pemerintah Kota Surabaya"},
    )

    outcome = services.send_message(message_id=message.pk)

    message.refresh_from_db()
    assert (outcome.status, outcome.retry_in) == ("failed", None)
    assert (message.status, message.attempts) == (Message.Status.FAILED, 1)
    assert "550" in message.last_error
    assert smtp_server.envelopes == []
