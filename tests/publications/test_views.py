"""The pages: who may open and download what (a matrix over the fixed cast of roles), the
secretariat's page with live progress, the forms, and query counts of every list."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from competitions.models import Edition, Group
from publications import services
from publications.models import Book, Certificate
from submissions.models import Award, Proposal
from tests.jury.factories import PanelFactory, PanelMemberFactory
from tests.publications.factories import book_of
from tests.showcase.factories import archived_edition
from tests.submissions.factories import InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "secretariat", "evaluator", "panelist", "admin_lokal", "upp_staff", "other_agency_staff"]
LOGIN = "login"  # a redirect to the sign-in page


def expect(response, status: int | str) -> None:
    if status == LOGIN:
        assert response.status_code == 302 and "/akun/login/" in response["Location"], response.status_code
    else:
        assert response.status_code == status, (response.status_code, status)


def awarded_to_agency(edition: Edition, unit, *, title: str, tier: str = Award.Tier.TOP_45):
    """An innovation of the fixture agency's UPP (the upp_staff's unit), awarded in `edition`."""
    innovation = InnovationFactory(unit=unit, title=title)
    ProposalFactory(
        innovation=innovation,
        edition=edition,
        group=edition.groups.get(kind=Group.Kind.UMUM),
        title=title,
        status=Proposal.Status.PASSED,
    )
    Award.objects.create(innovation=innovation, year=edition.year, tier=tier, edition=edition)
    return innovation


def with_file(certificate: Certificate) -> Certificate:
    return services.generate_certificate_file(certificate=certificate)


@pytest.fixture
def agency_certificate(edition, unit):
    innovation = awarded_to_agency(edition, unit, title="Klinik Kependudukan Keliling")
    services.issue_certificates(edition=edition)
    return with_file(Certificate.objects.get(innovation=innovation))


@pytest.fixture
def juror_certificate(edition, evaluator):
    PanelMemberFactory(panel=PanelFactory(edition=edition), user=evaluator)
    services.issue_certificates(edition=edition)
    return with_file(Certificate.objects.get(user=evaluator))


def ready_book(edition: Edition, by, **fields) -> Book:
    """A book as a finished build leaves it (a small PDF stored under the book's name)."""
    book = book_of(edition, by=by, **fields)
    default_storage.save(book.storage_name, ContentFile(b"%PDF-1.7\n% a built book\n"))
    Book.objects.filter(pk=book.pk).update(
        status=Book.Status.READY,
        file=book.storage_name,
        sha256="a" * 64,
        size=24,
        page_count=12,
        entry_count=3,
        generated_at=timezone.now(),
        progress=100,
    )
    book.refresh_from_db()
    return book


# --- Permission matrices -------------------------------------------------------------------------

WINNER_DOWNLOAD = {
    "anonymous": LOGIN,
    "secretariat": 200,
    "evaluator": 404,
    "panelist": 404,
    "admin_lokal": 200,
    "upp_staff": 200,
    "other_agency_staff": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_winner_certificate_download_by_role(as_role, agency_certificate, role):
    client, _user = as_role(role)

    response = client.get(agency_certificate.get_download_url())

    expect(response, WINNER_DOWNLOAD[role])
    if WINNER_DOWNLOAD[role] == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert "private" in response["Cache-Control"]


JUROR_DOWNLOAD = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "secretariat": 200, "evaluator": 200}


@pytest.mark.parametrize("role", ROLES)
def test_juror_certificate_download_by_role(as_role, juror_certificate, role):
    client, _user = as_role(role)

    expect(client.get(juror_certificate.get_download_url()), JUROR_DOWNLOAD[role])


REVOKED_DOWNLOAD = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "secretariat": 200}


@pytest.mark.parametrize("role", ROLES)
def test_a_revoked_certificate_is_downloaded_by_the_secretariat_only(as_role, agency_certificate, secretariat, role):
    services.revoke_certificate(certificate=agency_certificate, by=secretariat, reason="Data palsu.")
    client, _user = as_role(role)

    expect(client.get(agency_certificate.get_download_url()), REVOKED_DOWNLOAD[role])


@pytest.mark.parametrize("role", ROLES)
def test_the_verification_page_is_public(as_role, agency_certificate, role):
    client, _user = as_role(role)

    response = client.get(agency_certificate.get_absolute_url())

    assert response.status_code == 200
    assert "Klinik Kependudukan Keliling" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_book_of_a_public_edition_is_downloaded_by_anyone(as_role, edition, secretariat, role):
    book = ready_book(edition, secretariat)
    client, _user = as_role(role)

    response = client.get(book.get_download_url())

    assert response.status_code == 200
    assert response["ETag"] == f'"{book.sha256}"'
    assert 'filename="top-99-inovasi-pelayanan-publik-2023.pdf"' in response["Content-Disposition"]


