"""A real worker killed with SIGKILL half-way through a book, on the real broker: after another
worker starts, there is exactly one book, ready, and one file.

Runs only when REDIS_URL names a broker and the database is one that other processes can open
(PostgreSQL); the second CI run has both. Bounded: every wait has a deadline.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from publications import services
from publications.models import Book
from sinovik.celery import app as celery_app
from tests.publications.factories import book_of, published_winners
from tests.showcase.factories import archived_edition

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs a real broker (REDIS_URL)"),
]
ROOT = Path(__file__).resolve().parents[2]
VISIBILITY = 5


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Overrides the package's fixture: here tasks go through the broker to real workers."""
    yield


@pytest.fixture
def worker_queue(settings):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database they can open (PostgreSQL)")
    queue = f"publications-test-{uuid.uuid4().hex[:8]}"
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = False, queue
    yield queue
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous


def start_worker(queue: str, name: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.publications.worker_settings",
        "PUBLICATIONS_TEST_DATABASE": connection.settings_dict["NAME"],
        "PUBLICATIONS_TEST_QUEUE": queue,
        "PUBLICATIONS_TEST_VISIBILITY": str(VISIBILITY),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "sinovik", "worker", "-Q", queue, "-n", f"{name}@%h"]
    command += ["--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "-l", "INFO"]
    # Its own session, so the whole worker (parent and pool process) can be killed at once.
    return subprocess.Popen(  # noqa: S603 - our own worker command
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_for(condition, seconds: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    tails = "\n".join(log.read_text(errors="replace")[-3000:] for log in logs if log.exists())
    pytest.fail(f"{what} did not happen within {seconds} s\n{tails}")


def stop(worker: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def test_a_worker_killed_mid_build_and_another_started_leave_exactly_one_book(worker_queue, tmp_path, settings):
    from tests.factories import UserFactory

    secretariat = UserFactory(email="sekretariat.worker@example.test")
    edition = archived_edition(2023)
    # Enough entries that the layout lasts long enough to be caught in the middle.
    published_winners(edition, secretariat, extra=12)
    book = book_of(edition, by=secretariat)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    first = start_worker(worker_queue, "first", logs[0])
    second = None
    try:
        services.request_book_build(book=book, by=secretariat)  # autocommit: queued at once

        def laying_out() -> bool:
            return Book.objects.filter(pk=book.pk, status=Book.Status.BUILDING, phase=Book.Phase.LAYOUT).exists()

        wait_for(laying_out, 120, "the first worker starting the layout", logs)
        stop(first, signal.SIGKILL)
        killed = Book.objects.values_list("status", "file").get(pk=book.pk)
        # The unacknowledged task becomes visible again once the timeout has passed.
        time.sleep(VISIBILITY + 1)
        second = start_worker(worker_queue, "second", logs[1])

        wait_for(
            lambda: Book.objects.filter(pk=book.pk, status=Book.Status.READY).exists(),
            180,
            "the second worker finishing the book",
            logs,
        )
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second, signal.SIGTERM)

    book.refresh_from_db()
    assert killed == (Book.Status.BUILDING, "")
    assert Book.objects.count() == 1 and book.entry_count == 15
    folder = Path(default_storage.path("publications/books"))
    assert sorted(path.name for path in folder.iterdir()) == [f"book-{book.pk}.pdf"]
    assert services.file_digest(Path(book.file.path))[0] == book.sha256
    assert "publications.build_book" in logs[1].read_text(errors="replace")
