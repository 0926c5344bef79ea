"""Celery tasks of the publications: thin, idempotent, retried with backoff (sinovik/celery.py).

Both are acknowledged late: a worker killed half-way leaves the task on the broker, which delivers
it again; the services make the second run finish the job without a second file.
"""

from publications import services
from sinovik.celery import app


@app.task(name="publications.build_book", acks_late=True, max_retries=3)
def build_book_task(book_id: int, token: str) -> int | None:
    """Build the book's PDF for build `token`; returns its page count (None if there was nothing to do)."""
    book = services.build_book(book_id=book_id, token=token)
    return book.page_count if book else None


@app.task(name="publications.generate_certificates", acks_late=True, max_retries=3)
def generate_certificates_task(edition_id: int, regenerate: bool = False) -> int:
    """Make the PDFs of the edition's certificates that have none (all of them with `regenerate`)."""
    return services.generate_certificates(edition_id=edition_id, regenerate=regenerate)
