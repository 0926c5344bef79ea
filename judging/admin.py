"""Admin of the judging app. Screening rules are edited here; everything else is read-only,
because decisions and results change only through judging.services (which keep the audit trail)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from judging.models import (
    NearDuplicatePair,
    Objection,
    ScreeningAnnouncement,
    ScreeningDecision,
    ScreeningDecisionChange,
    ScreeningResult,
    ScreeningRules,
    ScreeningRun,
)
from submissions.models import Award


class ScreeningRulesForm(forms.ModelForm):
    winner_tiers = forms.MultipleChoiceField(
        label=_("tiers that count as a win"),
        choices=Award.Tier.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ScreeningRules
        fields = [
            "edition",
            "max_top99_times",
            "exclude_past_winners",
            "winner_tiers",
            "exempt_khusus",
            "similarity_threshold",
            "compare_past_editions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["winner_tiers"] = self.instance.winner_tier_list if self.instance.pk else ["top45", "outstanding"]

    def clean_winner_tiers(self) -> str:
        return ",".join(self.cleaned_data["winner_tiers"])


@admin.register(ScreeningRules)
class ScreeningRulesAdmin(admin.ModelAdmin):
    form = ScreeningRulesForm
    list_display = ["edition", "max_top99_times", "exclude_past_winners", "winner_tiers", "similarity_threshold"]
    list_select_related = ["edition"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScreeningRun)
class ScreeningRunAdmin(ReadOnlyAdmin):
    list_display = ["edition", "status", "requested_at", "seconds", "proposals_checked", "flagged_pairs"]
    list_filter = ["status", "edition"]
    list_select_related = ["edition"]


@admin.register(ScreeningResult)
class ScreeningResultAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "edition", "severity", "codes", "max_similarity", "checked_at"]
    list_filter = ["edition", "severity"]
    list_select_related = ["proposal", "edition"]
    search_fields = ["proposal__title"]


@admin.register(NearDuplicatePair)
class NearDuplicatePairAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "other", "similarity", "same_innovation", "matched_sentences"]
    list_filter = ["edition", "same_innovation"]
    list_select_related = ["proposal", "other"]
    exclude = ["passages"]


class DecisionChangeInline(admin.TabularInline):
    model = ScreeningDecisionChange
    extra = 0
    can_delete = False
    fields = ["at", "by", "previous_outcome", "outcome", "reason", "note", "in_bulk"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScreeningDecision)
class ScreeningDecisionAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "outcome", "reason", "decided_by", "decided_at"]
    list_filter = ["proposal__edition", "outcome", "reason"]
    list_select_related = ["proposal", "decided_by"]
    search_fields = ["proposal__title"]
    inlines = [DecisionChangeInline]


@admin.register(ScreeningAnnouncement)
class ScreeningAnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["edition", "number", "letter_date", "status", "published_at", "passed_count", "failed_count"]
    list_select_related = ["edition"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    """Read-only: objections are decided on the secretariat's page, through judging.services.objections."""

    list_display = ["proposal", "edition", "status", "disqualifies", "name", "email", "created_at", "decided_by"]
    list_filter = ["status", "disqualifies", "edition"]
    list_select_related = ["proposal", "edition", "decided_by"]
    search_fields = ["proposal__title", "name", "email", "grounds"]
    date_hierarchy = "created_at"
    exclude = ["evidence"]
