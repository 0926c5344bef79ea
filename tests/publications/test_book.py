"""What the book says and how it is made: contents with page numbers that point at the entries,
every title found by pdftotext, fonts embedded, chapters, languages, photos downscaled once."""

import base64
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from publications import selectors
from publications.models import Book, PrintImage
from publications.qr import STORED, qr_data_uri, qr_svg, stored_qr_data_uri
from showcase.models import PublicProfile, ShowcasePhoto
from tests.publications.factories import flat, fonts_of, pages_of, toc_page_numbers

pytestmark = pytest.mark.django_db


def test_book_contents_list_every_entry_with_the_page_it_starts_on(built, winners):
    pages = pages_of(built.file.path)
    titles = [profile.title for profile in winners]

    numbers = toc_page_numbers(pages, titles, heading="Daftar Isi", until="BAB / CHAPTER 1")

    assert set(numbers) == set(titles)
    for title, number in numbers.items():
        assert flat(title) in flat(pages[number - 1]), f"page {number} does not show {title}"
    assert built.page_count == len(pages)


def test_book_prints_every_entry_once_with_its_facts_and_showcase_address(built, winners):
    text = flat(" ".join(pages_of(built.file.path)))

    for profile in winners:
        assert flat(profile.title) in text
        assert f"{settings.SITE_URL}{profile.get_absolute_url()}" in text.replace(" ", "")
    assert "Honai Adminduk: Civil Registration in the Baliem Valley" in text
    assert "Outstanding Achievement" in text
    assert "Kabupaten Jayawijaya, Papua" in text or "Kabupaten Jayawijaya, Papua Pegunungan" in text
    assert "Kepuasan masyarakat naik dari 72 menjadi 91 persen" in text  # results, from Signifikansi
    assert "ISBN 978-602-1234-56-3" in text
    assert "Kata pengantar buku inovasi." in text


def test_book_index_lists_entries_by_province_with_central_government_last(built, winners):
    pages = pages_of(built.file.path)
    index = flat(next(text for text in pages if "Indeks menurut Provinsi" in text and "Kolofon" not in text))

    assert index.index("Klinik Kependudukan Keliling") < index.index("Sehat Jiwa Daring")
    assert "Pemerintah Pusat dan Badan Usaha Milik Negara" in index
    number = int(re.search(r"Sehat Jiwa Daring (\d+)", index).group(1))
    assert (
        number
        == toc_page_numbers(pages, ["Sehat Jiwa Daring"], heading="Daftar Isi", until="BAB / CHAPTER 1")[
            "Sehat Jiwa Daring"
        ]
    )
    assert "Sehat Jiwa Daring" in pages[number - 1]


def test_book_embeds_the_fonts_it_uses(built):
    fonts = fonts_of(built.file.path)

    assert fonts and all("DejaVu" in row[0] for row in fonts)
    # Columns: name, type (2 words), encoding, emb, sub, uni, object id, generation.
    assert all(row[-5] == "yes" for row in fonts), fonts


def test_book_is_a4_with_metadata(built):
    from pypdf import PdfReader

    reader = PdfReader(built.file.path)

    assert {(round(page.mediabox.width), round(page.mediabox.height)) for page in reader.pages} == {(595, 842)}
    assert reader.metadata.title == built.title
    assert reader.metadata.author == built.edition.organiser.name


