"""Celery tasks of the outbox: thin wrappers that take ids and call notifications.services."""

from notifications import services
from sinovik.celery import app


@app.task(name="notifications.send_message", bind=True)
def send_message_task(self, message_id: int) -> None:
    """Send one outbox message; a failed send is retried after the delay the service chose.

    Eager mode (no broker) does not retry in-process, which would spend every attempt within the
    same second: the row stays pending and the periodic sweep tries it again later.
    """
    outcome = services.send_message(message_id=message_id)
    if outcome and outcome.retry_in and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)


@app.task(name="notifications.sweep_outbox")
def sweep_outbox() -> int:
    """Queue again what is still unsent; Celery beat runs this every minute (migration 0002)."""
    return services.requeue_due_messages()
