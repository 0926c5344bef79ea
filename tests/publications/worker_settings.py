"""Settings of the Celery workers that test_worker.py starts and kills: the project's own, with
the test's database, a queue of the test's own, and a broker visibility timeout of seconds instead
of an hour, so the task of a killed worker is delivered again while the test waits."""

import os

from sinovik.settings import *  # noqa: F403
from sinovik.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["PUBLICATIONS_TEST_DATABASE"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["PUBLICATIONS_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("PUBLICATIONS_TEST_VISIBILITY", "5")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
