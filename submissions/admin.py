"""The secretariat's admin for what agencies write: innovations, proposals and their history.

A proposal's status moves only through submissions.services.transition, so it is read-only here;
answers, events and review comments are the record of what was written and decided, so they are
listed for reading, never edited. Proposals export to CSV or Excel.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX

from agencies.admin import ColumnNamedExportForm
from submissions.models import (
    Answer,
    Attachment,
    Award,
    EntryExtension,
    IdentificationAnswer,
    Innovation,
    Proposal,
    ProposalEvent,
    ReviewComment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record that only the application writes: listed and opened, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "unit", "started_on", "innovator_kind", "lifecycle"]
    list_filter = ["lifecycle", "innovator_kind", "agency__kind"]
    list_select_related = ["agency", "unit__agency"]
    search_fields = ["title", "agency__name", "unit__name"]
    autocomplete_fields = ["agency", "unit"]
    inlines = [AwardInline]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """The award history: what each innovation won in which year (decisions write it; earlier years
    are entered here by the secretariat)."""

    list_display = ["innovation", "agency", "year", "tier", "edition"]
    list_filter = ["tier", "year", "edition"]
    list_select_related = ["innovation__agency", "edition"]
    search_fields = ["innovation__title", "innovation__agency__name"]
    autocomplete_fields = ["innovation"]

    @admin.display(description=_("agency"), ordering="innovation__agency__name")
    def agency(self, award: Award) -> str:
        return award.innovation.agency.name


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


def _wib(value) -> str:
    """A datetime as WIB text for spreadsheets (Excel keeps no time zone)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ProposalResource(resources.ModelResource):
    """Proposals as a spreadsheet: one row each, with the agency, its type and province."""

    public_id = fields.Field(attribute="public_id", column_name=_("proposal number"))
    title = fields.Field(attribute="title", column_name=_("title"))
    edition = fields.Field(column_name=_("edition"))
    group = fields.Field(column_name=_("group"))
    category = fields.Field(column_name=_("category"))
    agency = fields.Field(column_name=_("agency"))
    agency_kind = fields.Field(column_name=_("agency type"))
    province = fields.Field(column_name=_("province"))
    unit = fields.Field(column_name=_("UPP"))
    status = fields.Field(column_name=_("status"))
    submitted_at = fields.Field(column_name=_("submitted"))
    forwarded_at = fields.Field(column_name=_("forwarded"))
    updated_at = fields.Field(column_name=_("updated"))

    class Meta:
        model = Proposal
        fields = [
            "id",
            "public_id",
            "title",
            "edition",
            "group",
            "category",
            "agency",
            "agency_kind",
            "province",
            "unit",
            "status",
            "submitted_at",
            "forwarded_at",
            "updated_at",
        ]
        export_order = fields

    @classmethod
    def get_display_name(cls) -> str:
        return gettext("Proposals")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(
            "edition",
            "group",
            "category",
            "innovation__unit",
            "innovation__agency__region__province",
            "innovation__agency__parent__region__province",
        )

    def dehydrate_edition(self, proposal: Proposal) -> str:
        return str(proposal.edition)

    def dehydrate_group(self, proposal: Proposal) -> str:
        return proposal.group.name

    def dehydrate_category(self, proposal: Proposal) -> str:
        return proposal.category.name if proposal.category_id else ""

    def dehydrate_agency(self, proposal: Proposal) -> str:
        return proposal.innovation.agency.name

    def dehydrate_agency_kind(self, proposal: Proposal) -> str:
        return str(proposal.innovation.agency.get_kind_display())

    def dehydrate_province(self, proposal: Proposal) -> str:
        province = proposal.innovation.agency.province
        return province.name if province else ""

    def dehydrate_unit(self, proposal: Proposal) -> str:
        return proposal.innovation.unit.name

    def dehydrate_status(self, proposal: Proposal) -> str:
        return str(proposal.get_status_display())

    def dehydrate_submitted_at(self, proposal: Proposal) -> str:
        return _wib(proposal.submitted_at)

    def dehydrate_forwarded_at(self, proposal: Proposal) -> str:
        return _wib(proposal.forwarded_at)

    def dehydrate_updated_at(self, proposal: Proposal) -> str:
        return _wib(proposal.updated_at)


@admin.register(Proposal)
class ProposalAdmin(ExportActionMixin, admin.ModelAdmin):
    list_display = ["title", "edition", "group", "agency_name", "status", "updated_at"]
    list_filter = ["edition", "status", "group__kind", "innovation__agency__kind"]
    list_select_related = ["edition", "group", "innovation__agency"]
    search_fields = ["title", "innovation__agency__name", "innovation__unit__name"]
    # Status moves only through submissions.services.transition, never by editing the field here.
    readonly_fields = ["status", "version", "submitted_at", "forwarded_at", "created_by", "public_id"]
    autocomplete_fields = ["innovation", "replicates"]
    inlines = [AnswerInline, ProposalEventInline]
    resource_classes = [ProposalResource]
    export_formats = [CSV, XLSX]
    export_form_class = ColumnNamedExportForm
    date_hierarchy = "updated_at"

    @admin.display(description=_("agency"), ordering="innovation__agency__name")
    def agency_name(self, proposal: Proposal) -> str:
        return proposal.innovation.agency.name


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "section", "version", "updated_at", "updated_by"]
    list_filter = ["proposal__edition"]
    list_select_related = ["proposal", "section", "updated_by"]
    search_fields = ["proposal__title", "text"]


@admin.register(IdentificationAnswer)
class IdentificationAnswerAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "question", "value"]
    list_filter = ["proposal__edition"]
    list_select_related = ["proposal", "question"]
    search_fields = ["proposal__title", "value"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "proposal", "from_status", "to_status", "actor"]
    list_filter = ["to_status", "proposal__edition"]
    list_select_related = ["proposal", "actor"]
    search_fields = ["proposal__title", "actor__email", "comment"]
    date_hierarchy = "at"


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "proposal", "section", "author", "text"]
    list_filter = ["proposal__edition"]
    list_select_related = ["proposal", "section", "author"]
    search_fields = ["proposal__title", "text", "author__email"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "proposal", "attachment_type", "section", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type", "proposal__edition"]
    list_select_related = ["proposal", "attachment_type", "section"]
    search_fields = ["original_name", "proposal__title"]
    readonly_fields = ["proposal", "file", "thumbnail", "content_type", "size", "width", "height", "uploaded_by"]


@admin.register(EntryExtension)
class EntryExtensionAdmin(admin.ModelAdmin):
    list_display = ["agency", "edition", "until", "granted_by", "created_at"]
    list_filter = ["edition"]
    list_select_related = ["agency", "edition", "granted_by"]
    search_fields = ["agency__name", "reason"]
    autocomplete_fields = ["agency"]
    readonly_fields = ["granted_by"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)
