"""The public competition pages: list, edition page, document downloads."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.models import Edition, Stage
from competitions.timing import end_of_day_wib, start_of_day_wib, wib_date
from tests.competitions.factories import (
    AnnouncementFactory,
    AttachmentTypeFactory,
    CategoryFactory,
    EditionDocumentFactory,
    EditionFactory,
    FormSectionFactory,
    GroupFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db
K = Stage.Kind
ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]


def around_today(edition: Edition) -> None:
    """Registration closed, proposal entry open until 23:59:59 WIB in 10 days, screening after."""
    today = wib_date(timezone.now())
    for kind, first, last in [
        (K.AGENCY_REGISTRATION, -30, -11),
        (K.PROPOSAL_ENTRY, -10, 10),
        (K.ADMINISTRATIVE_SCREENING, 11, 20),
    ]:
        StageFactory(
            edition=edition, kind=kind, first_day=today + timedelta(days=first), last_day=today + timedelta(days=last)
        )


@pytest.fixture
def open_edition(edition):
    """The secretariat's published edition with proposal entry open now, and something in each section."""
    around_today(edition)
    umum = GroupFactory(edition=edition, name="Kelompok Umum", quota_per_agency=10, minimum_age_years=2)
    GroupFactory(edition=edition, name="Kelompok Khusus", quota_per_agency=1, by_invitation=True, order=2)
    FormSectionFactory(group=umum, title="Ringkasan", word_limit=200)
    AttachmentTypeFactory(edition=edition, name="Surat Pernyataan Implementasi", max_size_kb=2048)
    CategoryFactory(edition=edition, name="Pelayanan Kesehatan", name_en="Health Services")
    EditionDocumentFactory(edition=edition, title="Petunjuk Teknis KIPP 2026")
    AnnouncementFactory(edition=edition, number="B/187/PP.00.05/2026", title="Peluncuran KIPP 2026")
    return edition


@pytest.fixture
def draft_edition(edition):
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
    edition.refresh_from_db()
    return edition


# Who sees what


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_a_published_edition(as_role, open_edition, role):
    client, _user = as_role(role)

    response = client.get(reverse("competitions:detail", kwargs={"slug": "kipp-2026"}))

    assert response.status_code == 200
    assert "Kompetisi Inovasi Pelayanan Publik 2026" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [(role, 200 if role == "secretariat" else 404) for role in ROLES])
def test_a_draft_exists_only_for_its_secretariat(as_role, draft_edition, role, status):
    client, _user = as_role(role)

    response = client.get(reverse("competitions:detail", kwargs={"slug": draft_edition.slug}))

    assert response.status_code == status
    if status == 200:
        assert "Hanya sekretariat yang dapat melihat halaman ini" in response.content.decode()


def test_a_draft_is_hidden_from_another_organisers_secretariat(client, secretariat):
    other = EditionFactory(organiser__name="Pemerintah Provinsi Jawa Timur", status=Edition.Status.DRAFT, slug="jatim")
    client.force_login(secretariat)

    assert client.get(reverse("competitions:detail", kwargs={"slug": other.slug})).status_code == 404
    assert "jatim" not in client.get(reverse("competitions:list")).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_drafts_to_their_secretariat_only(as_role, open_edition, role):
    EditionFactory(organiser=open_edition.organiser, status=Edition.Status.DRAFT, name="KIPP Draf 2027", year=2027)
    client, _user = as_role(role)

    html = client.get(reverse("competitions:list")).content.decode()

    assert "Kompetisi Inovasi Pelayanan Publik 2026" in html
    assert ("KIPP Draf 2027" in html) is (role == "secretariat")


def test_unknown_edition_is_404(client):
    assert client.get(reverse("competitions:detail", kwargs={"slug": "tidak-ada"})).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_public_pages_refuse_writes(client, open_edition, method):
    response = getattr(client, method)(reverse("competitions:detail", kwargs={"slug": open_edition.slug}))

    assert response.status_code == 405


# What the edition page says


