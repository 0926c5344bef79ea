"""Admin of the interviews app. Slots and the final scoring are edited here; interviews are
read-only, because placement, answers and attendance change only through interviews.services
(which check conflicts and deadlines and keep the audit trail)."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from interviews.models import (
    FieldChecklistItem,
    FieldVisit,
    FieldVisitEvent,
    FieldVisitPhoto,
    FinalScoring,
    Interview,
    InterviewEvent,
    InterviewSlot,
)


class InterviewInline(admin.StackedInline):
    model = Interview
    fields = ["proposal", "status", "attendance"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(InterviewSlot)
class InterviewSlotAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "duration_minutes", "edition", "round", "panelist_names"]
    list_filter = ["edition"]
    list_select_related = ["edition", "round__panel__edition"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["panelists"]
    inlines = [InterviewInline]
    # A link typed without a scheme is a video-call address: https, as Django 6 will assume.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("panelists")

    def get_readonly_fields(self, request, obj=None):
        # A placed finalist was sent this time with a calendar invitation; changing it here would
        # tell nobody. Move the finalist on the slots page instead (it re-invites the agency).
        if obj is not None and Interview.objects.filter(slot=obj).exists():
            return ["edition", "round", "starts_at", "duration_minutes"]
        return []

    @admin.display(description=_("panelists"))
    def panelist_names(self, slot):
        return ", ".join(user.full_name or user.email for user in slot.panelists.all())


class InterviewEventInline(admin.TabularInline):
    model = InterviewEvent
    fields = ["at", "action", "before", "after", "by"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["proposal", "slot", "status", "attendance", "confirmed_at"]
    list_filter = ["status", "attendance", "slot__edition"]
    list_select_related = ["proposal", "slot", "slot__edition"]
    search_fields = ["proposal__title"]
    readonly_fields = [
        "slot",
        "proposal",
        "status",
        "confirmed_at",
        "confirmed_by",
        "attendance",
        "attendance_at",
        "attendance_by",
        "deck",
        "deck_name",
        "summary",
        "summary_name",
        "video_link",
    ]
    inlines = [InterviewEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(InterviewEvent)
class InterviewEventAdmin(admin.ModelAdmin):
    list_display = ["at", "interview", "action", "before", "after", "by"]
    list_filter = ["action"]
    list_select_related = ["interview__proposal", "interview__slot", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FinalScoring)
class FinalScoringAdmin(admin.ModelAdmin):
    list_display = [
        "edition",
        "substance_round",
        "interview_round",
        "substance_weight",
        "interview_weight",
        "field_weight",
    ]
    list_select_related = ["edition", "substance_round__panel__edition", "interview_round__panel__edition"]
    raw_id_fields = ["substance_round", "interview_round"]


# --- Field verification ----------------------------------------------------------------------------


@admin.register(FieldChecklistItem)
class FieldChecklistItemAdmin(admin.ModelAdmin):
    """The checklist is configured per edition here; the field visits are filled by the verifiers."""

    list_display = ["label", "label_en", "edition", "order", "weight"]
    list_editable = ["order"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    search_fields = ["label", "label_en"]

    # Once a visit of the edition is signed off, its score was computed on these weights: changing
    # or deleting a check would score the remaining visits on another basis.
    def _scored(self, obj) -> bool:
        return bool(
            obj and FieldVisit.objects.filter(edition_id=obj.edition_id, status=FieldVisit.Status.SIGNED_OFF).exists()
        )

    def get_readonly_fields(self, request, obj=None):
        return ["edition", "weight"] if self._scored(obj) else []

    def has_delete_permission(self, request, obj=None):
        return not self._scored(obj) and super().has_delete_permission(request, obj)


class FieldVisitPhotoInline(admin.TabularInline):
    model = FieldVisitPhoto
    fields = ["name", "image", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


class FieldVisitEventInline(admin.TabularInline):
    model = FieldVisitEvent
    fields = ["at", "action", "before", "after", "by"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(FieldVisit)
class FieldVisitAdmin(admin.ModelAdmin):
    """Read-only: planning, the checklist and the sign-off go through interviews.field_services
    (conflict checks, the freeze after sign-off, the audit trail)."""

    list_display = ["proposal", "edition", "planned_on", "status", "score", "verifier_names", "signed_off_at"]
    list_filter = ["status", "edition"]
    list_select_related = ["proposal", "edition"]
    search_fields = ["proposal__title"]
    readonly_fields = [
        "edition",
        "proposal",
        "verifiers",
        "planned_on",
        "status",
        "met_items",
        "notes",
        "score",
        "signed_off_by",
        "signed_off_at",
    ]
    inlines = [FieldVisitPhotoInline, FieldVisitEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("verifiers")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("verifiers"))
    def verifier_names(self, visit):
        return ", ".join(user.full_name or user.email for user in visit.verifiers.all())
