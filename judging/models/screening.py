"""Administrative screening (seleksi administrasi): the secretariat's check of forwarded proposals.

The machine checks, people decide. A ScreeningRun computes a ScreeningResult per proposal (a list
of findings, each {code, severity, message, detail}) and stores NearDuplicatePair rows so the
side-by-side view needs no recomputation. The secretariat records a ScreeningDecision (pass, or
fail with a reason) per proposal; every change is kept as a ScreeningDecisionChange. Decisions
become official, and proposals move to passed/failed, when the ScreeningAnnouncement (the numbered
letter) is published.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from competitions.models import Announcement, Edition
from submissions.models import Award, Proposal

DEFAULT_WINNER_TIERS = f"{Award.Tier.TOP_45},{Award.Tier.OUTSTANDING}"


class Severity(models.IntegerChoices):
    """How much a finding weighs; a result carries the highest severity of its findings."""

    OK = 0, _("No findings")
    INFO = 1, _("Note")
    WARNING = 2, _("Needs a look")
    ERROR = 3, _("Rule not met")


class FindingCode(models.TextChoices):
    INCOMPLETE = "incomplete", _("Incomplete")
    WORD_LIMIT = "word_limit", _("Over the word limit")
    TOO_YOUNG = "too_young", _("Implemented too recently")
    TOP_99_TWICE = "top99_twice", _("Top 99 too often")
    PAST_WINNER = "past_winner", _("Already a winner")
    PAST_TOP_99 = "past_top99", _("Top 99 before")
    DUPLICATE_TITLE = "duplicate_title", _("Duplicate title")
    NEAR_DUPLICATE = "near_duplicate", _("Near-duplicate text")
    EARLIER_ENTRY = "earlier_entry", _("Same as its earlier entry")


class FailReason(models.TextChoices):
    """The reasons the secretariat gives for a fail (the agency sees the reason and the note)."""

    INCOMPLETE = "incomplete", _("Incomplete sections, answers or attachments")
    WORD_LIMIT = "word_limit", _("Answers over the word limit")
    TOO_YOUNG = "too_young", _("Implemented for less than the minimum period")
    DUPLICATE_TITLE = "duplicate_title", _("Duplicate title")
    COPIED = "copied", _("Copied from or nearly identical to another proposal")
    CARELESS = "careless", _("Careless or irrelevant answers")
    PAST_WINNER = "past_winner", _("Already a winner of an earlier competition")
    TOP_99_TWICE = "top99_twice", _("Already in the Top 99 the maximum number of times")
    OTHER = "other", _("Other reason (explained in the note)")


# The fail reason a finding suggests, offered first in the decision form.
SUGGESTED_REASON = {
    FindingCode.INCOMPLETE: FailReason.INCOMPLETE,
    FindingCode.WORD_LIMIT: FailReason.WORD_LIMIT,
    FindingCode.TOO_YOUNG: FailReason.TOO_YOUNG,
    FindingCode.TOP_99_TWICE: FailReason.TOP_99_TWICE,
    FindingCode.PAST_WINNER: FailReason.PAST_WINNER,
    FindingCode.DUPLICATE_TITLE: FailReason.DUPLICATE_TITLE,
    FindingCode.NEAR_DUPLICATE: FailReason.COPIED,
}


class ScreeningRulesQuerySet(models.QuerySet):
    def for_edition(self, edition: Edition) -> "ScreeningRules":
        """The edition's rules, or the defaults (unsaved) while the secretariat has set none."""
        return self.filter(edition=edition).first() or ScreeningRules(edition=edition)


