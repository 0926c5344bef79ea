"""The secretariat's view of notifications: the outbox, wording per event, messages to groups."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from notifications import services
from notifications.events import EVENTS, get_event
from notifications.models import EmailTemplate, GroupMessage, Message, MessageAttachment, Notification
from notifications.rendering import InLanguage, default_wording, placeholders_in, render_email
from notifications.selectors import group_recipients
from sinovik.roles import OrganiserRole, ParticipantRole

RECIPIENT_PREVIEW_LIMIT = 50


def email_preview(*, subject: str, html: str, text: str) -> str:
    """Subject, the HTML in a sandboxed frame (no scripts, no navigation) and the plain-text twin."""
    return format_html(
        '<div class="notification-preview"><p><strong>{}</strong></p>'
        '<iframe sandbox srcdoc="{}" title="{}" width="100%" height="520"></iframe>'
        "<details><summary>{}</summary><pre>{}</pre></details></div>",
        subject,
        html,
        gettext("Email preview"),
        gettext("Plain text"),
        text,
    )


# --- outbox -----------------------------------------------------------------------------------


class MessageAttachmentInline(admin.TabularInline):
    model = MessageAttachment
    fields = ["filename", "mimetype", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("size (bytes)"))
    def size(self, obj: MessageAttachment) -> int:
        return len(obj.content)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["to_email", "event", "language", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "event", "language", "group_message"]
    search_fields = ["to_email", "event", "subject", "dedupe_key"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    inlines = [MessageAttachmentInline]
    fieldsets = [
        (None, {"fields": ["to_email", "recipient", "language", "event", "subject", "group_message"]}),
        (_("Delivery"), {"fields": ["status", "attempts", "last_error", "created_at", "requeue_at", "sent_at"]}),
        (_("Content"), {"fields": ["preview", "dedupe_key"]}),
    ]
    readonly_fields = [field for fieldset in fieldsets for field in fieldset[1]["fields"]]

    @admin.display(description=_("preview"))
    def preview(self, obj: Message) -> str:
        return email_preview(subject=obj.subject, html=obj.body_html, text=obj.body_text)

    @admin.action(description=_("Retry the selected messages (failed or waiting)"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = services.retry_messages(messages=queryset)
        self.message_user(
            request, gettext("Messages queued again: %(count)s. Sent messages are never sent twice.") % {"count": count}
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # The outbox is the record of what was sent to whom.
        return False


@admin.register(MessageAttachment)
class MessageAttachmentAdmin(admin.ModelAdmin):
    """Files sent with messages, across the outbox (e.g. interview invitations); read-only."""

    list_display = ["filename", "message", "mimetype", "size"]
    list_filter = ["mimetype"]
    list_select_related = ["message"]
    search_fields = ["filename", "message__to_email"]
    fields = ["message", "filename", "mimetype", "size"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The list shows each file's size, never its bytes: leave the content in the database.
        return super().get_queryset(request).defer("content").annotate(content_size=Length("content"))

    @admin.display(description=_("size (bytes)"), ordering="content_size")
    def size(self, obj: MessageAttachment) -> int:
        return obj.content_size

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "event", "created_at", "read_at"]
    list_filter = ["event", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "event", "title", "body", "url", "message", "created_at", "read_at"]

    def has_add_permission(self, request) -> bool:
        return False


# --- wording per event ------------------------------------------------------------------------


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["event", "language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("event")
        if key:
            allowed = {placeholder.name for placeholder in get_event(key).all_placeholders()}
            for field in ("subject", "body"):
                unknown = placeholders_in(cleaned.get(field) or "") - allowed
                if unknown:
                    self.add_error(
                        field,
                        gettext("Unknown placeholders: %(unknown)s. This event offers: %(allowed)s.")
                        % {
                            "unknown": ", ".join(f"{{{{ {name} }}}}" for name in sorted(unknown)),
                            "allowed": ", ".join(f"{{{{ {name} }}}}" for name in sorted(allowed)),
                        },
                    )
        return cleaned


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ["event", "language", "subject", "updated_at", "updated_by"]
    list_filter = ["event", "language"]
    search_fields = ["subject", "body"]
    list_select_related = ["updated_by"]
    readonly_fields = ["placeholders", "preview", "updated_at", "updated_by"]
    change_list_template = "admin/notifications/emailtemplate/change_list.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["event", "language", "subject", "body"]})]
        if obj is not None:
            fieldsets += [
                (_("Placeholders"), {"fields": ["placeholders"]}),
                (_("Preview with example values"), {"fields": ["preview"]}),
                (None, {"fields": ["updated_at", "updated_by"]}),
            ]
        return fieldsets

    def get_changeform_initial_data(self, request):
        """`?event=…&language=…` (from the events page) starts from the built-in wording."""
        initial = super().get_changeform_initial_data(request)
        key, language = initial.get("event"), initial.get("language")
        if key in EVENTS and language in dict(settings.LANGUAGES):
            initial["subject"], initial["body"] = default_wording(event=EVENTS[key], language=language)
        return initial

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("placeholders"))
    def placeholders(self, obj: EmailTemplate) -> str:
        return placeholder_table(get_event(obj.event))

    @admin.display(description=_("preview"))
    def preview(self, obj: EmailTemplate) -> str:
        """The event in every language as recipients would get it now, this wording included."""
        event = get_event(obj.event)
        overrides = {**EmailTemplate.objects.by_language(obj.event), obj.language: obj}
        return format_html_join(
            "",
            "<h3>{}</h3>{}",
            (
                (name, preview_event(event=event, language=code, override=overrides.get(code)))
                for code, name in settings.LANGUAGES
            ),
        )

    def get_urls(self):
        return [
            path("events/", self.admin_site.admin_view(self.events_view), name="notifications_events"),
            path(
                "events/<str:key>/",
                self.admin_site.admin_view(self.event_preview_view),
                name="notifications_event_preview",
            ),
            *super().get_urls(),
        ]

    def events_view(self, request: HttpRequest) -> HttpResponse:
        """Every event with its placeholders, and where the secretariat has its own wording."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        overrides = {(t.event, t.language): t for t in EmailTemplate.objects.all()}
        add_url = reverse("admin:notifications_emailtemplate_add")
        rows = []
        for event in EVENTS.values():
            languages = []
            for code, name in settings.LANGUAGES:
                override = overrides.get((event.key, code))
                if override:
                    link = reverse("admin:notifications_emailtemplate_change", args=[override.pk])
                else:
                    link = f"{add_url}?{urlencode({'event': event.key, 'language': code})}"
                languages.append({"name": name, "override": override, "link": link})
            rows.append({"event": event, "placeholders": placeholder_table(event), "languages": languages})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Notification events"),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/notifications/emailtemplate/events.html", context)

    def event_preview_view(self, request: HttpRequest, key: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if key not in EVENTS:
            raise Http404
        event = EVENTS[key]
        overrides = EmailTemplate.objects.by_language(key)
        previews = [
            (name, preview_event(event=event, language=code, override=overrides.get(code)))
            for code, name in settings.LANGUAGES
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Preview: %(event)s") % {"event": event.name},
            "event": event,
            "previews": previews,
        }
        return TemplateResponse(request, "admin/notifications/emailtemplate/event_preview.html", context)


def placeholder_table(event) -> str:
    return format_html(
        "<table><tbody>{}</tbody></table>",
        format_html_join(
            "",
            "<tr><td><code>{{{{ {} }}}}</code></td><td>{}</td></tr>",
            ((placeholder.name, placeholder.help) for placeholder in event.all_placeholders()),
        ),
    )


def preview_event(*, event, language: str, override=None, context: dict | None = None) -> str:
    values = {
        **(context if context is not None else event.example_context()),
        "recipient_name": "Agus Prasetyo",
        "url": settings.SITE_URL,
        "site_url": settings.SITE_URL,
    }
    rendered = render_email(event=event, language=language, context=values, override=override)
    return email_preview(subject=rendered.subject, html=rendered.html, text=rendered.text)


# --- messages to groups -----------------------------------------------------------------------


def role_choices() -> list[tuple[str, str]]:
    return [*ParticipantRole.choices, *OrganiserRole.choices]


class GroupMessageForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(label=_("Send to"), choices=role_choices, widget=forms.CheckboxSelectMultiple)
    agency_kinds = forms.MultipleChoiceField(
        label=_("Agency types"),
        choices=Agency.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only for Admin Lokal and UPP staff; leave empty for every agency type."),
    )

    class Meta:
        model = GroupMessage
        fields = [
            *["subject_id", "body_id", "subject_en", "body_en"],
            *["roles", "agency_kinds", "provinces", "unforwarded_in"],
        ]
        widgets = {"body_id": forms.Textarea(attrs={"rows": 10}), "body_en": forms.Textarea(attrs={"rows": 10})}

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("subject_en")) != bool(cleaned.get("body_en")):
            raise forms.ValidationError(
                gettext("Write both the English subject and message, or neither (then everyone gets Indonesian).")
            )
        return cleaned


