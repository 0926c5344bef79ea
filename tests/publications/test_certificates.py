"""Certificates: issued once per award tier and per jury role, made as PDFs by a task, sent to the
Admin Lokal, checked on the public verification page, revoked with a reason."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competitions.models import Edition, Stage
from notifications.models import Message
from publications import services, tasks
from publications.models import CODE_ALPHABET, Certificate, new_certificate_code, normalise_code
from submissions.models import Award
from tests.competitions.factories import EditionFactory
from tests.jury.factories import PanelFactory, PanelMemberFactory
from tests.publications.factories import flat, pages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(edition, evaluator, panelist):
    """The edition's desk-evaluation team (the evaluator) and its independent panel (the panelist)."""
    from jury.models import JurorProfile

    PanelMemberFactory(panel=PanelFactory(edition=edition), user=evaluator)
    PanelMemberFactory(
        panel=PanelFactory(edition=edition, stage__kind=Stage.Kind.PANEL_REVIEW, name="Tim Panel Independen"),
        user=panelist,
    )
    JurorProfile.objects.create(user=evaluator, affiliation="Universitas Gadjah Mada")
    return evaluator, panelist


def summary(certificates):
    return sorted(
        (certificate.kind, certificate.tier, certificate.recipient_name, certificate.innovation_title)
        for certificate in certificates
    )


def test_certificates_are_issued_once_per_award_tier_and_per_jury_role(edition, winners, jury):
    evaluator, panelist = jury

    first = services.issue_certificates(edition=edition)
    again = services.issue_certificates(edition=edition)

    assert summary(first) == [
        ("juror", "", evaluator.full_name, ""),
        ("panelist", "", panelist.full_name, ""),
        (
            "winner",
            "outstanding",
            "Pemerintah Kabupaten Jayawijaya",
            "Honai Adminduk: Dokumen Kependudukan di Lembah Baliem",
        ),
        ("winner", "top45", "Pemerintah Kota Surabaya Lama", "Klinik Kependudukan Keliling"),
        ("winner", "top99", "Kementerian Kesehatan", "Sehat Jiwa Daring"),
        ("winner", "top99", "Pemerintah Kabupaten Jayawijaya", "Honai Adminduk: Dokumen Kependudukan di Lembah Baliem"),
        ("winner", "top99", "Pemerintah Kota Surabaya Lama", "Klinik Kependudukan Keliling"),
    ]
    assert sorted(c.pk for c in again) == sorted(c.pk for c in first)
    assert Certificate.objects.get(user=evaluator).recipient_detail == "Universitas Gadjah Mada"


def test_certificates_wait_for_the_results_to_be_published(secretariat):
    edition = EditionFactory(status=Edition.Status.PUBLISHED)

    with pytest.raises(ValidationError, match="setelah hasil edisi ini diumumkan"):
        services.issue_certificates(edition=edition)


def test_a_withdrawn_award_revokes_its_certificate(edition, winners):
    services.issue_certificates(edition=edition)
    Award.objects.filter(edition=edition, tier=Award.Tier.TOP_45).delete()

    services.issue_certificates(edition=edition)

    revoked = Certificate.objects.get(tier=Award.Tier.TOP_45)
    assert revoked.is_revoked and revoked.revoked_reason == "Penghargaan dibatalkan."
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 4


def test_the_task_makes_each_pdf_once_and_tells_the_admin_lokal_once(edition, winners, secretariat):
    from agencies.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    agency = winners[0].innovation.agency
    admin = UserFactory(email="admin.jayawijaya@example.test")
    MembershipFactory(user=admin, agency=agency, role=Membership.Role.ADMIN_LOKAL)
    services.issue_certificates(edition=edition)

    made = tasks.generate_certificates_task.delay(edition.pk).get()
    files = dict(Certificate.objects.values_list("pk", "sha256"))
    again = tasks.generate_certificates_task.delay(edition.pk).get()

    assert (made, again) == (5, 0)
    assert all(files.values()) and dict(Certificate.objects.values_list("pk", "sha256")) == files
    messages = Message.objects.filter(event="certificate_ready")
    # Honai Adminduk is Outstanding Achievement and Top 99: two certificates, two messages.
    assert sorted(messages.values_list("to_email", flat=True)) == [admin.email, admin.email]


def test_regenerating_replaces_each_file_under_the_same_name(edition, winners):
    services.issue_certificates(edition=edition)
    services.generate_certificates(edition_id=edition.pk)
    names = dict(Certificate.objects.values_list("pk", "file"))

    remade = services.generate_certificates(edition_id=edition.pk, regenerate=True)

    assert remade == 5
    assert dict(Certificate.objects.values_list("pk", "file")) == names
    folder = Path(Certificate.objects.first().file.path).parent
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{code}.pdf" for code in Certificate.objects.values_list("code", flat=True)
    )


