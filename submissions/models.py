"""What agencies write: innovations (across years) and their proposals (one per edition).

A proposal's answers are rows keyed to the edition's own form rows (FormSection, IdentificationQuestion,
AttachmentType) with on_delete=PROTECT, so next year's form never changes what a past proposal
answered and a section that has answers cannot be deleted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.models import Agency, Membership, Unit
from competitions.models import AttachmentType, Category, Edition, FormSection, Group, IdentificationQuestion, Sdg


class Innovation(models.Model):
    """A public-service innovation of one UPP, which may take part in several editions."""

    class Lifecycle(models.TextChoices):
        ACTIVE = "active", _("Active")
        DEVELOPING = "developing", _("Being developed")
        STOPPED = "stopped", _("Stopped")

    class InnovatorKind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        TEAM = "team", _("Team")

    title = models.CharField(_("title"), max_length=255)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="innovations", verbose_name=_("agency"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="innovations", verbose_name=_("UPP"))
    started_on = models.DateField(_("implementation started"), null=True, blank=True)
    innovator_kind = models.CharField(
        _("innovator"), max_length=12, choices=InnovatorKind.choices, default=InnovatorKind.TEAM
    )
    innovators = models.TextField(
        _("innovators"),
        blank=True,
        help_text=_("One person per line: name, role, phone, email."),
    )
    lifecycle = models.CharField(_("status"), max_length=12, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Award(models.Model):
    """An award an innovation received in some year: its award history.

    Written by the decisions of the judging app (and loaded for earlier years by the secretariat);
    the Replikasi group and screening rules read it.
    """

    class Tier(models.TextChoices):
        TOP_99 = "top99", _("Top 99")
        TOP_45 = "top45", _("Top 45")
        OUTSTANDING = "outstanding", _("Outstanding Achievement")
        KHUSUS_FINALIST = "khusus_finalist", _("Khusus finalist")

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="awards", verbose_name=_("innovation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    edition = models.ForeignKey(
        Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("edition")
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "tier"]
        constraints = [models.UniqueConstraint(fields=["innovation", "year", "tier"], name="award_unique")]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.year}"


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Proposals `user` may read: the secretariat all; an Admin Lokal their agencies' (and their
        BUMDs'); UPP staff their unit's. Evaluators read proposals through judging assignments."""
        from sinovik.roles import OrganiserRole, roles_of

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if OrganiserRole.SECRETARIAT in roles_of(user):
            return self.all()
        admin_of = Agency.objects.managed_by(user).values("pk")
        staff_of = Membership.objects.active().filter(user=user, role=Membership.Role.UPP_STAFF).values("unit")
        return self.filter(models.Q(innovation__agency__in=admin_of) | models.Q(innovation__unit__in=staff_of))

    def for_listing(self):
        return self.select_related("innovation__unit", "innovation__agency", "edition", "group", "category")

    def counting_towards_quota(self):
        """Proposals that have reached the organiser (forwarded and every later state)."""
        return self.filter(status__in=Proposal.REACHED_ORGANISER)


