import pytest
from django.core.management import call_command

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_demo_users_notifications_once():
    call_command("seed_demo")
    first = Notification.objects.count()
    call_command("seed_demo")

    # The other apps' demos notify through the real services too; seeding twice adds nothing.
    assert first == Notification.objects.count() >= 5
    assert Notification.objects.filter(
        user__email="upp@sinovik.test", event="proposal_returned"
    ).unread().get().title == ("Proposal dikembalikan untuk diperbaiki: Klinik Kependudukan Keliling")
