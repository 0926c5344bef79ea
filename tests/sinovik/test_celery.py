"""The Celery defaults every task inherits, run through the real broker when one is configured."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache

from sinovik.celery import RetryingTask
from sinovik.celery import app as celery_app


@celery_app.task(retry_backoff=1, retry_jitter=False)
def flaky_increment(key: str, fail_times: int) -> None:
    """Fail `fail_times` times, then mark `key` done; the counter lives in the (real) cache."""
    attempts = cache.get(f"{key}:attempts", 0) + 1
    cache.set(f"{key}:attempts", attempts, timeout=120)
    if attempts <= fail_times:
        raise ConnectionError("temporary failure")
    cache.set(f"{key}:done", True, timeout=120)


def test_tasks_are_acknowledged_late_with_json_only():
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    assert celery_app.conf.accept_content == ["json"]
    assert isinstance(flaky_increment, RetryingTask)
    assert flaky_increment.autoretry_for == (Exception,)


def test_failing_task_is_retried_until_it_succeeds():
    key = f"flaky-{uuid.uuid4()}"

    if celery_app.conf.task_always_eager:
        flaky_increment.delay(key, 2)
    else:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            flaky_increment.delay(key, 2)
            _wait_for(lambda: cache.get(f"{key}:done"), seconds=30)

    assert cache.get(f"{key}:attempts") == 3
    assert cache.get(f"{key}:done") is True


def _wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail("the worker did not finish the task in time")