def test_a_certificate_says_who_received_what_and_how_to_check_it(edition, winners, settings):
    services.issue_certificates(edition=edition)
    certificate = services.generate_certificate_file(certificate=Certificate.objects.get(tier=Award.Tier.TOP_45))

    text = flat(" ".join(pages_of(certificate.file.path)))

    assert "Pemerintah Kota Surabaya Lama" in text
    assert "Klinik Kependudukan Keliling" in text
    assert "TOP 45 INOVASI PELAYANAN PUBLIK 2023" in text
    assert certificate.display_code in text
    assert f"{settings.SITE_URL}/publikasi/sertifikat/{certificate.code}/" in text.replace(" ", "")
    assert len(pages_of(certificate.file.path)) == 1


@pytest.mark.parametrize("kind", ["juror", "panelist"])
def test_jury_certificates_name_the_role(edition, jury, kind):
    services.issue_certificates(edition=edition)
    certificate = services.generate_certificate_file(certificate=Certificate.objects.get(kind=kind))

    text = flat(" ".join(pages_of(certificate.file.path)))

    expected = "ANGGOTA TIM EVALUASI" if kind == "juror" else "ANGGOTA TIM PANEL INDEPENDEN"
    assert expected in text and certificate.recipient_name in text


def test_the_verification_page_shows_what_was_awarded(client, edition, winners):
    services.issue_certificates(edition=edition)
    certificate = Certificate.objects.get(tier=Award.Tier.OUTSTANDING)

    response = client.get(reverse("publications:verify", args=[certificate.code]))

    text = flat(response.content.decode())
    assert response.status_code == 200
    assert "SAH" in text and "DICABUT" not in text
    assert "Outstanding Achievement" in text
    assert "Pemerintah Kabupaten Jayawijaya" in text
    assert "Honai Adminduk: Dokumen Kependudukan di Lembah Baliem" in text
    assert winners[0].get_absolute_url() in text


def test_a_revoked_certificate_says_so_with_the_reason(client, edition, winners, secretariat):
    services.issue_certificates(edition=edition)
    certificate = Certificate.objects.get(tier=Award.Tier.TOP_45)

    services.revoke_certificate(certificate=certificate, by=secretariat, reason="Data palsu (SK Menteri No. 12/2024).")
    response = client.get(reverse("publications:verify", args=[certificate.code]))

    text = flat(response.content.decode())
    assert "DICABUT" in text
    assert "Data palsu (SK Menteri No. 12/2024)." in text
    assert "Sertifikat ini dicabut pada" in text


def test_revoking_needs_a_reason_and_happens_once(edition, winners, secretariat):
    services.issue_certificates(edition=edition)
    certificate = Certificate.objects.get(tier=Award.Tier.TOP_45)

    with pytest.raises(ValidationError) as blank:
        services.revoke_certificate(certificate=certificate, by=secretariat, reason="  ")
    services.revoke_certificate(certificate=certificate, by=secretariat, reason="Data palsu.")
    with pytest.raises(ValidationError, match="sudah dicabut"):
        services.revoke_certificate(certificate=certificate, by=secretariat, reason="Lagi.")

    certificate.refresh_from_db()
    assert "reason" in blank.value.message_dict
    assert (certificate.revoked_reason, certificate.revoked_by) == ("Data palsu.", secretariat)


def test_codes_use_only_unambiguous_characters():
    codes = {new_certificate_code() for _ in range(500)}

    assert len(codes) == 500
    assert all(len(code) == 8 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01ILOU") & set(CODE_ALPHABET)
    assert normalise_code(" 7kq4-mz2p ") == "7KQ4MZ2P"


def test_a_typed_code_in_any_case_with_a_hyphen_finds_the_certificate(client, edition, winners):
    services.issue_certificates(edition=edition)
    certificate = Certificate.objects.get(tier=Award.Tier.OUTSTANDING)

    found = client.get(reverse("publications:verify_lookup"), {"code": certificate.display_code.lower()})
    lowercase = client.get(reverse("publications:verify", args=[certificate.code.lower()]))
    unknown = client.get(reverse("publications:verify_lookup"), {"code": "2345-6789"})
    malformed = client.get(reverse("publications:verify_lookup"), {"code": "ABC"})

    assert found.status_code == 302 and found["Location"] == certificate.get_absolute_url()
    assert lowercase.status_code == 302 and lowercase["Location"] == certificate.get_absolute_url()
    assert "Tidak ada sertifikat dengan kode ini" in unknown.content.decode()
    assert 'value="2345-6789"' in unknown.content.decode()
    assert "8 huruf dan angka" in malformed.content.decode()
    assert client.get(reverse("publications:verify", args=["ZZZZ2222"])).status_code == 404
