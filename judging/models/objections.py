"""Uji publik (the public objection period, masa sanggah) of issue 8.

After the finalists of an edition are announced, anyone may object to a finalist during the
edition's PUBLIC_OBJECTION stage: name, email, contact, grounds and an evidence file. An objection
counts only once its email address is confirmed through the link sent to it; the secretariat then
accepts or rejects it with a written reason, and an accepted objection may disqualify the finalist.
The outcomes are published (without who objected) once the period has closed.

`status` moves unverified → received → accepted | rejected, only through
judging.services.objections (one transition function); the objection itself is the audit record of
its decision, including the decisions and awards a disqualification removed (`removed`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.models import Edition
from submissions.models import Proposal


def evidence_path(instance: "Objection", filename: str) -> str:
    # Never the uploaded name: it may be anything. Private file; served by a view that checks access.
    extension = {"application/pdf": ".pdf", "image/png": ".png"}.get(instance.evidence_type, ".jpg")
    return f"objections/{instance.edition_id}/{uuid.uuid4().hex}{extension}"


class ObjectionQuerySet(models.QuerySet):
    def received(self):
        """Objections whose email was confirmed: the ones the secretariat handles and the log shows."""
        return self.exclude(status=Objection.Status.UNVERIFIED)

    def for_list(self):
        return self.select_related("proposal__innovation__agency", "decided_by")

    def concerning(self, user):
        """Received objections about proposals `user` may read (their agency's or unit's)."""
        return self.received().filter(proposal__in=Proposal.objects.visible_to(user))


class Objection(models.Model):
    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Email not yet confirmed")
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    DECIDED = (Status.ACCEPTED, Status.REJECTED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="objections", verbose_name=_("edition"))
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="objections", verbose_name=_("finalist")
    )
    name = models.CharField(_("objector's name"), max_length=200)
    email = models.EmailField(_("objector's email"))
    email_verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    contact = models.CharField(_("objector's phone or other contact"), max_length=100)
    grounds = models.TextField(_("grounds"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=255)
    evidence_name = models.CharField(_("evidence file name"), max_length=255)
    evidence_type = models.CharField(_("evidence type"), max_length=100)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNVERIFIED)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    disqualifies = models.BooleanField(_("disqualifies the finalist"), default=False)
    # What a disqualification removed:
    # [{"tier": str, "tier_label": str, "batch": int, "number": str, "award": int | None}]
    removed = models.JSONField(_("removed decisions and awards"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Set by file_objection from its clock (the server's, or the one a demo or a test gives it).
    created_at = models.DateTimeField(_("filed"), default=timezone.now)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["edition", "status"], name="objection_edition_status")]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.proposal_id} ({self.created_at:%Y-%m-%d})"

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED
