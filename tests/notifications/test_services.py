from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.events import UnknownEvent
from notifications.models import EmailTemplate, Message, Notification
from tests import factories

pytestmark = pytest.mark.django_db

AGENCY_CONTEXT = {"agency": "Pemerintah Kota Surabaya", "name": "Agus Prasetyo"}


def test_notify_writes_message_and_queues_it_only_after_commit(django_capture_on_commit_callbacks):
    user = factories.UserFactory(full_name="Dewi Lestari")

    with django_capture_on_commit_callbacks() as callbacks:
        messages = services.notify(event="agency_verified", recipients=[user], context=AGENCY_CONTEXT)

    message = Message.objects.get()
    assert messages == [message]
    assert (message.recipient, message.to_email, message.status) == (user, user.email, Message.Status.PENDING)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_notify_writes_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = factories.UserFactory()

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        services.notify(event="agency_verified", recipients=[user], context=AGENCY_CONTEXT)
        raise RuntimeError("the change failed")

    assert Message.objects.count() == 0
    assert Notification.objects.count() == 0
    assert callbacks == []


def test_notify_with_the_same_dedupe_key_queues_once():
    user = factories.UserFactory()

    first = services.notify(event="agency_verified", recipients=[user], context=AGENCY_CONTEXT, dedupe_key="v-1")
    second = services.notify(event="agency_verified", recipients=[user], context=AGENCY_CONTEXT, dedupe_key="v-1")

    assert len(first) == 1
    assert second == []
    assert Message.objects.count() == 1
    assert Notification.objects.count() == 1


def test_notify_dedupe_key_is_per_recipient():
    first, second = factories.UserFactory(), factories.UserFactory()
    services.notify(event="agency_verified", recipients=[first], context=AGENCY_CONTEXT, dedupe_key="v-1")

    added = services.notify(
        event="agency_verified", recipients=[first, second], context=AGENCY_CONTEXT, dedupe_key="v-1"
    )

    assert [message.recipient for message in added] == [second]


def test_notify_same_address_twice_is_one_recipient_and_the_user_wins():
    user = factories.UserFactory(email="dewi@example.test", language="en")

    services.notify(event="agency_verified", recipients=["DEWI@example.test", user], context=AGENCY_CONTEXT)

    message = Message.objects.get()
    assert (message.recipient, message.language) == (user, "en")


def test_notify_renders_in_each_recipients_language():
    english = factories.UserFactory(language="en", full_name="Jane Doe")
    indonesian = factories.UserFactory(language="id", full_name="Dewi Lestari")

    services.notify(
        event="agency_rejected",
        recipients=[english, indonesian, "pemohon@example.test"],
        context={**AGENCY_CONTEXT, "reason": "Surat belum ditandatangani."},
    )

    by_email = {message.to_email: message for message in Message.objects.all()}
    assert by_email[english.email].language == "en"
    assert (
        by_email[english.email].subject == "The SiNovik account request for Pemerintah Kota Surabaya was not approved"
    )
    assert "Dear Jane Doe," in by_email[english.email].body_text
    assert by_email[indonesian.email].language == "id"
    assert (
        by_email[indonesian.email].subject == "Permohonan akun SiNovik untuk Pemerintah Kota Surabaya tidak disetujui"
    )
    assert "Yth. Dewi Lestari," in by_email[indonesian.email].body_text
    plain = by_email["pemohon@example.test"]
    assert (plain.language, plain.recipient) == ("id", None)
    assert "Yth. Agus Prasetyo," in plain.body_text
    assert "Surat belum ditandatangani." in plain.body_html


def test_notify_gives_each_recipient_the_link_in_their_language():
    english, indonesian = factories.UserFactory(language="en"), factories.UserFactory(language="id")

    services.notify(event="agency_verified", recipients=[english, indonesian], context=AGENCY_CONTEXT, url="/dasbor/")

    assert Notification.objects.get(user=english).url == "/en/dasbor/"
    assert Notification.objects.get(user=indonesian).url == "/dasbor/"
    assert "http://127.0.0.1:8000/en/dasbor/" in Message.objects.get(recipient=english).body_text


def test_notify_keeps_links_to_other_sites():
    user = factories.UserFactory()

    services.notify(event="agency_verified", recipients=[user], context=AGENCY_CONTEXT, url="https://meet.example/j/1")

    assert Notification.objects.get().url == "https://meet.example/j/1"


def test_notify_creates_in_app_notification_only_for_users_and_when_asked():
    with_app, without_app = factories.UserFactory(language="en"), factories.UserFactory()

    services.notify(event="agency_verified", recipients=[with_app, "x@example.test"], context=AGENCY_CONTEXT)
    services.notify(event="agency_verified", recipients=[without_app], context=AGENCY_CONTEXT, in_app=False)

    notification = Notification.objects.get()
    assert notification.user == with_app
    assert notification.title == "Pemerintah Kota Surabaya is verified on SiNovik"
    assert notification.body.startswith("The secretariat verified Pemerintah Kota Surabaya")
    assert notification.message == Message.objects.get(recipient=with_app)


def test_notify_refuses_unknown_events_missing_context_and_bad_addresses():
    with pytest.raises(UnknownEvent):
        services.notify(event="no_such_event", recipients=["a@example.test"], context={})
    with pytest.raises(ValueError, match="missing context: reason"):
        services.notify(event="agency_rejected", recipients=["a@example.test"], context=AGENCY_CONTEXT)
    with pytest.raises(ValueError, match="Not an email address"):
        services.notify(event="agency_verified", recipients=["not-an-address"], context=AGENCY_CONTEXT)
    assert Message.objects.count() == 0


