"""The in-app notifications page: each person sees and marks only their own."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from tests import factories
from tests.conftest import ROLE_FIXTURES

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")
CONTEXT = {"agency": "Pemerintah Kota Surabaya"}


def notify(user, agency: str = "Pemerintah Kota Surabaya") -> Notification:
    (message,) = services.notify(event="agency_verified", recipients=[user], context={"agency": agency})
    return message.notification


@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_list_shows_only_the_users_own_notifications(as_role, role):
    client, user = as_role(role)
    notify(user, agency="Instansi Milik Saya")
    notify(factories.UserFactory(), agency="Instansi Orang Lain")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Instansi Milik Saya telah terverifikasi di SiNovik" in content
    assert "Instansi Orang Lain" not in content
    assert "Belum dibaca: 1" in content


def test_list_in_english_for_an_english_user(client):
    user = factories.UserFactory(language="en")
    notify(user)
    client.force_login(user)

    response = client.get("/en/notifikasi/")

    assert "Pemerintah Kota Surabaya is verified on SiNovik" in response.content.decode()
    assert "Mark all as read" in response.content.decode()


def test_list_without_notifications_says_so(client):
    client.force_login(factories.UserFactory())

    response = client.get(LIST_URL)

    assert "Belum ada notifikasi" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_list_query_count_does_not_grow_with_items(client):
    # The shared header's queries (roles, and later the badge) change with other apps, so the
    # page is measured with 1 and 3 items against itself; this app's own queries are pinned.
    user = factories.UserFactory()
    client.force_login(user)

    counts = {}
    for total in (1, 3):
        while Notification.objects.filter(user=user).count() < total:
            notify(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL)
        assert response.content.decode().count('class="list-group-item notification') == total
        counts[total] = [query["sql"] for query in queries.captured_queries]

    assert len(counts[1]) == len(counts[3])
    own = [sql for sql in counts[3] if '"notifications_notification"' in sql]
    assert len(own) == 3  # page count, page rows, unread count


def test_mark_read_marks_own_notification(client):
    user = factories.UserFactory()
    notification = notify(user)
    client.force_login(user)

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == 302
    assert notification.read_at is not None


def test_mark_read_with_htmx_returns_the_updated_item(client):
    user = factories.UserFactory()
    notification = notify(user)
    client.force_login(user)

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), headers={"HX-Request": "true"})

    content = response.content.decode()
    assert content.startswith(f'<li class="list-group-item notification" id="notification-{notification.pk}">')
    assert "Tandai sudah dibaca" not in content


@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_mark_read_of_someone_elses_notification_is_not_found(as_role, role):
    client, _user = as_role(role)
    notification = notify(factories.UserFactory())

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == 404
    assert notification.read_at is None


def test_mark_read_refuses_get(client):
    user = factories.UserFactory()
    notification = notify(user)
    client.force_login(user)

    response = client.get(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 405


def test_mark_all_read_marks_only_own(client):
    user, other = factories.UserFactory(), factories.UserFactory()
    notify(user), notify(user), notify(other)
    client.force_login(user)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert Notification.objects.unread().get().user == other
    assert "Semua notifikasi sudah ditandai dibaca." in response.content.decode()


def test_badge_shows_the_unread_count(rf):
    user = factories.UserFactory()
    notify(user), notify(user)
    Notification.objects.filter(pk=notify(user).pk).update(read_at="2026-01-01T00:00Z")
    request = rf.get("/")
    request.user = user

    html = Template('{% include "notifications/includes/badge.html" %}').render(
        Context({"user": user, "request": request})
    )

    assert 'href="/notifikasi/"' in html
    assert '2<span class="visually-hidden"> belum dibaca</span>' in html


def test_unread_count_tag_is_zero_for_visitors(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()

    html = Template("{% load notifications %}{% unread_notifications_count %}").render(Context({"request": request}))

    assert html == "0"
