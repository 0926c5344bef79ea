"""Writes of the notifications app: queueing, sending and retrying email, in-app notifications.

The outbox in one paragraph: `notify` renders each message in the recipient's language and writes
it as a pending Message row inside the caller's transaction, then asks `transaction.on_commit` to
queue one Celery task per message. If the transaction rolls back, nothing was written and nothing
is queued. If the broker is down, the rows stay pending and `requeue_due_messages` (run every
minute by Celery beat) queues them again. `send_message` claims a row before sending and skips
rows that are sent or claimed by a live sender, so duplicate tasks never send twice.
"""

import hashlib
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import translate_url
from django.utils import timezone

from notifications.events import get_event
from notifications.models import EmailTemplate, GroupMessage, Message, MessageAttachment, Notification
from notifications.rendering import InLanguage, render_email
from notifications.selectors import group_recipients

logger = logging.getLogger(__name__)
User = get_user_model()

MAX_ATTEMPTS = 8
# Wait after the 1st, 2nd, … failed attempt. Each stays well under the broker's visibility timeout
# (settings.CELERY_BROKER_TRANSPORT_OPTIONS), past which Redis would deliver the retry twice.
RETRY_DELAYS = (60, 120, 300, 600, 1200, 1800, 1800)
# How long the sweep waits for a queued task before it assumes the task was lost.
SWEEP_GRACE = timedelta(minutes=1)
# How long a sender may hold a message; afterwards it is presumed dead and the message is queued again.
SEND_LEASE = timedelta(minutes=15)
# The SMTP timeout keeps a hung connection far inside the lease, so a message is never sent twice.
SMTP_TIMEOUT = 60
# After queueing a message again, when the sweep may try once more if that task is lost too.
REQUEUE_INTERVAL = timedelta(minutes=5)
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Attachment:
    """A file to send with every message of one `notify` call."""

    filename: str
    content: bytes | str
    mimetype: str = "application/octet-stream"


@dataclass(frozen=True)
class SendOutcome:
    status: str
    # Seconds until the next attempt, when the send failed and will be tried again.
    retry_in: int | None = None


def notify(
    *,
    event: str,
    recipients: Iterable[AbstractBaseUser | str],
    context: dict[str, Any],
    url: str = "",
    dedupe_key: str | None = None,
    in_app: bool = True,
    attachments: Iterable[Attachment] = (),
) -> list[Message]:
    """Queue `event` for each recipient, in the recipient's language, inside the caller's transaction.

    Recipients are users (their `language`, in-app notification when `in_app`) or plain email
    addresses (Indonesian; pass the person's name as `context["name"]` for the greeting). The same
    address given twice is one recipient. `url` may be a path or a full URL of the portal; each
    recipient gets it in their language. With `dedupe_key`, a recipient who already has a message
    under that key is skipped, so calling again for the same change queues nothing new.

    Side effects: writes Message rows (with MessageAttachment rows) and, for users with `in_app`,
    Notification rows; after the surrounding transaction commits, queues one send task per message
    (a broker error is logged and the rows wait for the periodic sweep). Returns the new messages.

    Raises UnknownEvent for an unregistered event and ValueError when a required placeholder is
    missing from `context` or an address is invalid: both are mistakes of the calling code.
    """
    spec = get_event(event)
    missing = spec.required - context.keys()
    if missing:
        raise ValueError(f"notify({event!r}) is missing context: {', '.join(sorted(missing))}")
    targets = _unique_recipients(recipients)
    if dedupe_key:
        keys = {email: _dedupe_key(dedupe_key, email) for email in targets}
        queued = set(Message.objects.filter(dedupe_key__in=keys.values()).values_list("dedupe_key", flat=True))
        targets = {email: target for email, target in targets.items() if keys[email] not in queued}
    if not targets:
        return []

    overrides = EmailTemplate.objects.by_language(event)
    now = timezone.now()
    unsaved, in_app_links = [], {}
    for email, target in targets.items():
        user = target if isinstance(target, User) else None
        language = _language_of(user)
        path, link = _links(url, language)
        rendered = render_email(
            event=spec,
            language=language,
            context={
                **context,
                "recipient_name": user.full_name if user else context.get("name", ""),
                "url": link,
                "site_url": settings.SITE_URL,
            },
            override=overrides.get(language),
        )
        message = Message(
            recipient=user,
            to_email=user.email if user else target,
            language=language,
            event=event,
            subject=rendered.subject[:255],
            body_text=rendered.text,
            body_html=rendered.html,
            dedupe_key=_dedupe_key(dedupe_key, email) if dedupe_key else None,
            created_at=now,
            requeue_at=now + SWEEP_GRACE,
        )
        unsaved.append(message)
        if user and in_app:
            in_app_links[id(message)] = (path, rendered.summary)

    messages = _insert_messages(unsaved)
    files = tuple(attachments)
    MessageAttachment.objects.bulk_create(
        MessageAttachment(
            message=message,
            filename=file.filename,
            mimetype=file.mimetype,
            content=file.content.encode() if isinstance(file.content, str) else file.content,
        )
        for message in messages
        for file in files
    )
    Notification.objects.bulk_create(
        Notification(
            user=message.recipient,
            event=event,
            title=message.subject,
            body=in_app_links[id(message)][1],
            url=in_app_links[id(message)][0],
            message=message,
            created_at=now,
        )
        for message in messages
        if id(message) in in_app_links
    )
    if messages:
        transaction.on_commit(partial(enqueue_messages, [message.pk for message in messages]))
    return messages