UNPUBLISHED_BOOK = {**dict.fromkeys(ROLES, 404), "secretariat": 200}


@pytest.mark.parametrize("role", ROLES)
def test_a_book_before_the_results_are_published_is_the_secretariats(as_role, secretariat, role):
    edition = archived_edition(2026, status=Edition.Status.PUBLISHED)
    book = ready_book(edition, secretariat, title="Top 99 Inovasi Pelayanan Publik 2026")
    client, _user = as_role(role)

    response = client.get(book.get_download_url())

    expect(response, UNPUBLISHED_BOOK[role])
    if response.status_code == 200:
        assert "private" in response["Cache-Control"]


SECRETARIAT_ONLY = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "secretariat": 200}


@pytest.mark.parametrize("role", ROLES)
def test_the_publications_page_of_an_edition_is_the_secretariats(as_role, edition, role):
    client, _user = as_role(role)

    expect(client.get(reverse("publications:manage", args=[edition.slug])), SECRETARIAT_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_book_forms_and_progress_are_the_secretariats(as_role, edition, book, role):
    client, _user = as_role(role)

    for url in (
        reverse("publications:book_create", args=[edition.slug]),
        reverse("publications:book_edit", args=[book.pk]),
        reverse("publications:book_status", args=[book.pk]),
    ):
        expect(client.get(url), SECRETARIAT_ONLY[role])


@pytest.mark.parametrize("role", ROLES)
def test_revoking_is_the_secretariats(as_role, agency_certificate, role):
    client, _user = as_role(role)
    url = reverse("publications:certificate_revoke", args=[agency_certificate.pk])

    expect(client.get(url), SECRETARIAT_ONLY[role])
    response = client.post(url, {"reason": "Data palsu."})

    agency_certificate.refresh_from_db()
    assert agency_certificate.is_revoked == (role == "secretariat")
    expect(response, {**SECRETARIAT_ONLY, "secretariat": 302}[role])


GENERATE = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "secretariat": 302}


@pytest.mark.parametrize("role", ROLES)
def test_generating_is_the_secretariats(as_role, edition, book, role, django_capture_on_commit_callbacks):
    client, _user = as_role(role)

    with django_capture_on_commit_callbacks() as callbacks:
        book_response = client.post(reverse("publications:book_generate", args=[book.pk]))
        certificates_response = client.post(reverse("publications:certificates_generate", args=[edition.slug]))

    book.refresh_from_db()
    expect(book_response, GENERATE[role])
    expect(certificates_response, GENERATE[role])
    assert (book.status == Book.Status.QUEUED) == (role == "secretariat")
    assert len(callbacks) == (2 if role == "secretariat" else 0)


def test_mutations_refuse_get(client, secretariat, book, edition):
    client.force_login(secretariat)

    assert client.get(reverse("publications:book_generate", args=[book.pk])).status_code == 405
    assert client.get(reverse("publications:certificates_generate", args=[edition.slug])).status_code == 405


# --- What the pages show -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin_lokal", ["Klinik Kependudukan Keliling"]),
        ("upp_staff", ["Klinik Kependudukan Keliling"]),
        ("other_agency_staff", []),
        ("evaluator", ["Anggota Tim Evaluasi (TE)"]),
        ("panelist", []),
    ],
)
def test_my_certificates_lists_what_the_person_may_download(
    as_role, agency_certificate, juror_certificate, role, expected
):
    client, _user = as_role(role)

    response = client.get(reverse("publications:my_certificates"))

    rows = response.content.decode().split('class="list-group-item pub-certificate"')[1:]
    assert len(rows) == len(expected)
    for row, text in zip(rows, expected, strict=True):
        assert text in row


def test_the_book_card_polls_while_building_and_stops_when_ready(client, secretariat, book):
    client.force_login(secretariat)
    Book.objects.filter(pk=book.pk).update(status=Book.Status.BUILDING, phase=Book.Phase.LAYOUT, progress=42)

    building = client.get(reverse("publications:book_status", args=[book.pk])).content.decode()
    Book.objects.filter(pk=book.pk).update(status=Book.Status.READY, progress=100)
    ready = client.get(reverse("publications:book_status", args=[book.pk])).content.decode()

    assert 'hx-trigger="every 2s"' in building
    assert 'value="42"' in building and "Menata halaman" in building and "42%" in building
    assert "hx-trigger" not in ready


