import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from competitions.models import Edition, Group
from showcase import caching, services
from showcase.models import ProfileEvent, PublicProfile, ShowcasePhoto, ShowcaseRelease
from submissions.models import Attachment, Award, Proposal
from tests.showcase.factories import archived_edition, awarded_innovation, jpeg, publish_edition, published_profile

pytestmark = pytest.mark.django_db
S = PublicProfile.Status


def test_draft_profiles_for_prefills_from_the_proposal(edition, secretariat, surabaya):
    innovation = awarded_innovation(
        edition=edition,
        title="Klinik Kependudukan Keliling",
        agency=surabaya,
        unit_name="Dinas Kependudukan dan Pencatatan Sipil",
        summary="Petugas mendatangi warga di kelurahan.",
        photo=True,
    )

    profiles = services.draft_profiles_for(edition=edition, by=secretariat)

    profile = PublicProfile.objects.get(innovation=innovation)
    assert profiles == [profile]
    assert profile.status == S.DRAFT
    assert profile.title == "Klinik Kependudukan Keliling"
    assert profile.slug == "klinik-kependudukan-keliling"
    assert profile.summary == "Petugas mendatangi warga di kelurahan."
    assert (profile.contact_name, profile.contact_email) == (
        "Dinas Kependudukan dan Pencatatan Sipil",
        "inovasi@example.go.id",
    )
    assert profile.photos.count() == 1
    assert profile.cover == profile.photos.get()
    assert list(profile.events.values_list("to_status", "actor")) == [(S.DRAFT, secretariat.pk)]


def test_draft_profiles_for_keeps_the_text_of_an_existing_profile(edition, secretariat):
    innovation = awarded_innovation(edition=edition, title="Sapa Warga")
    services.draft_profiles_for(edition=edition, by=secretariat)
    PublicProfile.objects.filter(innovation=innovation).update(summary="Teks yang sudah disunting.")

    services.draft_profiles_for(edition=edition, by=secretariat)

    assert PublicProfile.objects.get(innovation=innovation).summary == "Teks yang sudah disunting."
    assert PublicProfile.objects.count() == 1


def test_refresh_profile_copies_region_category_group_sdgs_and_awards(edition, secretariat, jayawijaya):
    innovation = awarded_innovation(
        edition=edition,
        title="Honai Adminduk",
        agency=jayawijaya,
        tier=Award.Tier.OUTSTANDING,
        category="Administrasi Kependudukan",
        sdgs=(16, 10),
    )

    services.draft_profiles_for(edition=edition, by=secretariat)

    profile = PublicProfile.objects.get(innovation=innovation)
    assert (profile.province_code, profile.province_name, profile.region_name) == (
        "95",
        "Papua Pegunungan",
        "Kabupaten Jayawijaya",
    )
    assert (profile.is_eastern, profile.is_3t, profile.agency_kind) == (True, True, "kabupaten")
    assert (profile.category_name, profile.group_kind) == ("Administrasi Kependudukan", Group.Kind.UMUM)
    assert (profile.best_tier, profile.latest_year) == (Award.Tier.OUTSTANDING, 2023)
    assert profile.sdg_list == [10, 16]
    assert sorted(profile.awards.values_list("tier", flat=True)) == [Award.Tier.OUTSTANDING, Award.Tier.TOP_99]


def test_approve_profile_needs_a_summary(edition, secretariat):
    innovation = awarded_innovation(edition=edition, title="Tanpa Ringkasan", summary="")
    services.draft_profiles_for(edition=edition, by=secretariat)
    profile = PublicProfile.objects.get(innovation=innovation)

    with pytest.raises(ValidationError):
        services.approve_profile(profile=profile, by=secretariat)

    profile.refresh_from_db()
    assert profile.status == S.DRAFT


