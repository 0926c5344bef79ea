"""Messages to groups: the segment, sending once, and delivery per recipient."""

import pytest

from agencies.models import Agency, Membership
from notifications import services
from notifications.models import GroupMessage, Message
from notifications.selectors import segment_members
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(agency, admin_lokal, upp_staff, secretariat, evaluator):
    provinsi = factories.AgencyFactory(name="Pemerintah Provinsi Papua", kind=Agency.Kind.PROVINSI)
    papua_admin = factories.UserFactory(email="admin.papua@example.test", language="en")
    factories.MembershipFactory(user=papua_admin, agency=provinsi, role=Membership.Role.ADMIN_LOKAL)
    inactive = factories.UserFactory(email="pensiun@example.test", is_active=False)
    factories.MembershipFactory(user=inactive, agency=provinsi, role=Membership.Role.ADMIN_LOKAL)
    left = factories.UserFactory(email="pindah@example.test")
    factories.MembershipFactory(user=left, agency=provinsi, role=Membership.Role.ADMIN_LOKAL, is_active=False)
    return {"papua_admin": papua_admin, "admin_lokal": admin_lokal, "upp": upp_staff, "secretariat": secretariat}


def test_segment_by_role_takes_active_people_with_active_memberships(people):
    members = segment_members(roles=["admin_lokal"])

    assert list(members) == [people["papua_admin"], people["admin_lokal"]]


def test_segment_by_agency_kind(people):
    assert list(segment_members(roles=["admin_lokal", "upp_staff"], agency_kinds=["provinsi"])) == [
        people["papua_admin"]
    ]
    assert list(segment_members(roles=["admin_lokal", "upp_staff"], agency_kinds=["kota"])) == [
        people["admin_lokal"],
        people["upp"],
    ]


def test_segment_with_organiser_roles_ignores_agency_kinds(people):
    members = segment_members(roles=["secretariat", "admin_lokal"], agency_kinds=["provinsi"])

    assert list(members) == [people["papua_admin"], people["secretariat"]]


def test_send_group_message_reaches_each_person_once_in_their_language(people, secretariat):
    group = GroupMessage.objects.create(
        subject_id="Pengajuan segera ditutup",
        body_id="Mohon teruskan proposal sebelum 30 April.",
        subject_en="Proposal entry closes soon",
        body_en="Please forward proposals before 30 April.",
        roles=["admin_lokal"],
    )

    messages = services.send_group_message(group_message=group, by=secretariat)

    group.refresh_from_db()
    assert group.sent_by == secretariat
    assert group.sent_at is not None
    assert set(group.messages.all()) == set(messages)
    english = Message.objects.get(recipient=people["papua_admin"])
    indonesian = Message.objects.get(recipient=people["admin_lokal"])
    assert (english.subject, indonesian.subject) == ("Proposal entry closes soon", "Pengajuan segera ditutup")
    assert "Please forward proposals before 30 April." in english.body_text
    assert "Mohon teruskan proposal sebelum 30 April." in indonesian.body_html
    assert people["papua_admin"].notifications.get().title == "Proposal entry closes soon"
    assert group.messages.status_counts() == {"pending": 2, "sending": 0, "sent": 0, "failed": 0}

    with pytest.raises(services.AlreadySent):
        services.send_group_message(group_message=group, by=secretariat)
    assert Message.objects.count() == 2


def test_group_message_without_english_text_reaches_english_readers_in_indonesian(people, secretariat):
    group = GroupMessage.objects.create(subject_id="Pengumuman", body_id="Isi pengumuman.", roles=["admin_lokal"])

    services.send_group_message(group_message=group, by=secretariat)

    english = Message.objects.get(recipient=people["papua_admin"])
    assert english.subject == "Pengumuman"
    assert english.body_text.startswith("Dear ")
