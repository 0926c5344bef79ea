import pytest
from django.db import IntegrityError, transaction

from agencies.models import Membership
from sinovik.roles import roles_of
from tests import factories

pytestmark = pytest.mark.django_db


def test_upp_staff_membership_needs_a_unit(agency):
    user = factories.UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, agency=agency, role=Membership.Role.UPP_STAFF)


def test_admin_lokal_is_unique_per_agency(admin_lokal, agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=admin_lokal, agency=agency, role=Membership.Role.ADMIN_LOKAL)


def test_roles_come_from_active_memberships(admin_lokal, agency, unit):
    factories.MembershipFactory(user=admin_lokal, agency=agency, unit=unit, role=Membership.Role.UPP_STAFF)
    Membership.objects.filter(user=admin_lokal, role=Membership.Role.UPP_STAFF).update(is_active=False)

    assert roles_of(admin_lokal) == {"admin_lokal"}


def test_roles_of_anonymous_and_of_organisers(secretariat, panelist, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert roles_of(AnonymousUser()) == frozenset()
    assert roles_of(secretariat) == {"secretariat"}
    assert roles_of(panelist) == {"panelist"}
