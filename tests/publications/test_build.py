"""Building the book in a worker: exactly one book and one file whatever happens to the worker,
progress reported as it goes, stale and duplicate tasks harmless, failures recorded."""

import uuid
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from notifications.models import Message
from publications import services, tasks
from publications.models import Book

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """What a worker killed half-way looks like from inside: the build stops where it is and no
    Python handler (`except Exception`) runs. Raised through build_book's page_callback."""


def kill_at(page: int):
    def callback(number: int) -> None:
        if number >= page:
            raise WorkerKilled

    return callback


def books_folder() -> Path:
    return Path(default_storage.path("publications/books"))


def queue(book, by, django_capture_on_commit_callbacks, *, run: bool) -> str:
    """Ask for a build; with `run`, let the (eager) task run after commit."""
    with django_capture_on_commit_callbacks(execute=run):
        services.request_book_build(book=book, by=by)
    book.refresh_from_db()
    return str(book.build_token)


def test_build_stores_the_pdf_with_checksum_size_pages_and_time(built):
    import hashlib

    data = Path(built.file.path).read_bytes()

    assert built.status == Book.Status.READY and built.progress == 100 and built.phase == ""
    assert built.sha256 == hashlib.sha256(data).hexdigest()
    assert built.size == len(data) and data.startswith(b"%PDF-")
    assert built.page_count > 10 and built.entry_count == 3
    assert built.generated_at is not None and built.error == ""
    assert built.file.name == f"publications/books/book-{built.pk}.pdf"


def test_worker_killed_mid_layout_then_redelivered_leaves_one_book_and_one_file(
    book, winners, secretariat, django_capture_on_commit_callbacks
):
    token = queue(book, secretariat, django_capture_on_commit_callbacks, run=False)

    with pytest.raises(WorkerKilled):
        services.build_book(book_id=book.pk, token=token, page_callback=kill_at(4))
    book.refresh_from_db()
    killed = (book.status, book.phase, book.has_file)
    # The broker delivers the unacknowledged task again (acks_late); the new worker runs it.
    tasks.build_book_task.delay(book.pk, token)
    book.refresh_from_db()

    assert killed == (Book.Status.BUILDING, Book.Phase.LAYOUT, False)
    assert book.status == Book.Status.READY
    assert Book.objects.count() == 1
    assert sorted(path.name for path in books_folder().iterdir()) == [f"book-{book.pk}.pdf"]


def test_a_rebuild_killed_half_way_keeps_the_previous_file_until_the_new_one_replaces_it(
    built, secretariat, django_capture_on_commit_callbacks
):
    previous = (built.sha256, Path(built.file.path).read_bytes())
    token = queue(built, secretariat, django_capture_on_commit_callbacks, run=False)

    with pytest.raises(WorkerKilled):
        services.build_book(book_id=built.pk, token=token, page_callback=kill_at(2))
    built.refresh_from_db()
    during = (built.status, built.sha256, Path(built.file.path).read_bytes())
    tasks.build_book_task.delay(built.pk, token)
    built.refresh_from_db()

    assert during == (Book.Status.BUILDING, *previous)
    assert built.status == Book.Status.READY and built.generated_at is not None
    assert sorted(path.name for path in books_folder().iterdir()) == [f"book-{built.pk}.pdf"]


def test_temporary_files_left_by_killed_workers_are_removed_by_the_next_build(
    book, winners, secretariat, django_capture_on_commit_callbacks
):
    books_folder().mkdir(parents=True)
    stray = books_folder() / f"book-{book.pk}.{uuid.uuid4().hex}.tmp"
    stray.write_bytes(b"%PDF-1.7 half written")
    other_book = books_folder() / "book-999999.pdf"
    other_book.write_bytes(b"%PDF-1.7 another book")

    queue(book, secretariat, django_capture_on_commit_callbacks, run=True)

    assert sorted(path.name for path in books_folder().iterdir()) == sorted([f"book-{book.pk}.pdf", other_book.name])