def notify_digest(
    *,
    event: str,
    items: Iterable[tuple[AbstractBaseUser | str, Any]],
    context: dict[str, Any],
    url: str = "",
    dedupe_key: str | None = None,
) -> list[Message]:
    """One message per person listing all of their items, instead of a message per item.

    `items` are (recipient, item) pairs in display order; each recipient's items reach the
    template as the `items` placeholder. Side effects: those of `notify`, once per recipient.
    """
    grouped: dict[str, tuple[AbstractBaseUser | str, list[Any]]] = {}
    for recipient, item in items:
        email = (recipient.email if isinstance(recipient, User) else str(recipient).strip()).lower()
        grouped.setdefault(email, (recipient, []))[1].append(item)
    messages = []
    for recipient, person_items in grouped.values():
        messages += notify(
            event=event,
            recipients=[recipient],
            context={**context, "items": person_items},
            url=url,
            dedupe_key=dedupe_key,
        )
    return messages


def enqueue_messages(message_ids: list[int]) -> None:
    """Queue a send task per message; on a broker error, log it and leave the rest to the sweep.

    Runs after commit, usually inside a web request: an unreachable broker must not turn the
    user's successful action into an error page.
    """
    from notifications.tasks import send_message_task

    for position, message_id in enumerate(message_ids):
        try:
            send_message_task.delay(message_id)
        except Exception:
            logger.exception(
                "Could not queue email message %s; %s message(s) wait for the outbox sweep",
                message_id,
                len(message_ids) - position,
            )
            return


def send_message(*, message_id: int) -> SendOutcome | None:
    """Send one outbox message, at most once, and record the result.

    Claims the row first (status `sending`, attempts + 1, a lease of SEND_LEASE) in a short
    transaction, so the SMTP conversation holds no database lock; a message that is already sent,
    failed, or claimed by a sender whose lease has not expired is left alone. Returns None when
    the message no longer exists.

    Side effects: sends the email; marks the message sent, or records the error and sets it back to
    pending with a later `requeue_at` (SendOutcome.retry_in says when to try again), or marks it
    failed after MAX_ATTEMPTS attempts or when the mail server refuses the address for good.
    """
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return None
        lease = message.requeue_at
        claimed_elsewhere = message.status == Message.Status.SENDING and lease is not None and lease > now
        if message.status in (Message.Status.SENT, Message.Status.FAILED) or claimed_elsewhere:
            return SendOutcome(status=message.status)
        message.status = Message.Status.SENDING
        message.attempts += 1
        message.requeue_at = now + SEND_LEASE
        message.save(update_fields=["status", "attempts", "requeue_at"])

    try:
        _email_for(message).send()
    except Exception as error:
        return _record_failure(message=message, error=error)
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.SENT, sent_at=timezone.now(), requeue_at=None
    )
    return SendOutcome(status=Message.Status.SENT)


def requeue_due_messages(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Queue again the unsent messages whose task was lost: the outbox sweep.

    Picks pending messages whose `requeue_at` has passed (their task never ran: broker down, task
    lost) and sending messages whose lease expired (their sender died mid-send), oldest first.

    Side effects: sets those messages to pending with `requeue_at` moved REQUEUE_INTERVAL ahead (a
    dead sender is noted in `last_error`), then queues a send task for each after commit. Returns
    how many were queued.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Message.objects.due_for_requeue(now)
            .order_by("requeue_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", "status")[:limit]
        )
        ids = [pk for pk, _ in due]
        abandoned = [pk for pk, status in due if status == Message.Status.SENDING]
        Message.objects.filter(pk__in=abandoned).update(
            status=Message.Status.PENDING,
            last_error=f"The sender stopped before finishing (no result within {SEND_LEASE}); queued again.",
        )
        Message.objects.filter(pk__in=ids).update(requeue_at=now + REQUEUE_INTERVAL)
        if ids:
            transaction.on_commit(partial(enqueue_messages, ids))
    if ids:
        logger.info("Outbox sweep queued %s message(s) again", len(ids))
    return len(ids)


def retry_messages(*, messages: QuerySet[Message]) -> int:
    """Give failed or waiting messages a fresh series of attempts (the admin's "retry" action).

    Side effects: sets them pending with attempts reset to 0 (the last error stays visible until a
    send succeeds) and queues a send task for each after commit. Sent messages are never touched.
    Returns how many were queued.
    """
    retryable = [Message.Status.FAILED, Message.Status.PENDING]
    ids = list(messages.filter(status__in=retryable).values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids, status__in=retryable).update(
        status=Message.Status.PENDING, attempts=0, requeue_at=timezone.now() + SWEEP_GRACE
    )
    if ids:
        transaction.on_commit(partial(enqueue_messages, ids))
    return len(ids)