@admin.register(GroupMessage)
class GroupMessageAdmin(admin.ModelAdmin):
    form = GroupMessageForm
    list_display = ["subject_id", "segment", "created_at", "sent_at", "sent_by"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject_id", "subject_en"]
    list_select_related = ["sent_by", "unforwarded_in"]
    filter_horizontal = ["provinces"]
    change_form_template = "admin/notifications/groupmessage/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("provinces")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (_("Segment"), {"fields": ["roles", "agency_kinds", "provinces", "unforwarded_in"]}),
            (_("Message in Indonesian"), {"fields": ["subject_id", "body_id"]}),
            (_("Message in English (optional)"), {"fields": ["subject_en", "body_en"]}),
        ]
        if obj is not None:
            fieldsets.insert(0, (_("Delivery"), {"fields": ["delivery", "created_by", "sent_at", "sent_by"]}))
            fieldsets += [
                (_("Recipients"), {"fields": ["recipient_preview"]}),
                (_("Preview"), {"fields": ["text_preview"]}),
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        computed = ["delivery", "recipient_preview", "text_preview", "created_by", "sent_at", "sent_by"]
        if obj is not None and obj.is_sent:
            # What was sent stays as it was sent.
            return [
                *computed,
                *["roles", "agency_kinds", "provinces", "unforwarded_in"],
                *["subject_id", "body_id", "subject_en", "body_en"],
            ]
        return computed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_sent

    @admin.display(description=_("segment"))
    def segment(self, obj: GroupMessage) -> str:
        roles = dict(role_choices())
        kinds = dict(Agency.Kind.choices)
        text = ", ".join(str(roles.get(role, role)) for role in obj.roles)
        if obj.agency_kinds:
            text += " · " + ", ".join(str(kinds.get(kind, kind)) for kind in obj.agency_kinds)
        provinces = [region.name for region in obj.provinces.all()]
        if provinces:
            text += " · " + ", ".join(provinces)
        if obj.unforwarded_in_id:
            text += " · " + gettext("not yet forwarded in %(edition)s") % {"edition": obj.unforwarded_in}
        return text

    @admin.display(description=_("recipients"))
    def recipient_preview(self, obj: GroupMessage) -> str:
        recipients = group_recipients(obj)
        total = recipients.count()
        shown = recipients[:RECIPIENT_PREVIEW_LIMIT]
        languages = dict(settings.LANGUAGES)
        listing = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((user.full_name, user.email, languages.get(user.language, user.language)) for user in shown),
        )
        more = ""
        if total > RECIPIENT_PREVIEW_LIMIT:
            more = gettext("… and %(count)s more.") % {"count": total - RECIPIENT_PREVIEW_LIMIT}
        return format_html(
            "<p><strong>{}</strong></p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table><p>{}</p>",
            gettext("People in this segment now: %(count)s") % {"count": total},
            gettext("Name"),
            gettext("Email"),
            gettext("Language"),
            listing,
            more,
        )

    @admin.display(description=_("preview"))
    def text_preview(self, obj: GroupMessage) -> str:
        context = {
            "subject": InLanguage(id=obj.subject_id, en=obj.subject_en),
            "body": InLanguage(id=obj.body_id, en=obj.body_en),
        }
        event = get_event("group_message")
        overrides = EmailTemplate.objects.by_language(event.key)
        return format_html_join(
            "",
            "<h3>{}</h3>{}",
            (
                (name, preview_event(event=event, language=code, override=overrides.get(code), context=context))
                for code, name in settings.LANGUAGES
            ),
        )

    @admin.display(description=_("delivery"))
    def delivery(self, obj: GroupMessage) -> str:
        if not obj.is_sent:
            return gettext("Not sent yet.")
        counts = obj.messages.status_counts()
        labels = dict(Message.Status.choices)
        link = reverse("admin:notifications_message_changelist") + f"?group_message__id__exact={obj.pk}"
        return format_html(
            "{} <a href='{}'>{}</a>",
            " · ".join(f"{labels[status]}: {count}" for status, count in counts.items()),
            link,
            gettext("Status per recipient"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/send/",
                self.admin_site.admin_view(self.send_view),
                name="notifications_groupmessage_send",
            ),
            *super().get_urls(),
        ]

    def send_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Confirm (GET) and send (POST) a group message."""
        group_message = get_object_or_404(GroupMessage, pk=pk)
        if not self.has_change_permission(request, group_message):
            raise PermissionDenied
        change_url = reverse("admin:notifications_groupmessage_change", args=[pk])
        if group_message.is_sent:
            self.message_user(request, gettext("This message was already sent."), messages.WARNING)
            return redirect(change_url)
        if request.method == "POST":
            sent = services.send_group_message(group_message=group_message, by=request.user)
            self.message_user(request, gettext("Sent to %(count)s people.") % {"count": len(sent)}, messages.SUCCESS)
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Send this message?"),
            "object": group_message,
            "recipient_count": group_recipients(group_message).count(),
            "segment": self.segment(group_message),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/notifications/groupmessage/send.html", context)
