"""Finalists and decisions (issue 8): the balanced Top N drafted from a jury round.

A ShortlistDraft stores the secretariat's balancing rules and what judging.shortlist.build chose
under them: the selected proposals, their total score, who moved in and out compared with pure
score order (with the reasons) and, when the rules cannot all be met, the problems in plain words.
The result is kept as computed, in the language of the person who built it, so the draft reads the
same later even if scores change. Manual overrides (add or remove a proposal) are ShortlistOverride
rows with a written justification; the draft's final list is the solver's choice with them applied.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.models import Announcement, Edition
from jury.models import Round
from submissions.models import Award, Proposal

DEFAULT_SHORTLIST_SIZE = 99


class ShortlistDraft(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="shortlist_drafts", verbose_name=_("edition")
    )
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="shortlist_drafts", verbose_name=_("source round")
    )
    size = models.PositiveSmallIntegerField(_("size"), default=DEFAULT_SHORTLIST_SIZE)
    # {"minimum": {family: {value: n}}, "maximum": {...}, "province_cap": n | null, "favoured_minimum": n};
    # families are "category" (name), "group" (kind) and "agency_kind", as in judging.shortlist.Rules.
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    selected = models.JSONField(_("selected proposals"), default=list, blank=True)
    # {"<proposal id>": mean score} of every scored proposal of the round when the draft was built
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total = models.FloatField(_("total score"), default=0)
    # [{"proposal": id, "title": str, "score": float, "reasons": [str]}]
    moved_in = models.JSONField(_("moved in"), default=list, blank=True)
    moved_out = models.JSONField(_("moved out"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlist draft")
        verbose_name_plural = _("shortlist drafts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Top {self.size} · {self.edition} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def feasible(self) -> bool:
        return not self.problems

    def final_ids(self, overrides=None) -> list[int]:
        """The solver's choice with the manual overrides applied, in order (latest override wins)."""
        chosen = list(self.selected)
        for override in overrides if overrides is not None else self.overrides.order_by("created_at", "pk"):
            if override.action == ShortlistOverride.Action.ADD and override.proposal_id not in chosen:
                chosen.append(override.proposal_id)
            elif override.action == ShortlistOverride.Action.REMOVE and override.proposal_id in chosen:
                chosen.remove(override.proposal_id)
        return chosen


class ShortlistOverride(models.Model):
    """A proposal the secretariat added to or removed from a draft by hand, and why."""

    class Action(models.TextChoices):
        ADD = "add", _("Added by hand")
        REMOVE = "remove", _("Removed by hand")

    draft = models.ForeignKey(
        ShortlistDraft, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("shortlist draft")
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposal"))
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    justification = models.TextField(_("justification"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlist override")
        verbose_name_plural = _("shortlist overrides")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.proposal_id}"


class DecisionBatch(models.Model):
    """One confirmed batch of decisions: every proposal of a draft's final list gets `tier`, under
    one announcement (decree) number and date, with its published letter."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="decision_batches", verbose_name=_("edition")
    )
    draft = models.ForeignKey(
        ShortlistDraft, on_delete=models.PROTECT, related_name="batches", verbose_name=_("shortlist draft")
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Award.Tier.choices)
    number = models.CharField(_("announcement number"), max_length=100)
    letter_date = models.DateField(_("announcement date"))
    announcement = models.OneToOneField(
        Announcement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("announcement")
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision batch")
        verbose_name_plural = _("decision batches")
        ordering = ["-applied_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "tier"], name="decision_batch_one_per_tier")]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} · {self.number}"


class Decision(models.Model):
    """A proposal's tier in an edition, as decided by a batch."""

    batch = models.ForeignKey(
        DecisionBatch, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("batch")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("proposal")
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Award.Tier.choices)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["batch", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "tier"], name="decision_unique_tier")]

    def __str__(self) -> str:
        return f"{self.get_tier_display()}: {self.proposal_id}"
