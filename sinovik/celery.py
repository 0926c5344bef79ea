"""The Celery application shared by the web process, workers and beat.

Tasks are thin: they take ids, fetch what they need, return quietly if it is gone and call a
service. Every task inherits RetryingTask, so a failure is retried with exponential backoff instead
of being lost; settings.py makes tasks acknowledged only after they ran (acks_late).
"""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinovik.settings")


class RetryingTask(Task):
    autoretry_for = (Exception,)
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8


app = Celery("sinovik", task_cls=RetryingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
