"""The outbox's way through Celery: queueing after commit, a broker outage, the sweep, the beat schedule."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications import services
from notifications.models import Message
from notifications.tasks import send_message_task, sweep_outbox
from tests import factories
from tests.notifications.conftest import unreachable_broker, wait_for

CONTEXT = {"agency": "Pemerintah Kabupaten Banyuwangi", "name": "Made Wirawan"}


@pytest.mark.django_db(transaction=True)
def test_notify_is_sent_by_the_task_after_commit(task_runner):
    user = factories.UserFactory(language="en")

    with transaction.atomic():
        (message,) = services.notify(event="agency_verified", recipients=[user], context=CONTEXT)
    wait_for(lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT)

    (sent,) = mail.outbox
    assert (sent.to, sent.subject) == ([user.email], "Pemerintah Kabupaten Banyuwangi is verified on SiNovik")


@pytest.mark.django_db(transaction=True)
def test_broker_down_keeps_the_change_and_the_sweep_later_sends_exactly_once(task_runner, caplog):
    with unreachable_broker():
        with transaction.atomic():
            (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=CONTEXT)

        message.refresh_from_db()
        assert (message.status, message.attempts) == (Message.Status.PENDING, 0)
        assert "wait for the outbox sweep" in caplog.text
        assert mail.outbox == []

    # The broker is back; a beat tick two minutes later finds the message and queues it again.
    queued = services.requeue_due_messages(now=timezone.now() + timedelta(minutes=2))
    wait_for(lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT)
    again = services.requeue_due_messages(now=timezone.now() + timedelta(hours=2))

    message.refresh_from_db()
    assert (queued, again) == (1, 0)
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)
    assert [sent.to for sent in mail.outbox] == [["a@example.test"]]


@pytest.mark.django_db
def test_sweep_ignores_messages_that_are_not_due_yet(django_capture_on_commit_callbacks):
    services.notify(event="agency_verified", recipients=["a@example.test"], context=CONTEXT)

    with django_capture_on_commit_callbacks() as callbacks:
        queued = services.requeue_due_messages()

    assert queued == 0
    assert callbacks == []


@pytest.mark.django_db
def test_sweep_requeues_a_message_whose_sender_died(django_capture_on_commit_callbacks):
    (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=CONTEXT)
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, attempts=1, requeue_at=timezone.now() - timedelta(seconds=1)
    )

    with django_capture_on_commit_callbacks() as callbacks:
        queued = services.requeue_due_messages()
    message.refresh_from_db()

    assert queued == 1
    assert len(callbacks) == 1
    assert message.status == Message.Status.PENDING
    assert "sender stopped" in message.last_error
    assert message.requeue_at > timezone.now() + timedelta(minutes=4)

    services.send_message(message_id=message.pk)
    services.send_message(message_id=message.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_sweep_task_runs_the_sweep(django_capture_on_commit_callbacks):
    (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=CONTEXT)
    Message.objects.filter(pk=message.pk).update(requeue_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks() as callbacks:
        result = sweep_outbox.apply()

    assert result.get() == 1
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_send_task_records_a_failure_without_spending_retries_in_process(settings):
    (message,) = services.notify(event="agency_verified", recipients=["a@example.test"], context=CONTEXT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1

    send_message_task.apply(args=[message.pk])

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.last_error.startswith("ConnectionRefusedError")


@pytest.mark.django_db
def test_sweep_runs_every_minute_from_the_beat_schedule():
    task = PeriodicTask.objects.get(task="notifications.sweep_outbox")

    assert (task.enabled, task.interval.every, task.interval.period) == (True, 1, "minutes")
