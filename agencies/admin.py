from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agencies.models import AccountRequest, Agency, AuditEntry, Invitation, Membership, Region, Unit


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


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "status", "is_active", "created_at"]
    list_filter = ["status", "kind", "is_active", ("region__province", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["region"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["region", "parent"]
    readonly_fields = ["status", "verified_at", "created_at"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "is_active"]
    list_filter = ["is_active", "agency__kind"]
    list_select_related = ["agency"]
    search_fields = ["name", "agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "unit", "position", "is_active"]
    list_filter = ["role", "is_active", "agency__kind"]
    list_select_related = ["user", "agency", "unit"]
    search_fields = ["user__email", "user__full_name", "agency__name", "unit__name"]
    autocomplete_fields = ["user", "agency", "unit"]


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):
    list_display = ["agency", "admin_name", "admin_email", "email_confirmed_at", "created_at", "decided_at"]
    list_filter = ["agency__status", "agency__kind"]
    list_select_related = ["agency"]
    search_fields = ["agency__name", "admin_name", "admin_email"]
    readonly_fields = ["agency", "email_confirmed_at", "decided_at", "decided_by", "possible_duplicates", "created_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "agency", "unit", "role", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    list_select_related = ["agency", "unit"]
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
