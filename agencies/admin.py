from django.contrib import admin

from agencies.models import Agency, Membership, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "is_active"]
    list_select_related = ["agency"]
    search_fields = ["name", "agency__name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "agency", "unit"]
    search_fields = ["user__email", "agency__name", "unit__name"]
    autocomplete_fields = ["user", "agency", "unit"]
