"""Helpers for the notifications tests: a broker that cannot be reached, and a real worker when tasks are not eager."""

import socket
import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker

from sinovik.celery import app as celery_app

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@contextmanager
def unreachable_broker():
    """Point Celery at a port where nothing listens, the way a Redis outage looks to the web process.

    Same technique as tests/sinovik/test_views.py's broker check; the cached producer pool is
    dropped so publishing really uses the dead address, and dropped again afterwards.
    """
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = UNREACHABLE_BROKER, False
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        celery_app.amqp._producer_pool = None


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
