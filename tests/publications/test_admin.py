"""The admin desk: book definitions saved through the service, a generate action, and revocation
that asks for the reason first."""

import pytest
from django.urls import reverse

from publications import services
from publications.models import Book, Certificate
from submissions.models import Award
from tests.publications.factories import book_of

pytestmark = pytest.mark.django_db


def test_revoking_in_the_admin_asks_for_the_reason_then_revokes(admin_client, admin_user, edition, winners):
    services.issue_certificates(edition=edition)
    chosen = list(Certificate.objects.filter(tier=Award.Tier.TOP_99).order_by("pk")[:2])
    url = reverse("admin:publications_certificate_changelist")
    selection = {"action": "revoke", "_selected_action": [certificate.pk for certificate in chosen]}

    asked = admin_client.post(url, selection)
    done = admin_client.post(url, {**selection, "apply": "1", "reason": "SK pembatalan No. 7/2024."})

    assert asked.status_code == 200 and chosen[0].display_code in asked.content.decode()
    assert done.status_code == 302
    assert sorted(Certificate.objects.exclude(revoked_at=None).values_list("pk", flat=True)) == [c.pk for c in chosen]
    assert set(Certificate.objects.exclude(revoked_at=None).values_list("revoked_reason", "revoked_by")) == {
        ("SK pembatalan No. 7/2024.", admin_user.pk)
    }


def test_the_admin_revocation_without_a_reason_revokes_nothing(admin_client, edition, winners):
    services.issue_certificates(edition=edition)
    chosen = Certificate.objects.first()

    response = admin_client.post(
        reverse("admin:publications_certificate_changelist"),
        {"action": "revoke", "_selected_action": [chosen.pk], "apply": "1", "reason": ""},
    )

    assert response.status_code == 200
    assert not Certificate.objects.exclude(revoked_at=None).exists()


def test_certificates_cannot_be_added_or_deleted_in_the_admin(admin_client, edition, winners):
    services.issue_certificates(edition=edition)
    certificate = Certificate.objects.first()

    assert admin_client.get(reverse("admin:publications_certificate_add")).status_code == 403
    assert admin_client.get(reverse("admin:publications_certificate_delete", args=[certificate.pk])).status_code == 403


def test_the_generate_action_queues_each_book(admin_client, edition, secretariat, django_capture_on_commit_callbacks):
    first, second = book_of(edition, by=secretariat), book_of(edition, by=secretariat, title="Buku Kedua")

    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(
            reverse("admin:publications_book_changelist"),
            {"action": "generate", "_selected_action": [first.pk, second.pk]},
        )

    assert set(Book.objects.values_list("status", flat=True)) == {Book.Status.QUEUED}
    assert len(callbacks) == 2


def test_a_book_added_in_the_admin_is_validated_by_the_service(admin_client, edition):
    response = admin_client.post(
        reverse("admin:publications_book_add"),
        {"edition": edition.pk, "title": "Buku", "isbn": "123", "language": "id", "grouping": "category"},
    )

    assert response.status_code == 200
    assert "Masukkan ISBN 13 digit" in response.content.decode()
    assert not Book.objects.exists()