def test_cover_photos_are_downscaled_once_and_reused_by_the_next_build(
    built, winners, secretariat, django_capture_on_commit_callbacks
):
    from publications import services

    derivatives = {image.pk: image.image.name for image in PrintImage.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        services.request_book_build(book=built, by=secretariat)

    assert len(derivatives) == len(winners)
    assert {image.pk: image.image.name for image in PrintImage.objects.all()} == derivatives
    for image in PrintImage.objects.all():
        with Image.open(image.image.path) as opened:
            assert max(opened.size) <= 800
            assert opened.format == "JPEG"


def test_a_replaced_cover_photo_gets_a_new_derivative(built, winners, secretariat):
    from publications.images import print_image_for
    from showcase import services as showcase
    from tests.showcase.factories import jpeg

    profile = winners[0]
    old = PrintImage.objects.get(photo=profile.cover)
    photo = showcase.add_photo(profile=profile, by=secretariat, upload=io.BytesIO(jpeg(size=(1600, 1200))))
    showcase.set_cover(profile=profile, photo=photo, by=secretariat)

    image = print_image_for(ShowcasePhoto.objects.get(pk=photo.pk))

    assert image.pk != old.pk and (image.width, image.height) == (800, 600)


def test_english_book_uses_english_text_and_marks_the_indonesian_fallback(book, winners, secretariat):
    from publications.pdf import book_html

    book.language = Book.Language.ENGLISH
    html = book_html(selectors.book_content(book))

    assert "Honai Adminduk: Civil Registration in the Baliem Valley" in html
    assert '<span lang="id">Klinik Kependudukan Keliling</span>' in html
    assert "Contents" in html and "Daftar Isi" not in html
    assert "Health Services" in html  # the category's English name


def test_bilingual_book_labels_carry_both_languages(book, winners):
    from publications.pdf import book_html

    html = book_html(selectors.book_content(book))

    assert "Daftar Isi / Contents" in html
    assert "Kata Pengantar / Foreword" in html


def test_chapters_follow_the_categories_or_the_agency_types(book, winners):
    by_category = selectors.book_content(book)
    book.grouping = Book.Grouping.AGENCY_KIND
    by_kind = selectors.book_content(book)

    assert [(chapter.title, [entry.title for entry in chapter.entries]) for chapter in by_category.chapters] == [
        ("Pelayanan Kesehatan", ["Sehat Jiwa Daring"]),
        (
            "Administrasi Kependudukan",
            ["Honai Adminduk: Dokumen Kependudukan di Lembah Baliem", "Klinik Kependudukan Keliling"],
        ),
    ]
    assert [chapter.title_en for chapter in by_kind.chapters] == [
        "Ministry (Kementerian)",
        "Regency government (Kabupaten)",
        "City government (Kota)",
    ]


def test_profiles_not_yet_approved_stay_out_of_the_book(book, winners, secretariat):
    from showcase import services as showcase

    showcase.withdraw_profile(profile=winners[0], by=secretariat, note="Data diperiksa ulang")

    content = selectors.book_content(book)

    assert winners[0].title not in [entry.title for entry in content.entries]
    assert (len(content.entries), content.left_out) == (2, 1)


def test_participation_figures_count_the_edition(book, winners):
    figures = selectors.book_content(book).figures

    assert (figures.started, figures.reached, figures.passed) == (3, 3, 3)
    assert (figures.finalists, figures.winners, figures.outstanding) == (3, 1, 1)
    assert (figures.agencies, figures.provinces, figures.eastern) == (3, 2, 1)


@pytest.mark.parametrize("extra", [0, 2])
def test_book_content_reads_a_fixed_number_of_queries(book, edition, secretariat, django_assert_num_queries, extra):
    from tests.publications.factories import published_winners

    published_winners(edition, secretariat, extra=extra)

    with django_assert_num_queries(14):
        content = selectors.book_content(book)

    assert len(content.entries) == 3 + extra


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Satu dua. Tiga empat.", 10, "Satu dua. Tiga empat."),
        ("Satu dua. Tiga empat lima.", 3, "Satu dua. …"),
        ("Satu dua tiga empat lima.", 3, "Satu dua tiga …"),
        ("Satu.\n\nDua tiga. Empat lima enam.", 4, "Satu.\n\nDua tiga. …"),
    ],
)
def test_results_excerpt_keeps_whole_sentences(text, limit, expected):
    assert selectors.excerpt(text, limit) == expected


def test_qr_code_draws_exactly_the_modules_of_the_address():
    import qrcode

    address = "https://sinovik.example/inovasi/31-dottorota-dokter-keliling-makassar/"
    svg = qr_svg(address)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(address)
    code.make(fit=True)
    expected = code.get_matrix()
    drawn = [[False] * len(expected) for _ in expected]
    for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)", svg):
        for offset in range(int(length)):
            drawn[int(y)][int(x) + offset] = True

    assert drawn == expected


def test_a_stored_qr_code_is_read_back_instead_of_encoded_again():
    address = "https://sinovik.example/inovasi/31-dottorota-dokter-keliling-makassar/"

    first = stored_qr_data_uri(address)
    (stored,) = (Path(settings.MEDIA_ROOT) / STORED).iterdir()
    stored.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')  # what a later build must read

    assert first == qr_data_uri(address)
    assert (
        base64.b64decode(stored_qr_data_uri(address).split(",", 1)[1]) == b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    assert stored_qr_data_uri("https://sinovik.example/inovasi/other/") == qr_data_uri(
        "https://sinovik.example/inovasi/other/"
    )


def test_entries_without_a_cover_photo_are_printed_without_one(book, winners):
    PublicProfile.objects.filter(pk=winners[0].pk).update(cover=None)

    content = selectors.book_content(book)

    assert [entry.profile.cover_id is None for entry in content.entries].count(True) == 1
