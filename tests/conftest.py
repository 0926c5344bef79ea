"""The fixed cast every test draws on, and test-wide settings.

Roles: secretariat, evaluator, panelist (organiser side), admin_lokal and upp_staff of one agency,
other_agency_staff of another agency, and anonymous (None).
"""

import os
import uuid

import pytest
from django.test import override_settings

from agencies.models import Membership
from competitions.models import OrganiserMembership
from tests import factories


def pytest_configure(config):
    # Parallel test processes share one Redis: give each its own task queue, so a worker started by
    # one process never runs another process's tasks against the wrong database. Subprocesses
    # (a real `celery worker`) inherit it through the environment.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from sinovik.celery import app

        os.environ["CELERY_QUEUE"] = f"celery-test-{worker}"
        app.conf.task_default_queue = os.environ["CELERY_QUEUE"]


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    # The hashed static manifest exists only after collectstatic; tests serve files from the finders.
    # MD5 keeps password hashing out of the test timings.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    # Rate limits and lockouts live in the cache; a fresh key prefix per test keeps tests apart
    # without flushing Redis, whose database the Celery broker shares.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}


def restore_reference_data() -> None:
    """Put back what data migrations load (regions, SDGs): a transactional test's flush removes it."""
    from importlib import import_module

    from django.apps import apps

    from agencies.models import Region
    from agencies.regions import load_regions
    from competitions.models import Sdg

    if not Region.objects.exists():
        load_regions(Region)
    if Sdg.objects.count() != 17:
        import_module("competitions.migrations.0003_load_sdgs").load(apps, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush (its fixtures are torn down inside this hook), put the
    reference data back, so the tests after it do not depend on the order they run in."""
    yield
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in item.fixturenames for name in ("transactional_db", "live_server", "reference_data")
    )
    # After the last test the test database is already gone (nextitem is None): nothing to restore.
    if transactional and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    restore_reference_data()


@pytest.fixture
def agency():
    return factories.AgencyFactory(name="Pemerintah Kota Surabaya", kind="kota")


@pytest.fixture
def unit(agency):
    return factories.UnitFactory(agency=agency, name="Dinas Kependudukan dan Pencatatan Sipil")


@pytest.fixture
def secretariat():
    user = factories.UserFactory(email="sekretariat@example.test", is_staff=True)
    factories.OrganiserMembershipFactory(user=user, role=OrganiserMembership.Role.SECRETARIAT)
    return user


@pytest.fixture
def evaluator():
    user = factories.UserFactory(email="evaluator@example.test")
    factories.OrganiserMembershipFactory(user=user, role=OrganiserMembership.Role.EVALUATOR)
    return user


@pytest.fixture
def panelist():
    user = factories.UserFactory(email="panelis@example.test")
    factories.OrganiserMembershipFactory(user=user, role=OrganiserMembership.Role.PANELIST)
    return user


@pytest.fixture
def admin_lokal(agency):
    user = factories.UserFactory(email="adminlokal@example.test")
    factories.MembershipFactory(user=user, agency=agency, role=Membership.Role.ADMIN_LOKAL)
    return user


@pytest.fixture
def upp_staff(agency, unit):
    user = factories.UserFactory(email="upp@example.test")
    factories.MembershipFactory(user=user, agency=agency, unit=unit, role=Membership.Role.UPP_STAFF)
    return user


@pytest.fixture
def other_agency_staff():
    other_unit = factories.UnitFactory(agency=factories.AgencyFactory(name="Pemerintah Kabupaten Banyuwangi"))
    user = factories.UserFactory(email="upp.lain@example.test")
    factories.MembershipFactory(user=user, agency=other_unit.agency, unit=other_unit, role=Membership.Role.UPP_STAFF)
    return user


@pytest.fixture
def anonymous():
    return None


ROLE_FIXTURES = ["secretariat", "evaluator", "panelist", "admin_lokal", "upp_staff", "other_agency_staff"]


@pytest.fixture
def as_role(request, client):
    """Return a client signed in as the named role fixture (or anonymous)."""

    def sign_in(role: str):
        user = request.getfixturevalue(role)
        if user is not None:
            client.force_login(user)
        return client, user

    return sign_in
