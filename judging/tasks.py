"""Celery tasks of the judging app: thin, take ids, idempotent (see sinovik/celery.py)."""

from competitions.models import Edition
from judging import services
from judging.models import ScreeningAnnouncement
from judging.services import objections
from sinovik.celery import app


# Few retries: a run that failed twice needs a person to look at the error stored on the run.
@app.task(name="judging.run_screening_checks", max_retries=2)
def run_screening_checks_task(edition_id: int) -> None:
    """Run the screening checks of one edition; running twice gives the same result."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None or services.is_locked(edition):
        return
    services.run_screening_checks(edition=edition)


@app.task(name="judging.publish_screening_results", max_retries=3)
def publish_screening_results_task(announcement_id: int) -> None:
    """Publish one screening announcement; publishing again changes nothing more."""
    announcement = ScreeningAnnouncement.objects.filter(pk=announcement_id).first()
    if announcement is None or announcement.is_published:
        return
    services.publish_screening_results(announcement=announcement)


@app.task(name="judging.purge_unconfirmed_objections")
def purge_unconfirmed_objections_task() -> int:
    """Daily (django-celery-beat): forget objections never confirmed by email; safe to run twice."""
    return objections.purge_unconfirmed_objections()
