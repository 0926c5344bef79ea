"""Celery tasks of the jury app: thin, idempotent (see sinovik/celery.py)."""

from jury import services
from sinovik.celery import app


@app.task(name="jury.send_due_reminders")
def send_due_reminders_task() -> int:
    """Scoring reminders at 7 d, 3 d, 1 d and 6 h before each open round closes; Celery beat runs
    this every hour (migration 0002). Each moment reaches each juror once (dedupe keys)."""
    return services.send_due_reminders()
