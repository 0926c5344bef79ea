from django.contrib import admin

from submissions.models import Answer, Attachment, Award, EntryExtension, Innovation, Proposal, ProposalEvent


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "unit", "started_on", "lifecycle"]
    list_filter = ["lifecycle", "agency__kind"]
    list_select_related = ["agency", "unit"]
    search_fields = ["title", "agency__name", "unit__name"]
    autocomplete_fields = ["agency", "unit"]
    inlines = [AwardInline]


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "from_status", "to_status", "actor", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    readonly_fields = ["section", "text", "version", "updated_at", "updated_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "group", "agency_name", "status", "updated_at"]
    list_filter = ["edition", "status", "group__kind", "innovation__agency__kind"]
    list_select_related = ["edition", "group", "innovation__agency"]
    search_fields = ["title", "innovation__agency__name", "innovation__unit__name"]
    # Status moves only through submissions.services.transition, never by editing the field here.
    readonly_fields = ["status", "version", "submitted_at", "forwarded_at", "created_by", "public_id"]
    autocomplete_fields = ["innovation", "replicates"]
    inlines = [AnswerInline, ProposalEventInline]

    @admin.display(description="agency", ordering="innovation__agency__name")
    def agency_name(self, proposal: Proposal) -> str:
        return proposal.innovation.agency.name


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "proposal", "attachment_type", "section", "content_type", "size", "uploaded_at"]
    list_select_related = ["proposal", "attachment_type", "section"]
    search_fields = ["original_name", "proposal__title"]
    readonly_fields = ["proposal", "file", "thumbnail", "content_type", "size", "width", "height", "uploaded_by"]


@admin.register(EntryExtension)
class EntryExtensionAdmin(admin.ModelAdmin):
    list_display = ["agency", "edition", "until", "granted_by", "created_at"]
    list_select_related = ["agency", "edition", "granted_by"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["granted_by"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)