def test_edition_page_highlights_the_open_stage_with_a_countdown(client, open_edition):
    html = client.get(open_edition.get_absolute_url()).content.decode()

    closes = end_of_day_wib(wib_date(timezone.now()) + timedelta(days=10))
    assert html.count('aria-current="step"') == 1
    assert '<li class="timeline-item is-open" aria-current="step">' in html
    assert "Pengisian proposal" in html and "Sedang dibuka" in html
    assert f"Ditutup {closes.astimezone(closes.tzinfo).day} " in html
    assert "23:59 WIB" in html
    # Ten days and some hours from now, counted on the server.
    assert "hari" in html and " lagi</p>" in html
    assert f'data-until="{(closes + timedelta(seconds=1)).isoformat()}"' in html
    assert closes.isoformat().endswith("+07:00")


def test_edition_page_shows_groups_with_quota_minimum_age_and_form(client, open_edition):
    html = client.get(open_edition.get_absolute_url()).content.decode()

    latest_start = (
        end_of_day_wib(wib_date(timezone.now()) + timedelta(days=10))
        .date()
        .replace(year=wib_date(timezone.now() + timedelta(days=10)).year - 2)
    )
    assert "Kelompok Umum" in html and "10 proposal" in html and "2 tahun" in html
    assert f"diterapkan paling lambat {latest_start.day} " in html
    assert "Kelompok Khusus" in html and "Hanya dengan undangan" in html
    assert "Ringkasan" in html and ">200<" in html
    assert "Surat Pernyataan Implementasi" in html and "paling besar 2,0" in html


def test_edition_page_lists_categories_documents_and_announcements(client, open_edition):
    document = open_edition.documents.get()

    html = client.get(open_edition.get_absolute_url()).content.decode()

    assert "Pelayanan Kesehatan" in html
    assert reverse("competitions:document", kwargs={"slug": open_edition.slug, "pk": document.pk}) in html
    assert "Petunjuk Teknis KIPP 2026" in html
    assert "B/187/PP.00.05/2026" in html and "Peluncuran KIPP 2026" in html


def test_scheduled_announcements_and_private_documents_stay_hidden_from_the_public(client, secretariat, open_edition):
    AnnouncementFactory(edition=open_edition, title="Hasil Seleksi", published_at=timezone.now() + timedelta(days=3))
    EditionDocumentFactory(edition=open_edition, title="Daftar Penilai", is_public=False)

    public = client.get(open_edition.get_absolute_url()).content.decode()
    client.force_login(secretariat)
    staff = client.get(open_edition.get_absolute_url()).content.decode()

    assert "Hasil Seleksi" not in public and "Daftar Penilai" not in public
    assert "Hasil Seleksi" in staff and "Terjadwal" in staff
    assert "Daftar Penilai" in staff and "Khusus sekretariat" in staff


def test_extended_stage_shows_its_original_deadline_and_reason(client, open_edition, secretariat):
    from competitions.services import extend_stage

    entry = open_edition.stage_of(K.PROPOSAL_ENTRY)
    extend_stage(
        stage=entry,
        new_end=entry.ends_at + timedelta(days=2),
        reason="Gangguan sistem",
        by=secretariat,
        shift_following=True,
    )

    html = client.get(open_edition.get_absolute_url()).content.decode()

    assert "Diperpanjang; semula ditutup" in html and "Gangguan sistem" in html


def test_edition_page_in_english_shows_english_content_and_marks_indonesian_fallback(client, open_edition):
    response = client.get("/en" + open_edition.get_absolute_url())

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Proposal entry" in html and "Open now" in html and "days" in html
    assert '<span lang="en">Health Services</span>' in html
    assert '<h3 id="group-' in html and 'lang="id">Kelompok Umum</h3>' in html


def test_edition_page_before_and_after_the_schedule(client, edition):
    today = wib_date(timezone.now())
    StageFactory(edition=edition, first_day=today + timedelta(days=5), last_day=today + timedelta(days=20))

    upcoming = client.get(edition.get_absolute_url()).content.decode()
    Stage.objects.filter(edition=edition).update(
        starts_at=start_of_day_wib(today - timedelta(days=20)), ends_at=end_of_day_wib(today - timedelta(days=5))
    )
    finished = client.get(edition.get_absolute_url()).content.decode()

    assert "Dibuka" in upcoming and "Berikutnya" in upcoming
    assert "Penyelenggaraan ini telah selesai." in finished


