"""The secretariat configures editions here, without code.

Access follows relationships, not Django model permissions: a member of an organiser's
secretariat (OrganiserMembership, role secretariat) with `is_staff` sees and edits that organiser's
editions only; superusers see all. Archived editions are read-only. Status changes, extensions and
clones go through competitions.services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competitions import services
from competitions.forms import (
    CriterionFormSet,
    EditionChildFormSet,
    ExtendStageForm,
    FormSectionForm,
    StageFormSet,
)
from competitions.models import (
    Announcement,
    AttachmentType,
    Category,
    Criterion,
    Edition,
    EditionDocument,
    EditionStatusChange,
    FormSection,
    Group,
    GroupInvitation,
    IdentificationQuestion,
    Organiser,
    OrganiserMembership,
    Sdg,
    Stage,
    StageExtension,
)
from competitions.permissions import can_manage_edition, is_secretariat
from sinovik.templatetags.sinovik import wib


def _may_edit(request: HttpRequest, edition: Edition | None) -> bool:
    if not is_secretariat(request.user):
        return False
    return edition is None or (can_manage_edition(request.user, edition) and edition.status != Edition.Status.ARCHIVED)


def _may_view(request: HttpRequest, edition: Edition | None) -> bool:
    return is_secretariat(request.user) and (edition is None or can_manage_edition(request.user, edition))


class EditionScopedInline:
    """Permissions of an inline follow the edition it belongs to."""

    formset = EditionChildFormSet
    extra = 0

    def has_view_permission(self, request, obj=None):
        return _may_view(request, obj)

    def has_add_permission(self, request, obj=None):
        return _may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _may_edit(request, obj)


class StageInline(EditionScopedInline, admin.TabularInline):
    model = Stage
    formset = StageFormSet
    fields = ["kind", "starts_at", "ends_at", "final_weight", "passing_grade", "name", "name_en"]
    ordering = ["starts_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Ten stages side by side: keep the optional names narrow so the dates stay readable.
        if db_field.name in ("name", "name_en"):
            kwargs["widget"] = forms.TextInput(attrs={"size": 14})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class GroupInline(EditionScopedInline, admin.StackedInline):
    model = Group
    fields = [
        ("kind", "order"),
        ("name", "name_en"),
        ("quota_per_agency", "minimum_age_years", "by_invitation"),
        ("description", "description_en"),
    ]
    show_change_link = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("description", "description_en"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CategoryInline(EditionScopedInline, admin.TabularInline):
    model = Category
    fields = ["order", "name", "name_en", "description", "description_en"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("description", "description_en"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 28})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FormSectionInline(EditionScopedInline, admin.StackedInline):
    model = FormSection
    form = FormSectionForm
    classes = ["collapse"]
    fields = [
        ("group", "order"),
        ("title", "title_en"),
        ("word_limit", "required"),
        ("guidance", "guidance_en"),
        ("evidence_max_files", "evidence_file_types", "evidence_max_size_kb"),
    ]
    ordering = ["group__order", "group", "order", "pk"]


class IdentificationQuestionInline(EditionScopedInline, admin.StackedInline):
    model = IdentificationQuestion
    classes = ["collapse"]
    fields = [
        ("group", "order", "key"),
        ("label", "label_en"),
        ("kind", "required", "shown_if"),
        ("help_text", "help_text_en"),
        "choices",
    ]


class AttachmentTypeInline(EditionScopedInline, admin.TabularInline):
    model = AttachmentType
    classes = ["collapse"]
    fields = ["group", "order", "name", "name_en", "allowed_extensions", "max_size_kb", "max_files", "required"]


class CriterionInline(EditionScopedInline, admin.TabularInline):
    model = Criterion
    formset = CriterionFormSet
    classes = ["collapse"]
    fields = ["stage", "group", "order", "name", "name_en", "weight", "scale_min", "scale_max", "passing_grade"]
    ordering = ["stage__starts_at", "group", "order", "pk"]


class EditionDocumentInline(EditionScopedInline, admin.TabularInline):
    model = EditionDocument
    fields = ["order", "kind", "title", "title_en", "file", "is_public"]


class AnnouncementInline(EditionScopedInline, admin.StackedInline):
    model = Announcement
    classes = ["collapse"]
    fields = [("number", "published_at"), "title", "body", "file"]


class EditionStatusChangeInline(EditionScopedInline, admin.TabularInline):
    model = EditionStatusChange
    verbose_name_plural = _("status history")
    fields = ["created_at", "from_status", "to_status", "created_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "organiser", "status", "stage_now", "entry_closes"]
    list_filter = ["status", "year", "organiser"]
    search_fields = ["name", "short_name", "slug", "theme"]
    list_select_related = ["organiser"]
    prepopulated_fields = {"slug": ["short_name"]}
    readonly_fields = ["status", "cloned_from"]
    fieldsets = [
        (None, {"fields": ["organiser", ("name", "short_name"), ("slug", "year"), ("status", "cloned_from")]}),
        (_("Presentation"), {"fields": [("theme", "theme_en"), ("description", "description_en"), "helpdesk"]}),
        (_("Legal basis and links"), {"fields": ["legal_basis", "feeds_into"]}),
    ]
    inlines = [
        StageInline,
        GroupInline,
        CategoryInline,
        FormSectionInline,
        IdentificationQuestionInline,
        AttachmentTypeInline,
        CriterionInline,
        EditionDocumentInline,
        AnnouncementInline,
        EditionStatusChangeInline,
    ]
    actions = ["publish", "archive", "return_to_draft", "clone_to_next_year"]
    change_form_template = "competitions/admin/edition_change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user).prefetch_related("stages")

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting goes through the change page, one draft at a time (has_delete_permission).
        actions.pop("delete_selected", None)
        return actions

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return _may_view(request, obj)

    def has_add_permission(self, request):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Published and archived editions are the record of what happened: never deleted.
        return _may_edit(request, obj) and (obj is None or obj.status == Edition.Status.DRAFT)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organiser" and not request.user.is_superuser:
            kwargs["queryset"] = Organiser.objects.filter(
                memberships__user=request.user,
                memberships__role=OrganiserMembership.Role.SECRETARIAT,
                memberships__is_active=True,
            ).distinct()
        if db_field.name == "feeds_into":
            kwargs["queryset"] = Edition.objects.visible_to(request.user).select_related("organiser")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("stage now"))
    def stage_now(self, edition: Edition) -> str:
        stage = edition.current_stage()
        return stage.title if stage else "—"

    @admin.display(description=_("proposal entry closes"))
    def entry_closes(self, edition: Edition) -> str:
        return wib(edition.entry_closes_at) or "—"

    def get_urls(self):
        extra = [
            path(
                "<path:object_id>/extend-stage/",
                self.admin_site.admin_view(self.extend_stage_view),
                name="competitions_edition_extend_stage",
            )
        ]
        return extra + super().get_urls()

    def extend_stage_view(self, request, object_id):
        edition = self.get_object(request, object_id)
        if edition is None or not self.has_change_permission(request, edition):
            raise PermissionDenied
        form = ExtendStageForm(request.POST or None, edition=edition)
        if request.method == "POST" and form.is_valid():
            try:
                services.extend_stage(
                    stage=form.cleaned_data["stage"],
                    new_end=form.cleaned_data["new_end"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                    shift_following=form.cleaned_data["shift_following"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    gettext("“%(stage)s” now ends %(end)s.")
                    % {"stage": form.cleaned_data["stage"].title, "end": wib(form.cleaned_data["new_end"])},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:competitions_edition_change", args=[edition.pk]))
        extensions = StageExtension.objects.filter(stage__edition=edition).select_related("stage", "created_by")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "edition": edition,
            "form": form,
            "extensions": extensions.order_by("-created_at", "-pk"),
            "title": gettext("Extend a stage of %(edition)s") % {"edition": edition},
            "media": self.media + form.media,
        }
        return render(request, "competitions/admin/extend_stage.html", context)

    def _change_status(self, request, queryset, to: str) -> None:
        for edition in queryset:
            if not can_manage_edition(request.user, edition):
                continue
            try:
                services.change_edition_status(edition=edition, to=to, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(edition)s: %(problems)s") % {"edition": edition, "problems": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    gettext("%(edition)s is now %(status)s.")
                    % {"edition": edition, "status": edition.get_status_display().lower()},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Publish the selected editions"))
    def publish(self, request, queryset):
        self._change_status(request, queryset, Edition.Status.PUBLISHED)

    @admin.action(description=_("Archive the selected editions"))
    def archive(self, request, queryset):
        self._change_status(request, queryset, Edition.Status.ARCHIVED)

    @admin.action(description=_("Return the selected editions to draft"))
    def return_to_draft(self, request, queryset):
        self._change_status(request, queryset, Edition.Status.DRAFT)

    @admin.action(description=_("Copy the selected editions to next year (structure only)"))
    def clone_to_next_year(self, request, queryset):
        for edition in queryset:
            if not can_manage_edition(request.user, edition):
                continue
            try:
                clone = services.clone_edition(edition=edition, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(edition)s: %(problems)s") % {"edition": edition, "problems": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            self.message_user(
                request,
                format_html(
                    gettext('{source} was copied to <a href="{url}">{clone}</a>, a draft: check its dates.'),
                    source=str(edition),
                    url=reverse("admin:competitions_edition_change", args=[clone.pk]),
                    clone=str(clone),
                ),
                messages.SUCCESS,
            )


class GroupInvitationInline(admin.TabularInline):
    model = GroupInvitation
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "note", "created_at"]
    readonly_fields = ["created_at"]

    def has_view_permission(self, request, obj=None):
        return _may_view(request, obj.edition if obj else None)

    def has_add_permission(self, request, obj=None):
        return _may_edit(request, obj.edition if obj else None)

    def has_change_permission(self, request, obj=None):
        return _may_edit(request, obj.edition if obj else None)

    def has_delete_permission(self, request, obj=None):
        return _may_edit(request, obj.edition if obj else None)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    """Groups are added on the edition's page; here the secretariat invites agencies to a group."""

    list_display = ["name", "edition", "kind", "quota_per_agency", "minimum_age_years", "by_invitation", "invited"]
    list_filter = ["kind", "by_invitation", "edition__year"]
    list_select_related = ["edition"]
    search_fields = ["name", "edition__name"]
    fields = [
        "edition",
        ("kind", "order"),
        ("name", "name_en"),
        ("quota_per_agency", "minimum_age_years", "by_invitation"),
        ("description", "description_en"),
    ]
    readonly_fields = ["edition"]
    inlines = [GroupInvitationInline]

    def get_queryset(self, request):
        managed = Edition.objects.managed_by(request.user)
        return super().get_queryset(request).filter(edition__in=managed).annotate(invitation_count=Count("invitations"))

    @admin.display(description=_("invited agencies"), ordering="invitation_count")
    def invited(self, group: Group) -> int:
        return group.invitation_count

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return _may_view(request, obj.edition if obj else None)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return _may_edit(request, obj.edition if obj else None)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sdg)
class SdgAdmin(admin.ModelAdmin):
    """The 17 goals come from a data migration; names may be corrected, goals never added or removed."""

    list_display = ["number", "name", "name_en"]
    list_display_links = ["number", "name"]
    ordering = ["number"]
    readonly_fields = ["number"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrganiserMembershipInline(admin.TabularInline):
    model = OrganiserMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    inlines = [OrganiserMembershipInline]


@admin.register(OrganiserMembership)
class OrganiserMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organiser", "is_active"]
    list_filter = ["role", "is_active", "organiser"]
    list_select_related = ["user", "organiser"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


# --- Parts of editions, for finding them across editions ---------------------------------------


class EditionPartAdmin(admin.ModelAdmin):
    """A part of an edition (stage, category, form section...), listed here to find it across the
    editions the user manages. It is edited on its edition's page, where the formsets check the
    parts together (stages in order, weights adding up), so here it is read-only."""

    edition_path = "edition"
    list_per_page = 50

    def get_queryset(self, request):
        managed = Edition.objects.managed_by(request.user)
        return super().get_queryset(request).filter(**{f"{self.edition_path}__in": managed})

    def edition_of(self, obj) -> Edition:
        for name in self.edition_path.split("__"):
            obj = getattr(obj, name)
        return obj

    @admin.display(description=_("edition"))
    def edition_link(self, obj) -> str:
        edition = self.edition_of(obj)
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:competitions_edition_change", args=[edition.pk]), edition
        )

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return _may_view(request, self.edition_of(obj) if obj is not None else None)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Stage)
class StageAdmin(EditionPartAdmin):
    list_display = ["__str__", "edition_link", "starts_at", "ends_at", "final_weight", "passing_grade"]
    list_filter = ["kind", "edition__year"]
    list_select_related = ["edition"]
    search_fields = ["name", "edition__name"]
    ordering = ["-edition__year", "starts_at"]


