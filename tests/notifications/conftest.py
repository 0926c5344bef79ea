"""Fixtures for the notifications tests: a broker that cannot be reached, and a worker when tasks are not eager."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from sinovik.celery import app as celery_app

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down():
    """Point Celery at a port where nothing listens, the way an outage looks to the web process."""
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = UNREACHABLE_BROKER, False
    # The producer pool keeps connections to the old broker; drop it so the new URL is used, and
    # again afterwards so later tests do not inherit a pool bound to the dead port.
    celery_app.pool.force_close_all()
    celery_app._pool = None
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        celery_app.pool.force_close_all()
        celery_app._pool = None


@pytest.fixture
def task_runner():
    """Run queued tasks: in-process when Celery is eager, otherwise through a real worker on the real broker.

    Tests using it need `django_db(transaction=True)`, so the worker's own connection sees the rows.
    """
    if celery_app.conf.task_always_eager:
        yield
        return
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail("the queued task did not finish in time")