def test_notify_uses_the_secretariats_template_over_the_file():
    EmailTemplate.objects.create(
        event="agency_verified",
        language="id",
        subject="Selamat, {{ agency }} terverifikasi",
        body="Instansi {{ agency }} kini aktif.\n\nSalam hangat.",
    )
    indonesian, english = factories.UserFactory(language="id"), factories.UserFactory(language="en")

    services.notify(event="agency_verified", recipients=[indonesian, english], context=AGENCY_CONTEXT)

    custom = Message.objects.get(recipient=indonesian)
    assert custom.subject == "Selamat, Pemerintah Kota Surabaya terverifikasi"
    assert "Instansi Pemerintah Kota Surabaya kini aktif." in custom.body_text
    assert "<p>Instansi Pemerintah Kota Surabaya kini aktif.</p>" in custom.body_html
    assert Message.objects.get(recipient=english).subject == "Pemerintah Kota Surabaya is verified on SiNovik"


def test_notify_escapes_context_values_in_html():
    services.notify(
        event="agency_rejected",
        recipients=["a@example.test"],
        context={**AGENCY_CONTEXT, "reason": "<script>alert(1)</script>"},
    )

    message = Message.objects.get()
    assert "<script>" not in message.body_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in message.body_html
    assert "<script>alert(1)</script>" in message.body_text


def test_notify_stores_attachments_and_sends_them():
    invite = services.Attachment(filename="wawancara.ics", content="BEGIN:VCALENDAR\r\n", mimetype="text/calendar")
    services.notify(
        event="agency_verified",
        recipients=["a@example.test", "b@example.test"],
        context=AGENCY_CONTEXT,
        attachments=[invite],
    )
    message = Message.objects.get(to_email="a@example.test")

    services.send_message(message_id=message.pk)

    assert [(a.filename, a.mimetype, bytes(a.content)) for a in message.attachments.all()] == [
        ("wawancara.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n")
    ]
    (sent,) = mail.outbox
    assert sent.attachments[0][0] == "wawancara.ics"


def test_send_message_sends_text_and_html_once():
    (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=AGENCY_CONTEXT)

    first = services.send_message(message_id=message.pk)
    second = services.send_message(message_id=message.pk)

    message.refresh_from_db()
    assert (first.status, second.status) == ("sent", "sent")
    assert (message.status, message.attempts, message.requeue_at) == (Message.Status.SENT, 1, None)
    assert message.sent_at is not None
    (sent,) = mail.outbox
    assert sent.to == ["a@example.test"]
    assert sent.subject == message.subject
    assert sent.body == message.body_text
    assert sent.alternatives[0] == (message.body_html, "text/html")
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"


def test_send_message_records_failure_then_a_later_attempt_sends_exactly_once(settings):
    (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=AGENCY_CONTEXT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there

    failed = services.send_message(message_id=message.pk)

    message.refresh_from_db()
    assert (failed.status, failed.retry_in) == ("pending", 60)
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert message.requeue_at > timezone.now() + timedelta(seconds=60)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.send_message(message_id=message.pk)
    services.send_message(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_send_message_marks_failed_after_the_last_attempt(settings):
    (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=AGENCY_CONTEXT)
    Message.objects.filter(pk=message.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1

    outcome = services.send_message(message_id=message.pk)

    message.refresh_from_db()
    assert (outcome.status, outcome.retry_in) == ("failed", None)
    assert (message.status, message.attempts, message.requeue_at) == (
        Message.Status.FAILED,
        services.MAX_ATTEMPTS,
        None,
    )


def test_send_message_leaves_a_message_claimed_by_a_live_sender_alone():
    (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=AGENCY_CONTEXT)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, attempts=1, requeue_at=timezone.now() + timedelta(minutes=10)
    )

    outcome = services.send_message(message_id=message.pk)

    assert outcome.status == "sending"
    assert mail.outbox == []


def test_send_message_of_a_deleted_message_returns_quietly():
    assert services.send_message(message_id=987654) is None


def test_retry_messages_requeues_failed_but_never_sent(django_capture_on_commit_callbacks):
    failed, sent = services.notify(
        event="agency_verified", recipients=["a@example.test", "b@example.test"], context=AGENCY_CONTEXT
    )
    Message.objects.filter(pk=failed.pk).update(status=Message.Status.FAILED, attempts=8, requeue_at=None)
    Message.objects.filter(pk=sent.pk).update(status=Message.Status.SENT)

    with django_capture_on_commit_callbacks() as callbacks:
        count = services.retry_messages(messages=Message.objects.all())

    failed.refresh_from_db()
    assert count == 1
    assert (failed.status, failed.attempts) == (Message.Status.PENDING, 0)
    assert len(callbacks) == 1


def test_mark_all_notifications_read_touches_only_that_users_unread():
    user, other = factories.UserFactory(), factories.UserFactory()
    services.notify(event="agency_verified", recipients=[user, other], context=AGENCY_CONTEXT)
    services.notify(event="agency_request_received", recipients=[user], context=AGENCY_CONTEXT)

    changed = services.mark_all_notifications_read(user=user)

    assert changed == 2
    assert Notification.objects.unread().get().user == other
