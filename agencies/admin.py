"""The secretariat's admin for agencies: regions, agencies and their UPPs, people, onboarding.

Status changes go through agencies.services (the "verify" action calls verify_agency, which
invites the Admin Lokal), never by editing the field. Agencies export to CSV or Excel.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, URLField
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from agencies import services
from agencies.models import AccountRequest, Agency, AuditEntry, Invitation, Membership, Region, Unit


def _wib(value) -> str:
    """A datetime as WIB text for spreadsheets (Excel keeps no time zone)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class ColumnNamedExportForm(SelectableFieldsExportForm):
    """The export page's field checkboxes carry the translated column names only (the library would
    add the English attribute name, "Kind (jenis instansi)")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return capfirst(str(field.column_name)) if field and field.column_name else field_name


def verify_requests(modeladmin: admin.ModelAdmin, request, account_requests) -> None:
    """Verify each pending request through agencies.services.verify_agency; say what was done."""
    verified, refused = 0, []
    for account_request in account_requests:
        try:
            services.verify_agency(account_request=account_request, by=request.user)
        except ValidationError as error:
            refused.append(f"{account_request.agency}: {' '.join(error.messages)}")
        else:
            verified += 1
    if verified:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d agency verified; its Admin Lokal was emailed an activation link.",
                "%(count)d agencies verified; each Admin Lokal was emailed an activation link.",
                verified,
            )
            % {"count": verified},
            messages.SUCCESS,
        )
    for problem in refused:
        modeladmin.message_user(request, problem, messages.ERROR)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "province", "is_eastern", "is_3t", "flags_edited"]
    list_filter = ["level", "is_eastern", "is_3t", "flags_edited", ("province", admin.RelatedOnlyFieldListFilter)]
    list_editable = ["is_eastern", "is_3t"]
    list_select_related = ["province"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "name", "level", "province", "flags_source"]

    def save_model(self, request, obj, form, change):
        # A flag the secretariat set by hand survives the next `load_regions`.
        if change and {"is_eastern", "is_3t"} & set(form.changed_data):
            obj.flags_edited = True
            obj.flags_source = _("edited by %(user)s") % {"user": request.user.email}
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name", "head_name", "email", "phone", "is_active"]


class AgencyResource(resources.ModelResource):
    """Agencies as a spreadsheet: one row each, with readable types, statuses and the province."""

    name = fields.Field(attribute="name", column_name=_("name"))
    kind = fields.Field(column_name=_("agency type"))
    region = fields.Field(column_name=_("region"))
    province = fields.Field(column_name=_("province"))
    parent = fields.Field(column_name=_("parent agency"))
    status = fields.Field(column_name=_("status"))
    email = fields.Field(attribute="email", column_name=_("official email"))
    phone = fields.Field(attribute="phone", column_name=_("phone number"))
    website = fields.Field(attribute="website", column_name=_("website"))
    verified_at = fields.Field(column_name=_("verified at"))
    created_at = fields.Field(column_name=_("created"))

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "kind",
            "region",
            "province",
            "parent",
            "status",
            "email",
            "phone",
            "website",
            "verified_at",
            "created_at",
        ]
        export_order = fields

    @classmethod
    def get_display_name(cls) -> str:
        return gettext("Agencies")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("region__province", "parent__region__province")

    def dehydrate_kind(self, agency: Agency) -> str:
        return str(agency.get_kind_display())

    def dehydrate_region(self, agency: Agency) -> str:
        return agency.region.name if agency.region_id else ""

    def dehydrate_province(self, agency: Agency) -> str:
        return agency.province.name if agency.province else ""

    def dehydrate_parent(self, agency: Agency) -> str:
        return agency.parent.name if agency.parent_id else ""

    def dehydrate_status(self, agency: Agency) -> str:
        return str(agency.get_status_display())

    def dehydrate_verified_at(self, agency: Agency) -> str:
        return _wib(agency.verified_at)

    def dehydrate_created_at(self, agency: Agency) -> str:
        return _wib(agency.created_at)


@admin.register(Agency)
class AgencyAdmin(ExportActionMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "region", "province_name", "parent", "status", "is_active", "created_at"]
    list_filter = ["status", "kind", "is_active", ("region__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["region__province", "parent__region__province"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["region", "parent"]
    readonly_fields = ["status", "verified_at", "created_at"]
    # "pemkot.go.id" typed without a scheme means https, as Django 6 will assume.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    inlines = [UnitInline]
    actions = ["verify"]
    resource_classes = [AgencyResource]
    export_formats = [CSV, XLSX]
    export_form_class = ColumnNamedExportForm

    @admin.display(description=_("province"))
    def province_name(self, agency: Agency) -> str:
        return agency.province.name if agency.province else None

    @admin.action(
        description=_("Verify the selected agencies (pending ones) and invite their Admin Lokal"),
        permissions=["change"],
    )
    def verify(self, request, queryset: QuerySet[Agency]) -> None:
        # Only agencies that asked online have a request to decide; the rest are reported.
        requests = AccountRequest.objects.filter(agency__in=queryset).select_related("agency")
        without = queryset.exclude(pk__in=requests.values("agency"))
        for agency in without:
            self.message_user(
                request,
                gettext("%(agency)s: there is no account request to verify.") % {"agency": agency},
                messages.ERROR,
            )
        verify_requests(self, request, requests)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "head_name", "email", "is_active"]
    list_filter = ["is_active", "agency__kind"]
    list_select_related = ["agency"]
    search_fields = ["name", "agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "unit", "position", "is_active"]
    list_filter = ["role", "is_active", "agency__kind"]
    list_select_related = ["user", "agency", "unit__agency"]
    search_fields = ["user__email", "user__full_name", "agency__name", "unit__name"]
    autocomplete_fields = ["user", "agency", "unit"]


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "agency_status",
        "admin_name",
        "admin_email",
        "email_confirmed_at",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    list_filter = ["agency__status", "agency__kind"]
    list_select_related = ["agency", "decided_by"]
    search_fields = ["agency__name", "admin_name", "admin_email"]
    readonly_fields = ["agency", "email_confirmed_at", "decided_at", "decided_by", "possible_duplicates", "created_at"]
    date_hierarchy = "created_at"
    actions = ["verify"]

    def has_add_permission(self, request) -> bool:
        # Requests come from the agencies themselves, through the public form and its email check.
        return False

    @admin.display(description=_("status"), ordering="agency__status")
    def agency_status(self, account_request: AccountRequest) -> str:
        return account_request.agency.get_status_display()

    @admin.action(description=_("Verify the selected agencies and invite their Admin Lokal"), permissions=["change"])
    def verify(self, request, queryset: QuerySet[AccountRequest]) -> None:
        verify_requests(self, request, queryset.select_related("agency"))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "agency", "unit", "role", "expires_at", "accepted_at", "revoked_at", "invited_by"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter), ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["agency", "unit__agency", "invited_by"]
    search_fields = ["email", "agency__name"]
    readonly_fields = ["token_hash", "accepted_at", "invited_by", "created_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "agency", "actor", "detail"]
    list_filter = ["action"]
    list_select_related = ["agency", "actor"]
    search_fields = ["agency__name", "actor__email", "detail"]
    date_hierarchy = "at"

    # The audit log is evidence: nobody edits or deletes it, not even in the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
