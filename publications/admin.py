"""The secretariat's desk in the admin: book definitions (built from the publications page or an
action here) and certificates with a revocation action that asks for the reason. Every change
goes through publications.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from publications import services
from publications.models import Book, Certificate


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "language", "grouping", "status", "progress", "page_count", "generated_at"]
    list_filter = ["status", "language", "edition"]
    search_fields = ["title", "isbn"]
    readonly_fields = [
        "status",
        "phase",
        "progress",
        "error",
        "file",
        "sha256",
        "size",
        "page_count",
        "entry_count",
        "generated_at",
        "requested_at",
        "requested_by",
    ]
    actions = ["generate"]

    def get_readonly_fields(self, request, obj=None):
        # The edition of an existing book stays; its file is named after the book.
        return [*self.readonly_fields, "edition"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        services.save_book(book=obj, by=request.user)

    @admin.action(description=gettext_lazy("Generate (or regenerate) the PDF"))
    def generate(self, request, queryset):
        queued = sum(services.request_book_build(book=book, by=request.user) for book in queryset)
        self.message_user(
            request, ngettext("%(count)d book queued.", "%(count)d books queued.", queued) % {"count": queued}
        )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "recipient_name", "kind", "tier", "edition", "generated_at", "revoked_at"]
    list_filter = ["edition", "kind", "tier", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "recipient_name", "innovation_title", "recipient_detail"]
    actions = ["revoke"]
    fields = [
        "code",
        "edition",
        "kind",
        "tier",
        "recipient_name",
        "recipient_detail",
        "innovation_title",
        "innovation",
        "user",
        "issued_at",
        "file",
        "sha256",
        "generated_at",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        # Certificates are issued from the awards and juries of an edition (publications page).
        return False

    def has_delete_permission(self, request, obj=None):
        # A certificate on paper stays checkable: revoke it instead.
        return False

    @admin.action(description=gettext_lazy("Revoke the selected certificates"))
    def revoke(self, request, queryset):
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            revoked = 0
            for certificate in queryset:
                try:
                    services.revoke_certificate(
                        certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    revoked += 1
                except ValidationError as error:
                    self.message_user(
                        request, f"{certificate.display_code}: {' '.join(error.messages)}", messages.WARNING
                    )
            self.message_user(
                request,
                ngettext("%(count)d certificate revoked.", "%(count)d certificates revoked.", revoked)
                % {"count": revoked},
            )
            return None
        return render(
            request,
            "admin/publications/revoke.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Revoke certificates"),
                "certificates": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
