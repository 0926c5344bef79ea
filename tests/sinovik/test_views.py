import json

import pytest
from django.urls import reverse

from accounts.models import User
from agencies.models import Membership
from sinovik.celery import app as celery_app
from tests import factories

pytestmark = pytest.mark.django_db


def test_home_is_in_indonesian_by_default(client):
    response = client.get("/")

    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Cara kerja kompetisi" in html
    assert reverse("account_login") in html


def test_home_in_english_under_en_prefix(client):
    response = client.get("/en/")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "How the competition works" in html


def test_home_has_skip_link_landmarks_and_no_inline_script_or_style(client):
    html = client.get("/").content.decode()

    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert "<script>" not in html and "style=" not in html


def test_set_language_switches_and_remembers_it_on_the_user(client, upp_staff):
    client.force_login(upp_staff)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    upp_staff.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert upp_staff.language == "en"


def test_dashboard_sends_anonymous_to_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("secretariat", "Sekretariat"),
        ("evaluator", "Evaluator (TE)"),
        ("panelist", "Panelis (TPI)"),
        ("admin_lokal", "Admin Lokal"),
        ("upp_staff", "Staf UPP"),
        ("other_agency_staff", "Staf UPP"),
    ],
)
def test_dashboard_shows_each_role_its_own_memberships(as_role, role, shown):
    client, user = as_role(role)

    response = client.get(reverse("dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert shown in html
    for membership in user.agency_memberships.all():
        assert membership.agency.name in html
    other_agencies = factories.AgencyFactory._meta.model.objects.exclude(memberships__user=user)
    for agency in other_agencies:
        assert agency.name not in html


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("secretariat", {"agencies:request_queue", "dashboards:index", "interviews:field_mine"}),
        ("evaluator", {"interviews:field_mine"}),
        ("panelist", {"interviews:panel", "interviews:field_mine"}),
        ("admin_lokal", {"submissions:list", "interviews:schedule"}),
        ("upp_staff", {"submissions:list", "interviews:schedule"}),
    ],
)
def test_dashboard_links_each_role_to_its_own_work(as_role, role, links):
    client, _ = as_role(role)
    everyone = {
        "agencies:request_queue",
        "dashboards:index",
        "interviews:panel",
        "interviews:schedule",
        "interviews:field_mine",
    }

    html = client.get(reverse("dashboard")).content.decode()

    for name in everyone | links:
        assert (f'href="{reverse(name)}"' in html) == (name in links), name


def test_dashboard_without_role_says_so(client):
    client.force_login(factories.UserFactory())

    response = client.get(reverse("dashboard"))

    assert "Akun Anda belum memiliki peran" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_is_constant(client, django_assert_num_queries, count):
    user = factories.UserFactory()
    for _ in range(count):
        unit = factories.UnitFactory()
        factories.MembershipFactory(user=user, agency=unit.agency, unit=unit, role=Membership.Role.UPP_STAFF)
    client.force_login(user)
    user = User.objects.get(pk=user.pk)

    # session, user, roles for the navigation (2), unread notifications, agency and organiser memberships
    with django_assert_num_queries(7):
        response = client.get(reverse("dashboard"))

    assert response.content.decode().count("Staf UPP") == count


def test_healthz_reports_each_part(client):
    response = client.get("/healthz")

    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"] == "ok" and body["cache"] == "ok"
    assert body["broker"] == ("eager" if celery_app.conf.task_always_eager else "ok")


def test_healthz_fails_when_broker_is_unreachable(client):
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous

    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "error"


def test_robots_and_sitemap_are_served_at_the_root(client):
    robots = client.get("/robots.txt")
    sitemap = client.get("/sitemap.xml")

    assert robots.status_code == 200 and "Sitemap:" in robots.content.decode()
    assert sitemap.status_code == 200
    assert "<urlset" in sitemap.content.decode() or "<sitemapindex" in sitemap.content.decode()