def test_the_manage_page_shows_checksum_time_and_what_changed_since(client, secretariat, edition):
    book = ready_book(edition, secretariat)
    client.force_login(secretariat)
    book.foreword = "Kata pengantar yang baru."
    services.save_book(book=book, by=secretariat)

    text = client.get(reverse("publications:manage", args=[edition.slug])).content.decode()

    assert "a" * 64 in text
    assert "12 halaman" in text
    assert "Rincian buku berubah setelah PDF ini dibuat" in text


def test_a_wrong_isbn_is_refused_and_what_was_typed_is_kept(client, secretariat, edition):
    client.force_login(secretariat)
    data = {
        "title": "Top 99 Inovasi Pelayanan Publik 2023",
        "title_en": "",
        "isbn": "978-602-1234-56-9",
        "language": "both",
        "grouping": "category",
        "foreword": "Kata pengantar yang panjang.",
        "foreword_en": "",
        "foreword_by": "",
        "colophon": "",
    }

    response = client.post(reverse("publications:book_create", args=[edition.slug]), data)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Digit pemeriksa ISBN ini salah" in text
    assert 'value="978-602-1234-56-9"' in text and "Kata pengantar yang panjang." in text
    assert not Book.objects.exists()


def test_a_book_is_created_for_the_edition(client, secretariat, edition):
    client.force_login(secretariat)
    form = client.get(reverse("publications:book_create", args=[edition.slug])).content.decode()

    response = client.post(
        reverse("publications:book_create", args=[edition.slug]),
        {"title": "Buku Inovasi 2023", "isbn": "9786021234563", "language": "id", "grouping": "agency_kind"},
    )

    assert 'value="Top 99 Inovasi Pelayanan Publik 2023"' in form
    assert response.status_code == 302
    assert Book.objects.values_list("edition", "title", "isbn", "language", "grouping", "status").get() == (
        edition.pk,
        "Buku Inovasi 2023",
        "9786021234563",
        "id",
        "agency_kind",
        "new",
    )


def test_revoking_without_a_reason_is_refused(client, secretariat, agency_certificate):
    client.force_login(secretariat)

    response = client.post(reverse("publications:certificate_revoke", args=[agency_certificate.pk]), {"reason": ""})

    agency_certificate.refresh_from_db()
    assert response.status_code == 200 and not agency_certificate.is_revoked
    assert "Bidang ini tidak boleh kosong." in response.content.decode()


def test_certificates_are_refused_before_the_results_are_published(client, secretariat):
    edition = archived_edition(2026, status=Edition.Status.PUBLISHED)
    client.force_login(secretariat)

    response = client.post(reverse("publications:certificates_generate", args=[edition.slug]), follow=True)

    assert "Sertifikat dapat diterbitkan setelah hasil edisi ini diumumkan." in response.content.decode()
    assert not Certificate.objects.exists()


def test_certificates_are_issued_and_made_from_the_page(
    client, secretariat, edition, unit, django_capture_on_commit_callbacks
):
    awarded_to_agency(edition, unit, title="Klinik Kependudukan Keliling")
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("publications:certificates_generate", args=[edition.slug]), follow=True)

    assert "1 sertifikat; PDF-nya sedang dibuat." in response.content.decode()
    assert Certificate.objects.get().sha256


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_public_index_queries_do_not_grow_with_books(client, secretariat, django_assert_num_queries, count):
    for year in range(2020, 2020 + count):
        ready_book(archived_edition(year), secretariat, title=f"Top 99 Inovasi Pelayanan Publik {year}")

    with django_assert_num_queries(1):
        response = client.get(reverse("publications:index"))

    assert response.content.decode().count('class="list-group-item pub-book"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_manage_queries_do_not_grow_with_certificates_and_books(
    client, secretariat, edition, unit, django_assert_num_queries, count
):
    for index in range(count):
        awarded_to_agency(edition, unit, title=f"Inovasi Layanan {index}")
        ready_book(edition, secretariat, title=f"Buku {index}")
    services.issue_certificates(edition=edition)
    client.force_login(secretariat)

    with django_assert_num_queries(10):
        response = client.get(reverse("publications:manage", args=[edition.slug]))

    text = response.content.decode()
    assert text.count('<tr class="pub-certificate') == count
    assert text.count('class="card mb-3 pub-book-card"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_my_certificates_queries_do_not_grow(client, admin_lokal, edition, unit, django_assert_num_queries, count):
    for index in range(count):
        awarded_to_agency(edition, unit, title=f"Inovasi Layanan {index}")
    services.issue_certificates(edition=edition)
    client.force_login(admin_lokal)

    with django_assert_num_queries(6):
        response = client.get(reverse("publications:my_certificates"))

    assert response.content.decode().count('class="list-group-item pub-certificate"') == count
