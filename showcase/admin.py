"""The secretariat's editorial desk: edit the public text, choose the photos (with previews), approve,
withdraw, and for a whole edition create the drafts and publish. Every change goes through
showcase.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from competitions.models import Edition
from showcase import services
from showcase.models import ProfileEvent, PublicProfile, ShowcasePhoto, ShowcaseRelease
from submissions.models import Attachment


class PhotoInline(admin.TabularInline):
    model = ShowcasePhoto
    extra = 0
    fields = ["preview", "caption", "caption_en", "order"]
    readonly_fields = ["preview"]
    verbose_name = gettext_lazy("photo")

    def has_add_permission(self, request, obj=None):
        # New photos come from the proposal or an upload (fields on the profile form), so they are
        # always downsized and stripped of metadata by the service.
        return False

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, photo: ShowcasePhoto) -> str:
        if not photo.pk:
            return ""
        return format_html(
            '<a href="{}" target="_blank"><img src="{}" alt="" height="90"></a>',
            photo.get_absolute_url(),
            photo.thumbnail_url,
        )


class EventInline(admin.TabularInline):
    model = ProfileEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "from_status", "to_status", "actor", "note"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


class ProfileForm(forms.ModelForm):
    add_from_proposal = forms.ModelMultipleChoiceField(
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Add photos from the proposal"),
        help_text=gettext_lazy("Previews are under “Photos in the proposals” below."),
    )
    video_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label=gettext_lazy("video"),
        help_text=gettext_lazy("A YouTube link; the video loads only when a visitor asks for it."),
    )
    upload = forms.FileField(
        required=False,
        label=gettext_lazy("Upload a photo"),
        help_text=gettext_lazy("JPG, PNG or WebP; it is downsized and its metadata removed."),
    )

    class Meta:
        model = PublicProfile
        fields = [
            "title",
            "title_en",
            "slug",
            "summary",
            "summary_en",
            "contact_name",
            "contact_email",
            "contact_phone",
            "video_url",
            "cover",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        if profile.pk:
            self.fields["cover"].queryset = profile.photos.all()
            self.fields["add_from_proposal"].queryset = _proposal_photos(profile).exclude(
                pk__in=profile.photos.exclude(source=None).values("source")
            )
        else:
            self.fields["cover"].queryset = ShowcasePhoto.objects.none()


def _proposal_photos(profile: PublicProfile):
    return Attachment.objects.filter(
        proposal__innovation_id=profile.innovation_id, content_type__startswith="image/"
    ).select_related("proposal__edition")


class EditionForm(forms.Form):
    edition = forms.ModelChoiceField(queryset=Edition.objects.order_by("-year"), label=gettext_lazy("Edition"))


@admin.register(PublicProfile)
class PublicProfileAdmin(admin.ModelAdmin):
    form = ProfileForm
    list_display = ["title", "agency_name", "province_name", "latest_year", "best_tier", "status", "approved_by"]
    list_filter = ["status", "latest_year", "best_tier", "agency_kind", "group_kind"]
    list_select_related = ["approved_by"]
    search_fields = ["title", "title_en", "agency_name", "unit_name"]
    readonly_fields = ["status", "approved_by", "approved_at", "published_at", "derived", "proposal_photos"]
    inlines = [PhotoInline, EventInline]
    actions = ["approve", "withdraw"]
    change_list_template = "showcase/admin/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "summary", "summary_en"]}),
        (gettext_lazy("Contact for replication"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (gettext_lazy("Media"), {"fields": ["video_url", "cover", "add_from_proposal", "upload", "proposal_photos"]}),
        (gettext_lazy("Editorial status"), {"fields": ["status", "approved_by", "approved_at", "published_at"]}),
        (gettext_lazy("From the competition (updated automatically)"), {"fields": ["derived"]}),
    ]

    def has_add_permission(self, request):
        # Profiles are drafted from an edition's awards ("Create drafts"), never from nothing.
        return False

    @admin.display(description=gettext_lazy("Photos in the proposals"))
    def proposal_photos(self, profile: PublicProfile) -> str:
        photos = list(_proposal_photos(profile)) if profile.pk else []
        if not photos:
            return _("The proposals have no photos.")
        return format_html_join(
            " ",
            '<figure style="display:inline-block;margin:0 .5rem .5rem 0"><img src="{}" alt="" height="90">'
            "<figcaption>{} ({})</figcaption></figure>",
            (
                (
                    reverse("submissions:attachment_thumbnail", args=[photo.proposal_id, photo.pk]),
                    photo.original_name,
                    photo.proposal.edition,
                )
                for photo in photos
            ),
        )

    @admin.display(description=gettext_lazy("Derived fields"))
    def derived(self, profile: PublicProfile) -> str:
        rows = [
            (_("Agency"), f"{profile.agency_name} ({profile.agency_kind_label})"),
            (_("UPP"), profile.unit_name),
            (_("Province"), profile.province_name or "—"),
            (_("Category"), profile.category_name or "—"),
            (_("Awards"), ", ".join(str(award) for award in profile.awards.all()) or "—"),
            (_("SDGs"), ", ".join(str(number) for number in profile.sdg_list) or "—"),
        ]
        return format_html_join("", "<div><strong>{}</strong>: {}</div>", rows)

    def view_on_site(self, profile: PublicProfile) -> str:
        return profile.get_absolute_url()

    def save_model(self, request, obj, form, change):
        services.save_profile(profile=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ShowcasePhoto:
            formset.save()
            return
        kept = formset.save(commit=False)
        for photo in formset.deleted_objects:
            services.remove_photo(photo=photo, by=request.user)
        for photo in kept:
            photo.save()
        profile = form.instance
        try:
            for attachment in form.cleaned_data.get("add_from_proposal") or []:
                services.add_photo(profile=profile, by=request.user, attachment=attachment)
            if form.cleaned_data.get("upload"):
                services.add_photo(profile=profile, by=request.user, upload=form.cleaned_data["upload"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        profile.refresh_from_db()
        services.save_profile(profile=profile, by=request.user)

    @admin.action(description=gettext_lazy("Approve the public text and photos"))
    def approve(self, request, queryset):
        self._each(request, queryset, lambda profile: services.approve_profile(profile=profile, by=request.user))

    @admin.action(description=gettext_lazy("Withdraw to draft (takes it off the public site)"))
    def withdraw(self, request, queryset):
        self._each(request, queryset, lambda profile: services.withdraw_profile(profile=profile, by=request.user))

    def _each(self, request, queryset, act) -> None:
        done, refused = 0, []
        for profile in queryset:
            try:
                act(profile)
                done += 1
            except ValidationError as error:
                refused.append(f"{profile}: {' '.join(error.messages)}")
        if done:
            messages.success(request, ngettext("%(n)d profile changed.", "%(n)d profiles changed.", done) % {"n": done})
        for text in refused:
            messages.error(request, text)

    def get_urls(self):
        return [
            path("edisi/", self.admin_site.admin_view(self.edition_tools), name="showcase_publicprofile_edition"),
            *super().get_urls(),
        ]

    def edition_tools(self, request):
        """Create the drafts of an edition's awarded innovations, or publish its approved profiles."""
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = EditionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            edition = form.cleaned_data["edition"]
            if "publish" in request.POST:
                count = services.publish_profiles(edition=edition, by=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(edition)s is public in the showcase; %(n)d profile was published.",
                        "%(edition)s is public in the showcase; %(n)d profiles were published.",
                        count,
                    )
                    % {"edition": edition, "n": count},
                )
            else:
                profiles = services.draft_profiles_for(edition=edition, by=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(n)d profile of %(edition)s is ready for editing.",
                        "%(n)d profiles of %(edition)s are ready for editing.",
                        len(profiles),
                    )
                    % {"edition": edition, "n": len(profiles)},
                )
            return redirect("admin:showcase_publicprofile_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Showcase: prepare or publish an edition"),
            "releases": ShowcaseRelease.objects.select_related("edition", "published_by"),
        }
        return render(request, "showcase/admin/edition_tools.html", context)


@admin.register(ShowcaseRelease)
class ShowcaseReleaseAdmin(admin.ModelAdmin):
    list_display = ["edition", "published_at", "published_by"]
    readonly_fields = ["edition", "published_at", "published_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