@admin.register(StageExtension)
class StageExtensionAdmin(EditionPartAdmin):
    edition_path = "stage__edition"
    list_display = ["stage", "edition_link", "previous_ends_at", "ends_at", "reason", "created_by", "created_at"]
    list_filter = ["stage__kind", "stage__edition__year"]
    list_select_related = ["stage__edition", "created_by"]
    search_fields = ["reason", "stage__edition__name"]
    date_hierarchy = "created_at"


@admin.register(EditionStatusChange)
class EditionStatusChangeAdmin(EditionPartAdmin):
    list_display = ["created_at", "edition_link", "from_status", "to_status", "created_by", "note"]
    list_filter = ["to_status", "edition__year"]
    list_select_related = ["edition", "created_by"]
    search_fields = ["note", "edition__name"]
    date_hierarchy = "created_at"


@admin.register(Category)
class CategoryAdmin(EditionPartAdmin):
    list_display = ["name", "name_en", "edition_link", "order"]
    list_filter = ["edition__year"]
    list_select_related = ["edition"]
    search_fields = ["name", "name_en"]


@admin.register(GroupInvitation)
class GroupInvitationAdmin(EditionPartAdmin):
    """Invitations are given on the group's page; this lists them across groups and editions."""

    edition_path = "group__edition"
    list_display = ["agency", "group", "edition_link", "note", "created_at"]
    list_filter = ["group__edition__year", "agency__kind"]
    list_select_related = ["agency", "group__edition"]
    search_fields = ["agency__name", "note"]