def mark_notification_read(*, notification: Notification) -> None:
    """Mark one in-app notification read (once; a second call keeps the first time)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def mark_all_notifications_read(*, user) -> int:
    """Mark every unread in-app notification of `user` read; returns how many changed."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


class AlreadySent(Exception):
    pass


@transaction.atomic
def send_group_message(*, group_message: GroupMessage, by: AbstractBaseUser) -> list[Message]:
    """Send a message to everyone in its segment, once; each person reads it in their language.

    English-speaking recipients get the English text when the secretariat wrote one, otherwise the
    Indonesian. Side effects: locks the group message, queues one `group_message` email (and in-app
    notification) per recipient through `notify`, links those messages to it for the delivery
    report, and records who sent it and when. Raises AlreadySent on a second attempt.
    """
    group_message = GroupMessage.objects.select_for_update().get(pk=group_message.pk)
    if group_message.is_sent:
        raise AlreadySent(group_message.pk)
    context = {
        "subject": InLanguage(id=group_message.subject_id, en=group_message.subject_en),
        "body": InLanguage(id=group_message.body_id, en=group_message.body_en),
    }
    messages = notify(
        event="group_message",
        recipients=group_recipients(group_message),
        context=context,
        dedupe_key=f"group-message-{group_message.pk}",
    )
    Message.objects.filter(pk__in=[message.pk for message in messages]).update(group_message=group_message)
    group_message.sent_at, group_message.sent_by = timezone.now(), by
    group_message.save(update_fields=["sent_at", "sent_by"])
    return messages


# --- helpers --------------------------------------------------------------------------------------


def _unique_recipients(recipients: Iterable[AbstractBaseUser | str]) -> dict[str, AbstractBaseUser | str]:
    """Recipients keyed by lower-cased address; a user wins over the same plain address."""
    targets: dict[str, AbstractBaseUser | str] = {}
    for recipient in recipients:
        if isinstance(recipient, User):
            email = recipient.email
        else:
            email = str(recipient).strip()
            try:
                validate_email(email)
            except ValidationError:
                raise ValueError(f"Not an email address: {recipient!r}") from None
        key = email.lower()
        if key not in targets or isinstance(recipient, User):
            targets[key] = recipient if isinstance(recipient, User) else email
    return targets


def _dedupe_key(key: str, email: str) -> str:
    full = f"{key}:{email}"
    if len(full) <= 255:
        return full
    return f"{key[:180]}:{hashlib.sha256(full.encode()).hexdigest()}"


def _language_of(user) -> str:
    languages = dict(settings.LANGUAGES)
    language = getattr(user, "language", None)
    return language if language in languages else settings.LANGUAGE_CODE


def _links(url: str, language: str) -> tuple[str, str]:
    """(what the in-app list links to, the absolute link for the email), both in `language`.

    Portal links are re-reversed in the recipient's language (/en/... for English); links to
    other sites are kept as they are.
    """
    if not url:
        return "", ""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != site.netloc:
        return url, url
    path = urlsplit(translate_url(url, language))
    local = path.path + (f"?{path.query}" if path.query else "") + (f"#{path.fragment}" if path.fragment else "")
    return local, settings.SITE_URL.rstrip("/") + local


def _insert_messages(messages: list[Message]) -> list[Message]:
    """Insert in one statement; if a concurrent transaction took a dedupe key, insert one by one."""
    try:
        with transaction.atomic():
            return Message.objects.bulk_create(messages)
    except IntegrityError:
        inserted = []
        for message in messages:
            message.pk = None
            try:
                with transaction.atomic():
                    message.save(force_insert=True)
            except IntegrityError:
                if not (message.dedupe_key and Message.objects.filter(dedupe_key=message.dedupe_key).exists()):
                    raise
                continue
            inserted.append(message)
        return inserted


def _email_for(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        connection=get_connection(timeout=SMTP_TIMEOUT),
        # RFC 3834: tells mail servers not to answer with out-of-office replies.
        headers={"Auto-Submitted": "auto-generated", "X-SiNovik-Event": message.event},
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email


def _record_failure(*, message: Message, error: Exception) -> SendOutcome:
    permanent = _refused_for_good(error)
    if permanent or message.attempts >= MAX_ATTEMPTS:
        status, retry_in, requeue_at = Message.Status.FAILED, None, None
    else:
        status = Message.Status.PENDING
        retry_in = RETRY_DELAYS[min(message.attempts, len(RETRY_DELAYS)) - 1]
        requeue_at = timezone.now() + timedelta(seconds=retry_in) + SWEEP_GRACE
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=status, requeue_at=requeue_at, last_error=f"{type(error).__name__}: {error}"[:2000]
    )
    logger.warning(
        "Email message %s (%s to %s) failed on attempt %s: %s",
        message.pk,
        message.event,
        message.to_email,
        message.attempts,
        error,
    )
    return SendOutcome(status=status, retry_in=retry_in)


def _refused_for_good(error: Exception) -> bool:
    """The mail server refused every recipient with a permanent (5xx) code: retrying cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _ in error.recipients.values())
    return False