def test_approve_profile_records_who_and_when(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    profile = services.draft_profiles_for(edition=edition, by=secretariat)[0]

    services.approve_profile(profile=profile, by=secretariat)

    profile.refresh_from_db()
    assert (profile.status, profile.approved_by) == (S.APPROVED, secretariat)
    assert profile.approved_at is not None


def test_transition_profile_refuses_publishing_a_draft(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    profile = services.draft_profiles_for(edition=edition, by=secretariat)[0]

    with pytest.raises(ValidationError):
        services.transition_profile(profile=profile, to=S.PUBLISHED, by=secretariat)

    profile.refresh_from_db()
    assert profile.status == S.DRAFT


def test_publish_profiles_publishes_approved_profiles_only(edition, secretariat):
    approved = awarded_innovation(edition=edition, title="Disetujui")
    unapproved = awarded_innovation(edition=edition, title="Belum Disetujui")
    services.draft_profiles_for(edition=edition, by=secretariat)
    services.approve_profile(profile=PublicProfile.objects.get(innovation=approved), by=secretariat)

    count = services.publish_profiles(edition=edition, by=secretariat)

    assert count == 1
    assert list(PublicProfile.objects.published().values_list("innovation", flat=True)) == [approved.pk]
    assert PublicProfile.objects.get(innovation=unapproved).status == S.DRAFT
    assert ShowcaseRelease.objects.get(edition=edition).published_by == secretariat


def test_publish_profiles_twice_changes_nothing_more(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    publish_edition(edition, secretariat)

    count = services.publish_profiles(edition=edition, by=secretariat)

    assert count == 0
    assert ShowcaseRelease.objects.count() == 1
    assert ProfileEvent.objects.filter(to_status=S.PUBLISHED).count() == 1


def test_awards_of_an_unpublished_edition_stay_hidden_until_publish_profiles(edition, secretariat):
    profile = published_profile(edition, secretariat, title="Sahabat Ibu Hamil", tier=Award.Tier.TOP_99)
    running = archived_edition(2026, status=Edition.Status.PUBLISHED)
    Award.objects.create(innovation=profile.innovation, year=2026, tier=Award.Tier.KHUSUS_FINALIST, edition=running)

    services.draft_profiles_for(edition=running, by=secretariat)
    profile.refresh_from_db()
    before = (profile.latest_year, list(profile.awards.values_list("year", flat=True)))
    services.publish_profiles(edition=running, by=secretariat)
    profile.refresh_from_db()

    assert before == (2023, [2023])
    assert profile.latest_year == 2026
    assert sorted(profile.awards.values_list("year", flat=True)) == [2023, 2026]
    assert profile.status == S.PUBLISHED


def test_replication_links_point_both_ways(edition, secretariat):
    original = awarded_innovation(edition=edition, title="Honai Adminduk")
    later = archived_edition(2024)
    awarded_innovation(edition=later, title="Replikasi Honai", group_kind=Group.Kind.REPLIKASI, replicates=original)
    publish_edition(edition, secretariat)

    publish_edition(later, secretariat)

    original_profile = PublicProfile.objects.get(innovation=original)
    replica = PublicProfile.objects.get(title="Replikasi Honai")
    assert original_profile.is_replicated is True
    assert [(e["direction"], e["title"], e["profile"]) for e in original_profile.replications] == [
        ("by", "Replikasi Honai", replica.pk)
    ]
    assert [(e["direction"], e["title"], e["profile"]) for e in replica.replications] == [
        ("of", "Honai Adminduk", original_profile.pk)
    ]
    assert replica.is_replicated is False


def test_a_replication_still_in_judging_is_not_listed(edition, secretariat):
    original = published_profile(edition, secretariat, title="Honai Adminduk").innovation
    running = archived_edition(2026, status=Edition.Status.PUBLISHED)
    awarded_innovation(
        edition=running,
        title="Replikasi yang Belum Dinilai",
        group_kind=Group.Kind.REPLIKASI,
        replicates=original,
        status=Proposal.Status.PASSED,
        award=False,
    )

    services.refresh_profiles(innovations=[original])

    assert PublicProfile.objects.get(innovation=original).replications == []


def test_withdraw_profile_takes_it_off_the_public_site(edition, secretariat):
    profile = published_profile(edition, secretariat, title="Sapa Warga")

    services.withdraw_profile(profile=profile, by=secretariat, note="Penghargaan dicabut.")

    profile.refresh_from_db()
    assert profile.status == S.DRAFT
    assert not PublicProfile.objects.published().exists()
    assert profile.events.last().note == "Penghargaan dicabut."


def test_publication_makes_stored_pages_stale(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    before = caching.current_version()

    publish_edition(edition, secretariat)

    assert caching.current_version() > before


def test_add_photo_from_an_upload_is_downsized_and_stripped(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    profile = services.draft_profiles_for(edition=edition, by=secretariat)[0]
    big = Image.new("RGB", (3200, 2400), (20, 108, 67))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    buffer = io.BytesIO()
    big.save(buffer, "JPEG", exif=exif)
    buffer.seek(0)

    photo = services.add_photo(profile=profile, by=secretariat, upload=buffer, caption="Pelayanan")

    with photo.image.open("rb") as stored:
        image = Image.open(stored)
        assert max(image.size) == 1600
        assert not image.getexif()
    assert (photo.thumbnail_width, photo.thumbnail_height) == (480, 360)
    profile.refresh_from_db()
    assert profile.cover == photo


def test_add_photo_refuses_a_file_of_another_innovation(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    other = awarded_innovation(edition=edition, title="Lain", photo=True)
    profile = PublicProfile.objects.get(pk=services.draft_profiles_for(edition=edition, by=secretariat)[0].pk)
    if profile.innovation_id == other.pk:
        profile = PublicProfile.objects.exclude(innovation=other).get()
    foreign = Attachment.objects.get(proposal__innovation=other)

    with pytest.raises(ValidationError):
        services.add_photo(profile=profile, by=secretariat, attachment=foreign)

    assert not profile.photos.exists()


def test_add_photo_refuses_a_file_that_is_not_a_photo(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    profile = services.draft_profiles_for(edition=edition, by=secretariat)[0]

    with pytest.raises(ValidationError):
        services.add_photo(profile=profile, by=secretariat, upload=io.BytesIO(b"%PDF-1.4 bukan foto"))

    assert ShowcasePhoto.objects.count() == 0


def test_remove_photo_makes_the_next_photo_the_cover(edition, secretariat):
    awarded_innovation(edition=edition, title="Sapa Warga")
    profile = services.draft_profiles_for(edition=edition, by=secretariat)[0]
    first = services.add_photo(profile=profile, by=secretariat, upload=io.BytesIO(jpeg()))
    second = services.add_photo(profile=profile, by=secretariat, upload=io.BytesIO(jpeg((0, 0, 255))))

    services.remove_photo(photo=first, by=secretariat)

    profile.refresh_from_db()
    assert profile.cover == second
    assert list(profile.photos.all()) == [second]


def test_set_cover_refuses_a_photo_of_another_profile(edition, secretariat):
    awarded_innovation(edition=edition, title="Satu")
    awarded_innovation(edition=edition, title="Dua")
    one, two = services.draft_profiles_for(edition=edition, by=secretariat)
    photo = services.add_photo(profile=two, by=secretariat, upload=io.BytesIO(jpeg()))

    with pytest.raises(ValidationError):
        services.set_cover(profile=one, photo=photo, by=secretariat)

    one.refresh_from_db()
    assert one.cover is None
