"""The secretariat's admin pages: outbox, wording per event with preview, messages to groups."""

import pytest
from django.urls import reverse

from notifications import services
from notifications.events import EVENTS
from notifications.models import EmailTemplate, GroupMessage, Message
from tests import factories

pytestmark = pytest.mark.django_db

CONTEXT = {"agency": "Pemerintah Kota Surabaya"}


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:notifications_message_changelist"),
        reverse("admin:notifications_emailtemplate_changelist"),
        reverse("admin:notifications_events"),
        reverse("admin:notifications_groupmessage_add"),
    ],
)
def test_admin_pages_are_for_staff_only(client, url):
    client.force_login(factories.UserFactory())

    response = client.get(url)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_outbox_list_filters_by_status_and_searches_by_email(admin_client):
    services.notify(event="agency_verified", recipients=["dewi@example.test", "agus@example.test"], context=CONTEXT)
    Message.objects.filter(to_email="agus@example.test").update(status=Message.Status.FAILED, last_error="boom")

    failed = admin_client.get(reverse("admin:notifications_message_changelist") + "?status__exact=failed")
    found = admin_client.get(reverse("admin:notifications_message_changelist") + "?q=dewi")

    assert list(failed.context["cl"].queryset) == list(Message.objects.filter(to_email="agus@example.test"))
    assert list(found.context["cl"].queryset) == list(Message.objects.filter(to_email="dewi@example.test"))


def test_outbox_message_page_shows_the_email(admin_client):
    (message,) = services.notify(event="agency_verified", recipients=["dewi@example.test"], context=CONTEXT)

    response = admin_client.get(reverse("admin:notifications_message_change", args=[message.pk]))

    content = response.content.decode()
    assert "<iframe sandbox srcdoc=" in content
    assert "Pemerintah Kota Surabaya telah terverifikasi di SiNovik" in content


def test_retry_action_queues_failed_messages_again(admin_client):
    (message,) = services.notify(event="agency_verified", recipients=["dewi@example.test"], context=CONTEXT)
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, attempts=8)

    admin_client.post(
        reverse("admin:notifications_message_changelist"), {"action": "retry", "_selected_action": [message.pk]}
    )

    message.refresh_from_db()
    assert message.attempts in (0, 1)  # 1 when Celery is eager and the queued task already sent it
    assert message.status in (Message.Status.PENDING, Message.Status.SENT)


def test_events_page_lists_every_event_with_links_to_write_wording(admin_client):
    response = admin_client.get(reverse("admin:notifications_events"))

    content = response.content.decode()
    for key in EVENTS:
        assert f"<code>{key}</code>" in content
    assert "?event=invitation&amp;language=en" in content


def test_new_wording_starts_from_the_built_in_one_with_placeholders(admin_client):
    response = admin_client.get(reverse("admin:notifications_emailtemplate_add") + "?event=agency_rejected&language=id")

    form = response.context["adminform"].form
    assert form.initial["subject"] == "Permohonan akun SiNovik untuk {{ agency }} tidak disetujui"
    assert "Alasan:\n{{ reason }}" in form.initial["body"]


def test_wording_with_an_unknown_placeholder_is_refused_and_kept(admin_client):
    data = {"event": "agency_rejected", "language": "id", "subject": "Ditolak: {{ instansi }}", "body": "{{ reason }}"}

    response = admin_client.post(reverse("admin:notifications_emailtemplate_add"), data)

    assert EmailTemplate.objects.count() == 0
    content = response.content.decode()
    assert "{{ instansi }}" in content
    assert "Unknown placeholders" in content or "Placeholder tidak dikenal" in content


def test_saved_wording_is_previewed_in_both_languages(admin_client):
    data = {
        "event": "agency_rejected",
        "language": "id",
        "subject": "Ditolak: {{ agency }}",
        "body": "Karena {{ reason }}",
    }

    admin_client.post(reverse("admin:notifications_emailtemplate_add"), data)
    template = EmailTemplate.objects.get()
    response = admin_client.get(reverse("admin:notifications_emailtemplate_change", args=[template.pk]))

    content = response.content.decode()
    assert template.updated_by.is_superuser
    assert "Ditolak: Pemerintah Kota Surabaya" in content
    assert "The SiNovik account request for Pemerintah Kota Surabaya was not approved" in content
    assert "Karena Surat belum ditandatangani." in content


def test_group_message_flow_previews_recipients_then_sends_once(admin_client, admin_lokal):
    add = admin_client.post(
        reverse("admin:notifications_groupmessage_add"),
        {"roles": ["admin_lokal"], "subject_id": "Batas waktu", "body_id": "Segera teruskan proposal."},
    )
    group = GroupMessage.objects.get()
    change_url = reverse("admin:notifications_groupmessage_change", args=[group.pk])
    send_url = reverse("admin:notifications_groupmessage_send", args=[group.pk])

    change = admin_client.get(change_url).content.decode()
    confirm = admin_client.get(send_url).content.decode()
    admin_client.post(send_url)
    admin_client.post(send_url)
    after = admin_client.get(change_url).content.decode()

    assert add.status_code == 302
    assert admin_lokal.email in change
    assert "Segera teruskan proposal." in change
    assert "Penerima: 1" in confirm
    assert Message.objects.get().recipient == admin_lokal
    assert Message.objects.get().group_message == group
    assert "?group_message__id__exact=" in after
    per_recipient = admin_client.get(
        reverse("admin:notifications_message_changelist") + f"?group_message__id__exact={group.pk}"
    )
    assert list(per_recipient.context["cl"].queryset) == list(Message.objects.all())


def test_group_message_needs_a_role_and_both_english_fields_or_neither(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_groupmessage_add"),
        {"roles": [], "subject_id": "Batas waktu", "body_id": "Isi.", "subject_en": "Deadline"},
    )

    assert GroupMessage.objects.count() == 0
    form = response.context["adminform"].form
    assert "roles" in form.errors
    assert form.non_field_errors()