def test_a_duplicate_task_after_the_build_finished_does_nothing(built):
    before = (built.generated_at, built.sha256)

    result = services.build_book(book_id=built.pk, token=str(built.build_token))
    built.refresh_from_db()

    assert result is None
    assert (built.generated_at, built.sha256) == before
    assert Message.objects.filter(event="book_published").count() == 1


def test_a_task_of_an_older_request_does_nothing(built, secretariat, django_capture_on_commit_callbacks):
    old = str(built.build_token)
    new = queue(built, secretariat, django_capture_on_commit_callbacks, run=False)

    result = services.build_book(book_id=built.pk, token=old)
    built.refresh_from_db()

    assert result is None and old != new
    assert (built.status, str(built.build_token)) == (Book.Status.QUEUED, new)


def test_asking_again_while_a_build_is_under_way_queues_nothing(
    book, winners, secretariat, django_capture_on_commit_callbacks
):
    token = queue(book, secretariat, django_capture_on_commit_callbacks, run=False)

    with django_capture_on_commit_callbacks() as callbacks:
        queued = services.request_book_build(book=book, by=secretariat)
    book.refresh_from_db()

    assert (queued, callbacks, str(book.build_token)) == (False, [], token)


def test_a_build_silent_for_ten_minutes_may_be_started_again(
    book, winners, secretariat, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    token = queue(book, secretariat, django_capture_on_commit_callbacks, run=False)
    Book.objects.filter(pk=book.pk).update(
        status=Book.Status.BUILDING, progress_at=timezone.now() - timedelta(minutes=11)
    )
    book.refresh_from_db()

    queue(book, secretariat, django_capture_on_commit_callbacks, run=True)

    assert book.status == Book.Status.READY and str(book.build_token) != token


def test_progress_is_written_as_pages_are_laid_out(
    book, winners, secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    # Writes are at most one per PROGRESS_INTERVAL; a small book on a fast machine is laid out within one.
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0)
    token = queue(book, secretariat, django_capture_on_commit_callbacks, run=False)
    seen = []

    def look(number: int) -> None:
        row = Book.objects.values("status", "phase", "progress").get(pk=book.pk)
        seen.append((number, row["status"], row["phase"], row["progress"]))

    services.build_book(book_id=book.pk, token=token, page_callback=look)

    assert {status for _, status, _, _ in seen} == {Book.Status.BUILDING}
    assert {phase for _, _, phase, _ in seen} == {Book.Phase.LAYOUT}
    progress = [percent for *_, percent in seen]
    assert progress == sorted(progress) and progress[0] >= 25 and progress[-1] <= 90
    assert progress[-1] > progress[0]


def test_a_failed_build_records_the_error_and_keeps_nothing(
    book, winners, secretariat, django_capture_on_commit_callbacks, settings
):
    token = queue(book, secretariat, django_capture_on_commit_callbacks, run=False)
    # The books folder cannot be created: a file is in the way (as a full or read-only disk would fail).
    Path(settings.MEDIA_ROOT, "publications").mkdir(parents=True, exist_ok=True)
    Path(settings.MEDIA_ROOT, "publications", "books").write_text("in the way")

    with pytest.raises(OSError):
        services.build_book(book_id=book.pk, token=token)
    book.refresh_from_db()

    assert book.status == Book.Status.FAILED
    assert book.error.startswith(("FileExistsError", "NotADirectoryError"))
    assert not book.has_file


def test_the_secretariat_is_told_once_when_the_book_is_ready(built, secretariat):
    messages = Message.objects.filter(event="book_published")

    assert list(messages.values_list("to_email", flat=True)) == [secretariat.email]
    assert built.title in messages.get().subject


def test_the_task_runs_the_service_and_returns_the_page_count(
    book, winners, secretariat, django_capture_on_commit_callbacks
):
    token = queue(book, secretariat, django_capture_on_commit_callbacks, run=False)

    pages = tasks.build_book_task.delay(book.pk, token).get()
    book.refresh_from_db()

    assert pages == book.page_count > 0
    assert tasks.build_book_task.delay(book.pk, token).get() is None
    assert tasks.build_book_task.delay(987654, token).get() is None
