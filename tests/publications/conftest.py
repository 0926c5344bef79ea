import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Books, certificates and photos made by a test never land in the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run in the test's process even when REDIS_URL configures a broker, so a test reads
    their outcome at once. test_worker.py overrides this fixture: it runs real worker processes."""
    from sinovik.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture
def edition():
    from tests.showcase.factories import archived_edition

    return archived_edition(2023)


@pytest.fixture
def winners(edition, secretariat):
    """Three awarded innovations of the edition with published profiles and cover photos:
    an Outstanding Achievement (eastern, 3T), a Top 45 and a Top 99 (a ministry, no province)."""
    from tests.publications.factories import published_winners

    return published_winners(edition, secretariat)


@pytest.fixture
def book(edition, secretariat):
    from tests.publications.factories import book_of

    return book_of(edition, by=secretariat)


@pytest.fixture
def built(book, winners, django_capture_on_commit_callbacks, secretariat):
    """The book, generated through the service and its (eager) task."""
    from publications import services

    with django_capture_on_commit_callbacks(execute=True):
        services.request_book_build(book=book, by=secretariat)
    book.refresh_from_db()
    assert book.status == book.Status.READY, book.error
    return book