class ScreeningRules(models.Model):
    """The screening rules of one edition that changed over the years, editable in the admin.

    Award history: an innovation that was in the Top 99 `max_top99_times` times before is not
    eligible, nor (with `exclude_past_winners`) one that already won one of `winner_tiers`.
    Groups by invitation (Kelompok Khusus, for past winners) are exempt when `exempt_khusus`.
    Near-duplicates are flagged from `similarity_threshold` (share of shared word shingles).
    """

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="screening_rules", verbose_name=_("edition")
    )
    max_top99_times = models.PositiveSmallIntegerField(
        _("Top 99 this many times makes ineligible"),
        default=2,
        validators=[MaxValueValidator(20)],
        help_text=_("2 means an innovation that was in the Top 99 twice may not enter again; 0 turns the rule off."),
    )
    exclude_past_winners = models.BooleanField(
        _("past winners are not eligible"),
        default=True,
        help_text=_("An innovation that already won (the tiers below) may not enter again."),
    )
    winner_tiers = models.CharField(
        _("tiers that count as a win"),
        max_length=100,
        default=DEFAULT_WINNER_TIERS,
        help_text=_("Award tiers, separated by commas, e.g. top45,outstanding."),
    )
    exempt_khusus = models.BooleanField(
        _("Kelompok Khusus is exempt"),
        default=True,
        help_text=_("The award-history rules do not apply to the group for past winners."),
    )
    similarity_threshold = models.FloatField(
        _("near-duplicate threshold"),
        default=0.4,
        validators=[MinValueValidator(0.1), MaxValueValidator(1.0)],
        help_text=_("Flag two proposals whose texts share at least this share of word sequences (0.4 = 40%)."),
    )
    compare_past_editions = models.BooleanField(
        _("compare with past editions"),
        default=True,
        help_text=_("Also look for near-duplicates among the proposals of all earlier editions."),
    )

    objects = ScreeningRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening rules")
        verbose_name_plural = _("screening rules")

    def __str__(self) -> str:
        return str(self.edition)

    @property
    def winner_tier_list(self) -> list[str]:
        return [tier.strip() for tier in self.winner_tiers.split(",") if tier.strip()]


class ScreeningRun(models.Model):
    """One run of the automatic checks over an edition's forwarded proposals (re-runnable)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="screening_runs", verbose_name=_("edition")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    proposals_checked = models.PositiveIntegerField(_("proposals checked"), default=0)
    compared_with = models.PositiveIntegerField(_("past proposals compared"), default=0)
    candidate_pairs = models.PositiveIntegerField(_("candidate pairs"), default=0)
    flagged_pairs = models.PositiveIntegerField(_("flagged pairs"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")
        ordering = ["-requested_at", "-pk"]
        get_latest_by = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.edition} · {self.requested_at:%Y-%m-%d %H:%M}"


class ProposalFingerprint(models.Model):
    """The MinHash signature of a proposal's text, kept so past editions are not re-read every run."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="screening_fingerprint")
    digest = models.CharField(max_length=64)
    algorithm = models.PositiveSmallIntegerField()
    signature = models.BinaryField()
    shingle_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("text fingerprint")
        verbose_name_plural = _("text fingerprints")

    def __str__(self) -> str:
        return str(self.proposal_id)


class ScreeningResultQuerySet(models.QuerySet):
    def for_edition(self, edition: Edition):
        return self.filter(edition=edition)


class ScreeningResult(models.Model):
    """What the checks found for one proposal in the latest run.

    `findings` is a list of {code, severity, message: {language: text}, detail}; messages are
    written in every language of the site at check time, so the page and the agency read them in
    their own language. `severity` (the highest) and `codes` (",code,code,") serve the filters.
    """

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="screening_result", verbose_name=_("proposal")
    )
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+", verbose_name=_("edition"))
    run = models.ForeignKey(ScreeningRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="results")
    findings = models.JSONField(_("findings"), default=list)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.OK)
    codes = models.CharField(max_length=300, blank=True)
    max_similarity = models.FloatField(_("highest similarity"), null=True, blank=True)
    checked_at = models.DateTimeField(_("checked"), default=timezone.now)

    objects = ScreeningResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        indexes = [models.Index(fields=["edition", "severity"])]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.get_severity_display()}"

    @property
    def localized_findings(self) -> list[dict]:
        """Findings with `text` in the active language (Indonesian when missing)."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return [
            {
                **finding,
                "text": finding["message"].get(language) or finding["message"].get(settings.LANGUAGE_CODE, ""),
                "label": FindingCode(finding["code"]).label if finding["code"] in FindingCode.values else "",
            }
            for finding in self.findings
        ]

    @property
    def suggested_reason(self) -> str:
        for finding in sorted(self.findings, key=lambda item: -item["severity"]):
            reason = SUGGESTED_REASON.get(finding["code"])
            if reason and finding["severity"] >= Severity.WARNING:
                return reason
        return ""


class NearDuplicatePair(models.Model):
    """Two proposals whose texts overlap: `proposal` of the screened edition and `other`, of the same
    edition (then proposal.pk < other.pk) or of a past edition, with the overlapping passages."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+", verbose_name=_("edition"))
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposal"))
    other = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+", verbose_name=_("similar proposal"))
    similarity = models.FloatField(_("similarity"))
    containment = models.FloatField(_("share of the shorter text"))
    same_innovation = models.BooleanField(_("same innovation"), default=False)
    matched_sentences = models.PositiveIntegerField(_("matching sentences"), default=0)
    passages = models.JSONField(_("overlapping passages"), default=list)
    found_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        verbose_name = _("near-duplicate pair")
        verbose_name_plural = _("near-duplicate pairs")
        ordering = ["-similarity", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "proposal", "other"], name="near_duplicate_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} ~ {self.other_id} ({self.similarity:.0%})"

    @property
    def is_past(self) -> bool:
        return self.other.edition_id != self.edition_id


