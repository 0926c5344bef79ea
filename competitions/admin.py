from django.contrib import admin

from competitions.models import Organiser, OrganiserMembership


class OrganiserMembershipInline(admin.TabularInline):
    model = OrganiserMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]
    inlines = [OrganiserMembershipInline]


@admin.register(OrganiserMembership)
class OrganiserMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organiser", "is_active"]
    list_filter = ["role", "is_active", "organiser"]
    list_select_related = ["user", "organiser"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
