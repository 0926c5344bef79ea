"""The outbox, in-app notifications, editable email templates and messages to groups.

Every email starts life as a `Message` row written in the same transaction as the change that
causes it (notifications.services.notify). A Celery task sends it after the commit; a periodic sweep
queues again whatever is still unsent, so a broker or worker outage delays mail but never loses it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from notifications.events import EVENTS


def event_choices() -> list[tuple[str, str]]:
    return [(event.key, event.name) for event in EVENTS.values()]


class MessageQuerySet(models.QuerySet):
    def due_for_requeue(self, now=None):
        """Unsent messages whose expected attempt did not happen in time (lost task, dead worker)."""
        now = now or timezone.now()
        return self.filter(status__in=[Message.Status.PENDING, Message.Status.SENDING], requeue_at__lte=now)

    def status_counts(self) -> dict[str, int]:
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in Message.Status.values}


class Message(models.Model):
    """One email to one address, kept as an outbox row until it has been handed to the mail server.

    `requeue_at` is the safety net: while the row is pending it says when the sweep may assume the
    queued task was lost; while it is sending it is the end of the sender's lease, after which the
    sender is presumed dead. Only notifications.services changes `status`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    to_email = models.EmailField(pgettext_lazy("recipient", "to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    event = models.CharField(_("event"), max_length=50, choices=event_choices)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The same event for the same person is queued only once."),
    )
    group_message = models.ForeignKey(
        "GroupMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("group message"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    requeue_at = models.DateTimeField(
        _("queue again at"),
        null=True,
        blank=True,
        help_text=_("If the message is still unsent at this time, the periodic sweep queues it again."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("email message")
        verbose_name_plural = _("email messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requeue_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="message_unsent_requeue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.to_email}"


class MessageAttachment(models.Model):
    """A file sent with a message, such as the .ics invitation for an interview slot."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message shown inside the portal to a signed-in user (the in-app twin of an email)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    event = models.CharField(_("event"), max_length=50, choices=event_choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    message = models.OneToOneField(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
        verbose_name=_("email message"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent_idx"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailTemplateQuerySet(models.QuerySet):
    def by_language(self, event: str) -> dict[str, "EmailTemplate"]:
        """The secretariat's overrides of one event, keyed by language (one query)."""
        return {template.language: template for template in self.filter(event=event)}


class EmailTemplate(models.Model):
    """The secretariat's wording of one event in one language, replacing the built-in file template.

    Subject and body are plain text with `{{ placeholder }}` fields (the event documents which);
    the HTML twin is made from the text inside the standard SiNovik layout, so every email keeps
    one look. Deleting the row brings the built-in wording back.
    """

    event = models.CharField(_("event"), max_length=50, choices=event_choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Plain text. Blank lines separate paragraphs. The greeting, the link button and the footer "
            "are added around it."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = EmailTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="email_template_unique_event_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} ({self.language})"


class GroupMessage(models.Model):
    """A message the secretariat writes once and sends to a segment of people.

    The segment is defined over roles and, for agency roles, the agency type, the province and whether
    the agency still has proposals to forward in an edition (e.g. every Admin Lokal in Papua whose
    agency has unforwarded proposals). Recipients with
    English as their language get the English text when one is written, otherwise the Indonesian.
    Per-recipient delivery is the status of each linked Message.
    """

    subject_id = models.CharField(_("subject (Indonesian)"), max_length=200)
    body_id = models.TextField(_("message (Indonesian)"))
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("message (English)"), blank=True)
    roles = models.JSONField(_("roles"), default=list)
    agency_kinds = models.JSONField(
        _("agency types"),
        default=list,
        blank=True,
        help_text=_("Only for Admin Lokal and UPP staff; leave empty for every agency type."),
    )
    provinces = models.ManyToManyField(
        "agencies.Region",
        blank=True,
        related_name="+",
        limit_choices_to={"level": "province"},
        verbose_name=_("provinces"),
        help_text=_("Only for Admin Lokal and UPP staff; leave empty for every province."),
    )
    unforwarded_in = models.ForeignKey(
        "competitions.Edition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("with proposals not yet forwarded in"),
        help_text=_(
            "Only for Admin Lokal and UPP staff: only agencies with a proposal of this edition that is still "
            "a draft, with its Admin Lokal or returned for revision."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("message to a group")
        verbose_name_plural = _("messages to groups")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject_id

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
