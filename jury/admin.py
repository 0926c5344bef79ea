"""The secretariat configures panels, rounds, juror profiles and declared conflicts here; reviews,
scores and their audit are read-only (scores change only through the juror's scoring page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jury import services
from jury.models import (
    Assignment,
    ConflictDeclaration,
    JurorProfile,
    Nomination,
    Panel,
    PanelMember,
    Review,
    Round,
    Score,
    ScoreChange,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JurorProfile)
class JurorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "affiliation", "agency"]
    search_fields = ["user__email", "user__full_name", "affiliation", "agency__name"]
    autocomplete_fields = ["user", "agency"]


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 1
    autocomplete_fields = ["user"]
    filter_horizontal = ["categories"]


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "stage"]
    list_filter = ["edition"]
    search_fields = ["name"]
    inlines = [PanelMemberInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "panel", "opens_at", "closes_at", "reviewers_per_proposal", "is_blind"]
    list_filter = ["panel__edition", "is_blind"]
    search_fields = ["name", "panel__name"]
    fieldsets = [
        (None, {"fields": ["panel", "name", "opens_at", "closes_at", "source_round"]}),
        (
            _("Scoring"),
            {"fields": ["reviewers_per_proposal", "is_blind", "scores_visible_to_jurors", "disagreement_threshold"]},
        ),
        (
            _("Conflicts of interest"),
            {"fields": ["conflict_own_agency", "conflict_parent_agency", "conflict_same_province"]},
        ),
    ]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["round", "juror", "proposal", "source", "created_at"]
    list_filter = ["round", "source"]
    search_fields = ["juror__email", "proposal__title"]
    list_select_related = ["round__panel__edition", "juror", "proposal"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ["juror", "proposal", "agency", "source", "round", "created_at"]
    list_filter = ["source", "edition"]
    search_fields = ["juror__email", "proposal__title", "agency__name", "reason"]
    autocomplete_fields = ["juror", "agency"]
    raw_id_fields = ["proposal"]
    fields = ["edition", "juror", "proposal", "agency", "reason"]
    list_select_related = ["juror", "proposal", "agency", "round"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A conflict is recorded, not edited: delete it and record it again if it was wrong.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        declared = services.declare_conflict(
            edition=obj.edition,
            juror=obj.juror,
            proposal=obj.proposal,
            agency=obj.agency,
            reason=obj.reason,
            by=request.user,
        )
        obj.pk = declared.pk


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ["criterion", "value", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "juror", "round", "status", "total", "submitted_at"]
    list_filter = ["round", "status"]
    search_fields = ["juror__email", "proposal__title"]
    list_select_related = ["proposal", "juror", "round__panel__edition"]
    inlines = [ScoreInline]


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "round", "juror", "proposal", "criterion", "field", "before", "after", "changed_by"]
    list_filter = ["round", "field"]
    search_fields = ["juror__email", "proposal__title"]
    list_select_related = ["round__panel__edition", "juror", "proposal", "criterion", "changed_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "round", "status", "nominated_by", "nominated_at", "confirmed_by", "confirmed_at"]
    list_filter = ["round", "status"]
    list_select_related = ["proposal", "round__panel__edition", "nominated_by", "confirmed_by"]