class Proposal(models.Model):
    """One innovation entered in one edition, in one group.

    Its way: draft ─submit→ submitted (to the Admin Lokal) ─forward→ forwarded (to the organiser);
    the Admin Lokal may return a submitted proposal for revision (returned ─submit→ submitted);
    drafts, submitted and returned proposals may be withdrawn before closing. Screening moves a
    forwarded proposal to passed or failed. Only submissions.services.transition changes `status`,
    and every change writes a ProposalEvent.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("With the Admin Lokal")
        RETURNED = "returned", _("Returned for revision")
        FORWARDED = "forwarded", _("Forwarded to the organiser")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PASSED = "passed", _("Passed screening")
        FAILED = "failed", _("Did not pass screening")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    REACHED_ORGANISER = (Status.FORWARDED, Status.PASSED, Status.FAILED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    innovation = models.ForeignKey(
        Innovation, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("innovation")
    )
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("edition"))
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("group"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals", verbose_name=_("category")
    )
    sdgs = models.ManyToManyField(Sdg, blank=True, related_name="proposals", verbose_name=_("SDGs"))
    title = models.CharField(_("title"), max_length=255)
    replicates = models.ForeignKey(
        Innovation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name=_("replicates"),
        help_text=_("Replikasi: the Top 99 innovation this one replicates."),
    )
    truthfulness_declared_at = models.DateTimeField(_("truthfulness declared"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Raised by every save of the identification page; a save based on an older number is refused.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "edition"], name="proposal_once_per_edition"),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def agency(self) -> Agency:
        return self.innovation.agency

    @property
    def unit(self) -> Unit:
        return self.innovation.unit

    @property
    def is_editable_state(self) -> bool:
        return self.status in self.EDITABLE


class Answer(models.Model):
    """The text of one form section of one proposal, saved as the writer types (autosave).

    `version` rises with every save; a save that was based on an older version is refused, so two
    tabs or two colleagues never silently overwrite each other.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers", verbose_name=_("proposal"))
    section = models.ForeignKey(
        FormSection, on_delete=models.PROTECT, related_name="answers", verbose_name=_("section")
    )
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["proposal", "section"], name="answer_once_per_section")]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.section}"


class IdentificationAnswer(models.Model):
    """The answer to one identification question (yes/no as "yes"/"no", dates as YYYY-MM-DD)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="identification_answers", verbose_name=_("proposal")
    )
    question = models.ForeignKey(
        IdentificationQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("identification answer")
        verbose_name_plural = _("identification answers")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "question"], name="identification_answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Never the uploaded name: it may be anything. Private files; served by a view that checks access.
    return f"proposals/{instance.proposal.public_id}/{uuid.uuid4().hex}{instance.extension_for_storage}"


class Attachment(models.Model):
    """A file of a proposal: for an attachment type (statements, photos) or as evidence for a section.

    Photos are verified and re-encoded by Pillow (metadata stripped) with a thumbnail; documents
    are checked by their content. Served only through submissions.views, which checks permission.
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    attachment_type = models.ForeignKey(
        AttachmentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("attachment type"),
    )
    section = models.ForeignKey(
        FormSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("evidence for section"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    thumbnail = models.FileField(_("thumbnail"), upload_to=attachment_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attachment_type__isnull=False) | models.Q(section__isnull=False),
                name="attachment_has_a_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def extension_for_storage(self) -> str:
        return {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}.get(self.content_type, "")


class ProposalEvent(models.Model):
    """The proposal's history: every status change, with who, when and the comment given."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal"))
    from_status = models.CharField(_("from"), max_length=12, choices=Proposal.Status.choices, blank=True)
    to_status = models.CharField(pgettext_lazy("status", "to"), max_length=12, choices=Proposal.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.from_status} → {self.to_status}"


class ReviewComment(models.Model):
    """The Admin Lokal's remark on one section (or the whole proposal) when returning it."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="review_comments", verbose_name=_("proposal")
    )
    section = models.ForeignKey(
        FormSection, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("section")
    )
    event = models.ForeignKey(
        ProposalEvent, on_delete=models.CASCADE, null=True, related_name="comments", verbose_name=_("return")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class EntryExtension(models.Model):
    """More time for one agency to enter proposals, granted by the secretariat with a reason
    (e.g. the agency's network was down on the closing day)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="entry_extensions", verbose_name=_("edition")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="entry_extensions", verbose_name=_("agency")
    )
    until = models.DateTimeField(_("open until"), help_text=_("The new last moment, e.g. 23:59:59 WIB."))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("entry extension")
        verbose_name_plural = _("entry extensions")
        constraints = [models.UniqueConstraint(fields=["edition", "agency"], name="entry_extension_once_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.edition}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        closes = self.edition.entry_closes_at if self.edition_id else None
        if closes and self.until and self.until <= closes:
            raise ValidationError({"until": _("An extension must end after proposal entry closes.")})
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the extension.")})
