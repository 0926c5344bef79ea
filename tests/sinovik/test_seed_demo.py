import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from agencies.models import Agency, Membership
from competitions.models import OrganiserMembership
from sinovik.roles import roles_of

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_gives_one_user_per_role(capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Agency.objects.count(), Membership.objects.count())
    call_command("seed_demo")

    output = capsys.readouterr().out
    assert (User.objects.count(), Agency.objects.count(), Membership.objects.count()) == counts
    roles = set().union(*(roles_of(user) for user in User.objects.all()))
    assert roles == {"secretariat", "evaluator", "panelist", "admin_lokal", "upp_staff"}
    assert OrganiserMembership.objects.filter(role="secretariat").count() == 1
    assert "sekretariat@sinovik.test" in output and DEMO_PASSWORD in output
    assert User.objects.get(email="upp@sinovik.test").check_password(DEMO_PASSWORD)
