import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_normalises_email_to_lowercase():
    user = User.objects.create_user("Dewi.Lestari@Surabaya.GO.ID", TEST_PASSWORD)

    assert user.email == "dewi.lestari@surabaya.go.id"
    assert user.check_password(TEST_PASSWORD)


@pytest.mark.parametrize("weak", ["pendek1", "passwordpassword", "1234567890123", "abcdefghijkl"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=User(email="dewi@example.test"))


def test_strong_password_is_accepted():
    assert validate_password("Sandi-Kuat-2026", user=User(email="dewi@example.test")) is None


def test_signup_is_closed(client):
    response = client.get(reverse("account_signup"))

    assert "signup_closed" in " ".join(t.name for t in response.templates)
    assert not User.objects.exists()


def test_login_with_email_lands_on_dashboard(client):
    UserFactory(email="dewi@example.test")

    response = client.post(reverse("account_login"), {"login": "dewi@example.test", "password": TEST_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).context["user"].email == "dewi@example.test"


def test_wrong_password_error_is_translated_and_keeps_the_email(client):
    UserFactory(email="dewi@example.test")

    response = client.post(reverse("account_login"), {"login": "dewi@example.test", "password": "salah-sandi-1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="dewi@example.test"' in html
    assert "kata sandi yang anda masukkan tidak benar" in html


def _fail_logins(client, email: str, times: int, address: str) -> None:
    for _ in range(times):
        client.post(reverse("account_login"), {"login": email, "password": "salah-sandi-1"}, REMOTE_ADDR=address)


def test_login_locks_the_username_on_that_address_only(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="dewi@example.test")
    UserFactory(email="colleague@example.test")
    _fail_logins(client, "dewi@example.test", 3, "10.0.0.1")

    locked = client.post(
        reverse("account_login"), {"login": "dewi@example.test", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    colleague_same_office = client.post(
        reverse("account_login"), {"login": "colleague@example.test", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    client.logout()
    same_user_elsewhere = client.post(
        reverse("account_login"), {"login": "dewi@example.test", "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )

    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert colleague_same_office.status_code == 302
    assert same_user_elsewhere.status_code == 302


@pytest.mark.parametrize(("role", "redirected"), [("secretariat", True), ("evaluator", True), ("upp_staff", False)])
def test_organisers_must_set_up_totp_when_required(as_role, settings, role, redirected):
    settings.MFA_REQUIRED_FOR_ORGANISERS = True
    client, _user = as_role(role)

    response = client.get(reverse("dashboard"))

    if redirected:
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    else:
        assert response.status_code == 200


def test_organiser_with_totp_passes_the_mfa_requirement(client, settings, secretariat):
    settings.MFA_REQUIRED_FOR_ORGANISERS = True
    TOTP.activate(secretariat, generate_totp_secret())
    client.force_login(secretariat)

    response = client.get(reverse("dashboard"))

    assert Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists()
    assert response.status_code == 200


def test_mfa_setup_page_stays_reachable_for_organisers_without_totp(client, settings, secretariat):
    settings.MFA_REQUIRED_FOR_ORGANISERS = True
    client.force_login(secretariat)

    response = client.get(reverse("mfa_activate_totp"), follow=True)

    # allauth asks for the password again before adding an authenticator; neither page is blocked.
    assert response.status_code == 200
    assert response.redirect_chain == [
        (f"{reverse('account_reauthenticate')}?next=%2Fakun%2F2fa%2Ftotp%2Factivate%2F", 302)
    ]
