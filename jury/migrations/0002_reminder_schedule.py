"""Send scoring reminders through django-celery-beat's database scheduler, every hour.

Kept in a migration (like the outbox sweep in notifications) so every environment gets the
schedule without a settings entry; the task itself decides which reminder moment is due.
"""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Jury: scoring reminders before rounds close"


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME, defaults={"task": "jury.send_due_reminders", "interval": every_hour, "enabled": True}
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