def test_pages_have_no_inline_script_or_style(client, open_edition):
    for url in (reverse("competitions:list"), open_edition.get_absolute_url()):
        html = client.get(url).content.decode()

        assert "<script>" not in html and "style=" not in html
        assert "js/competitions.js" in html
        assert '<script id="countdown-texts" type="application/json">' in html


# Downloads


@pytest.mark.parametrize("role", ROLES)
def test_public_document_downloads_for_everyone(as_role, open_edition, role):
    document = open_edition.documents.get()
    client, _user = as_role(role)

    response = client.get(reverse("competitions:document", kwargs={"slug": open_edition.slug, "pk": document.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 petunjuk teknis"


@pytest.mark.parametrize(("role", "status"), [(role, 200 if role == "secretariat" else 404) for role in ROLES])
def test_private_document_downloads_for_the_secretariat_only(as_role, edition, role, status):
    document = EditionDocumentFactory(edition=edition, is_public=False)
    client, _user = as_role(role)

    response = client.get(reverse("competitions:document", kwargs={"slug": edition.slug, "pk": document.pk}))

    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), [(role, 200 if role == "secretariat" else 404) for role in ROLES])
def test_documents_of_a_draft_download_for_the_secretariat_only(as_role, draft_edition, role, status):
    document = EditionDocumentFactory(edition=draft_edition)
    client, _user = as_role(role)

    response = client.get(reverse("competitions:document", kwargs={"slug": draft_edition.slug, "pk": document.pk}))

    assert response.status_code == status


def test_document_of_another_edition_is_404(client, open_edition):
    other = EditionDocumentFactory(edition=EditionFactory())

    response = client.get(reverse("competitions:document", kwargs={"slug": open_edition.slug, "pk": other.pk}))

    assert response.status_code == 404


def test_announcement_letter_downloads_once_published(client, open_edition):
    from django.core.files.base import ContentFile

    announcement = AnnouncementFactory(edition=open_edition, published_at=timezone.now() + timedelta(days=1))
    announcement.file.save("surat.pdf", ContentFile(b"%PDF-1.4 surat"))
    url = reverse("competitions:announcement_letter", kwargs={"slug": open_edition.slug, "pk": announcement.pk})

    before = client.get(url)
    type(announcement).objects.filter(pk=announcement.pk).update(published_at=timezone.now())
    after = client.get(url)

    assert before.status_code == 404
    assert after.status_code == 200 and b"".join(after.streaming_content) == b"%PDF-1.4 surat"


def test_missing_file_on_disk_is_404_not_500(client, open_edition):
    document = open_edition.documents.get()
    document.file.storage.delete(document.file.name)

    response = client.get(reverse("competitions:document", kwargs={"slug": open_edition.slug, "pk": document.pk}))

    assert response.status_code == 404


# Queries


def make_editions(count: int) -> None:
    for index in range(count):
        edition = EditionFactory(slug=f"kipp-{index}", year=2020 + index)
        around_today(edition)


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow_with_editions(client, django_assert_num_queries, count):
    make_editions(count)

    with django_assert_num_queries(2):
        response = client.get(reverse("competitions:list"))

    assert response.content.decode().count('<article class="edition-card') == count


@pytest.mark.parametrize("count", [1, 3])
def test_edition_page_queries_do_not_grow_with_its_content(client, django_assert_num_queries, count):
    edition = EditionFactory(slug="kipp-q")
    around_today(edition)
    for index in range(count):
        group = GroupFactory(edition=edition, name=f"Kelompok {index}")
        FormSectionFactory(group=group)
        AttachmentTypeFactory(edition=edition, group=group)
        CategoryFactory(edition=edition)
        EditionDocumentFactory(edition=edition)
        AnnouncementFactory(edition=edition)

    # The edition, its stages and their extensions, attachment types, groups and their sections,
    # categories, documents and announcements.
    with django_assert_num_queries(9):
        response = client.get(edition.get_absolute_url())

    assert response.content.decode().count('class="group-card') == count
