"""The demo, seeded once (it needs the whole chain of demos): the KIPP 2023 book renders, its
contents match its entries, every title is in the text, certificates are made; seeding again
changes nothing."""

import pytest
from django.core.management import call_command

from publications import demo, selectors
from publications.models import Book, Certificate
from publications.pdf import book_labels
from tests.publications.factories import flat, pages_of, toc_page_numbers

pytestmark = pytest.mark.django_db


def test_demo_book_renders_with_contents_matching_its_entries_and_seeds_the_same_twice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    book = Book.objects.get(edition__slug="kipp-2023")
    before = (book.generated_at, book.sha256, Certificate.objects.count())

    demo.seed_after_all()

    book.refresh_from_db()
    assert book.status == Book.Status.READY, book.error
    assert (book.generated_at, book.sha256, Certificate.objects.count()) == before
    entries = selectors.book_content(book).entries
    titles = [entry.title for entry in entries]
    assert len(titles) >= 8 and book.entry_count == len(titles)
    pages = pages_of(book.file.path)
    assert len(pages) == book.page_count
    text = flat(" ".join(pages))
    # The participation table is never split: its first and last rows share a page.
    labels = book_labels("id")
    assert any(labels["started"] in page and labels["in_this_book"] in page for page in pages)
    assert all(flat(title) in text for title in titles)
    numbers = toc_page_numbers(pages, titles, heading="Daftar Isi", until="BAB / CHAPTER 1")
    assert set(numbers) == set(titles)
    for title, number in numbers.items():
        assert flat(title) in flat(pages[number - 1])
    certificates = Certificate.objects.filter(edition=book.edition)
    assert certificates.filter(kind=Certificate.Kind.WINNER).count() >= len(titles)
    assert certificates.filter(kind=Certificate.Kind.JUROR).exists()
    assert not certificates.filter(file="").exists()
