import io

import pytest
from django.urls import reverse

from showcase.models import PublicProfile, ShowcaseRelease
from submissions.models import Attachment
from tests.showcase.factories import awarded_innovation, jpeg, published_profile

pytestmark = pytest.mark.django_db


def _form_data(profile: PublicProfile, **changes) -> dict:
    data = {
        "title": profile.title,
        "title_en": profile.title_en,
        "slug": profile.slug,
        "summary": profile.summary,
        "summary_en": profile.summary_en,
        "contact_name": profile.contact_name,
        "contact_email": profile.contact_email,
        "contact_phone": profile.contact_phone,
        "video_url": profile.video_url,
        "cover": profile.cover_id or "",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["anonymous", "upp_staff", "evaluator"])
def test_editorial_desk_is_closed_to_others(as_role, role, edition, secretariat):
    profile = published_profile(edition, secretariat, title="Sapa Warga")
    client, _user = as_role(role)

    response = client.get(reverse("admin:showcase_publicprofile_change", args=[profile.pk]))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editing_a_published_profile_shows_on_the_site_at_once(admin_client, client, edition, secretariat):
    profile = published_profile(edition, secretariat, title="Sapa Warga")
    client.get(profile.get_absolute_url())  # stored in the cache

    response = admin_client.post(
        reverse("admin:showcase_publicprofile_change", args=[profile.pk]),
        _form_data(profile, summary="Ringkasan yang sudah disunting sekretariat.", summary_en="Edited summary."),
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.summary, profile.summary_en) == ("Ringkasan yang sudah disunting sekretariat.", "Edited summary.")
    assert "Ringkasan yang sudah disunting sekretariat." in client.get(profile.get_absolute_url()).content.decode()


def test_choosing_a_proposal_photo_adds_a_public_copy(admin_client, edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga", photo=True)
    admin_client.post(reverse("admin:showcase_publicprofile_edition"), {"edition": edition.pk, "draft": "1"})
    profile = PublicProfile.objects.get()
    profile.photos.all().delete()
    PublicProfile.objects.filter(pk=profile.pk).update(cover=None)
    profile.refresh_from_db()
    attachment = Attachment.objects.get()

    response = admin_client.post(
        reverse("admin:showcase_publicprofile_change", args=[profile.pk]),
        _form_data(profile, add_from_proposal=[attachment.pk]),
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photos.get().source == attachment
    assert profile.cover == profile.photos.get()


def test_uploading_a_photo_in_the_admin_adds_it(admin_client, edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    admin_client.post(reverse("admin:showcase_publicprofile_edition"), {"edition": edition.pk, "draft": "1"})
    profile = PublicProfile.objects.get()
    upload = io.BytesIO(jpeg())
    upload.name = "kegiatan.jpg"

    admin_client.post(
        reverse("admin:showcase_publicprofile_change", args=[profile.pk]), _form_data(profile, upload=upload)
    )

    assert profile.photos.count() == 1


def test_the_change_page_previews_the_proposal_photos(admin_client, edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga", photo=True)
    admin_client.post(reverse("admin:showcase_publicprofile_edition"), {"edition": edition.pk, "draft": "1"})
    profile = PublicProfile.objects.get()
    attachment = Attachment.objects.get()

    text = admin_client.get(reverse("admin:showcase_publicprofile_change", args=[profile.pk])).content.decode()

    assert reverse("submissions:attachment_thumbnail", args=[attachment.proposal_id, attachment.pk]) in text
    assert profile.photos.get().thumbnail_url in text


def test_edition_tools_draft_then_approve_action_then_publish(admin_client, client, edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    awarded_innovation(edition=edition, title="Belum Siap", summary="")
    tools = reverse("admin:showcase_publicprofile_edition")

    admin_client.post(tools, {"edition": edition.pk, "draft": "1"})
    admin_client.post(
        reverse("admin:showcase_publicprofile_changelist"),
        {"action": "approve", "_selected_action": list(PublicProfile.objects.values_list("pk", flat=True))},
    )
    admin_client.post(tools, {"edition": edition.pk, "publish": "1"})

    statuses = dict(PublicProfile.objects.values_list("title", "status"))
    assert statuses == {"Sapa Warga": "published", "Belum Siap": "draft"}
    assert ShowcaseRelease.objects.filter(edition=edition).exists()
    assert "Sapa Warga" in client.get(reverse("showcase:index")).content.decode()


def test_withdraw_action_takes_a_profile_off_the_site(admin_client, client, edition, secretariat):
    profile = published_profile(edition, secretariat, title="Sapa Warga")

    admin_client.post(
        reverse("admin:showcase_publicprofile_changelist"), {"action": "withdraw", "_selected_action": [profile.pk]}
    )

    profile.refresh_from_db()
    assert profile.status == PublicProfile.Status.DRAFT
    assert client.get(profile.get_absolute_url()).status_code == 404