class ScreeningDecisionQuerySet(models.QuerySet):
    def for_edition(self, edition: Edition):
        return self.filter(proposal__edition=edition)


class ScreeningDecision(models.Model):
    """The secretariat's decision on one proposal: pass, or fail with a reason and a note.

    Changeable (each change logged in ScreeningDecisionChange) until the edition's screening result
    is published; publication applies it to the proposal's status.
    """

    class Outcome(models.TextChoices):
        PASS = "pass", pgettext_lazy("screening decision", "Passes")
        FAIL = "fail", pgettext_lazy("screening decision", "Does not pass")

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, related_name="screening_decision", verbose_name=_("proposal")
    )
    outcome = models.CharField(_("decision"), max_length=4, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=FailReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    objects = ScreeningDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="pass") | ~models.Q(reason=""), name="screening_fail_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_outcome_display()}"

    @property
    def reason_text(self) -> str:
        """The reason as the agency reads it: the listed reason and the secretariat's note."""
        parts = [str(self.get_reason_display()) if self.reason and self.reason != FailReason.OTHER else "", self.note]
        return " — ".join(part for part in parts if part)


class ScreeningDecisionChange(models.Model):
    """The audit trail of decisions: every decision made or changed, by whom, when, how."""

    decision = models.ForeignKey(
        ScreeningDecision, on_delete=models.CASCADE, related_name="changes", verbose_name=_("decision")
    )
    previous_outcome = models.CharField(
        _("previous decision"), max_length=4, choices=ScreeningDecision.Outcome.choices, blank=True
    )
    outcome = models.CharField(_("decision"), max_length=4, choices=ScreeningDecision.Outcome.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=FailReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    in_bulk = models.BooleanField(_("bulk decision"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision change")
        verbose_name_plural = _("decision changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.previous_outcome or '—'} → {self.outcome}"


def result_letter_path(instance: "ScreeningAnnouncement", filename: str) -> str:
    return f"judging/{instance.edition.slug}/screening/{filename}"


class ScreeningAnnouncement(models.Model):
    """The numbered letter that publishes the screening result of an edition (e.g. B/187/PP.00.05/2026).

    `status` is publishing from the moment the secretariat asks (decisions are locked from then on)
    until judging.services.publish_screening_results has moved every proposal, written the PDF,
    the edition's public Announcement and the emails; then published.
    """

    class Status(models.TextChoices):
        PUBLISHING = "publishing", _("Being published")
        PUBLISHED = "published", _("Published")

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="screening_announcement", verbose_name=_("edition")
    )
    number = models.CharField(_("letter number"), max_length=100, help_text=_("e.g. B/187/PP.00.05/2026"))
    letter_date = models.DateField(_("letter date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("published by")
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    passed_count = models.PositiveIntegerField(_("passed"), default=0)
    failed_count = models.PositiveIntegerField(_("did not pass"), default=0)
    pdf = models.FileField(_("letter (PDF)"), upload_to=result_letter_path, max_length=300, blank=True)
    announcement = models.OneToOneField(
        Announcement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screening_announcement",
        verbose_name=_("public announcement"),
    )

    class Meta:
        verbose_name = _("screening announcement")
        verbose_name_plural = _("screening announcements")

    def __str__(self) -> str:
        return f"{self.number} · {self.edition}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
