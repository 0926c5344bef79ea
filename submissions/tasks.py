from celery import shared_task

from submissions import services


@shared_task(name="submissions.remind_about_deadlines")
def remind_about_deadlines() -> int:
    """Periodic (see migration 0002): deadline digests; safe to run as often as wanted."""
    return services.remind_about_deadlines()