@admin.register(FormSection)
class FormSectionAdmin(EditionPartAdmin):
    list_display = ["title", "group", "edition_link", "order", "word_limit", "required"]
    list_filter = ["required", "group__kind", "edition__year"]
    list_select_related = ["edition", "group"]
    search_fields = ["title", "title_en", "guidance"]


@admin.register(IdentificationQuestion)
class IdentificationQuestionAdmin(EditionPartAdmin):
    list_display = ["label", "key", "group", "edition_link", "kind", "required"]
    list_filter = ["kind", "required", "edition__year"]
    list_select_related = ["edition", "group"]
    search_fields = ["label", "label_en", "key"]


@admin.register(AttachmentType)
class AttachmentTypeAdmin(EditionPartAdmin):
    list_display = ["name", "group", "edition_link", "allowed_extensions", "max_size_kb", "max_files", "required"]
    list_filter = ["required", "edition__year"]
    list_select_related = ["edition", "group"]
    search_fields = ["name", "name_en"]


@admin.register(Criterion)
class CriterionAdmin(EditionPartAdmin):
    list_display = ["name", "stage", "group", "edition_link", "weight", "scale_min", "scale_max", "passing_grade"]
    list_filter = ["stage__kind", "edition__year"]
    list_select_related = ["edition", "stage", "group"]
    search_fields = ["name", "name_en"]


@admin.register(EditionDocument)
class EditionDocumentAdmin(EditionPartAdmin):
    list_display = ["title", "kind", "edition_link", "is_public", "uploaded_at"]
    list_filter = ["kind", "is_public", "edition__year"]
    list_select_related = ["edition"]
    search_fields = ["title", "title_en"]


@admin.register(Announcement)
class AnnouncementAdmin(EditionPartAdmin):
    list_display = ["number", "title", "edition_link", "published_at"]
    list_filter = ["edition__year"]
    list_select_related = ["edition"]
    search_fields = ["number", "title", "body"]
    date_hierarchy = "published_at"
