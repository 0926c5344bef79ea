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


def test_segment_by_province_takes_agencies_of_the_province_its_cities_and_their_bumd():
    from agencies.models import Region

    papua = Region.objects.get(name="Papua", level=Region.Level.PROVINCE)
    jayapura = Region.objects.filter(province=papua).order_by("code").first()
    java = Region.objects.get(name="Jawa Timur", level=Region.Level.PROVINCE)
    people = {}
    for name, region, parent in [
        ("provinsi", papua, None),
        ("kota", jayapura, None),
        ("jatim", java, None),
    ]:
        agency = factories.AgencyFactory(name=f"Instansi {name}", region=region, parent=parent)
        people[name] = factories.MembershipFactory(
            user=factories.UserFactory(email=f"{name}@example.test"), agency=agency, role="admin_lokal"
        ).user
    bumd = factories.AgencyFactory(
        name="Perumda Air Minum Jayapura",
        kind=Agency.Kind.BUMD,
        region=None,
        parent=people["kota"].agency_memberships.get().agency,
    )
    people["bumd"] = factories.MembershipFactory(
        user=factories.UserFactory(email="bumd@example.test"), agency=bumd, role="admin_lokal"
    ).user

    members = set(segment_members(roles=["admin_lokal"], provinces=[papua]))

    assert members == {people["provinsi"], people["kota"], people["bumd"]}


def test_segment_of_agencies_with_proposals_not_yet_forwarded(agency, admin_lokal, upp_staff):
    from submissions.models import Proposal
    from tests.submissions.factories import ProposalFactory

    forwarded_agency = factories.AgencyFactory(name="Pemerintah Kota Malang")
    done = factories.MembershipFactory(
        user=factories.UserFactory(email="selesai@example.test"), agency=forwarded_agency, role="admin_lokal"
    ).user
    waiting = ProposalFactory(innovation__unit__agency=agency, status=Proposal.Status.SUBMITTED)
    ProposalFactory(innovation__unit__agency=forwarded_agency, group=waiting.group, status=Proposal.Status.FORWARDED)
    other_edition = ProposalFactory(innovation__unit__agency=forwarded_agency, status=Proposal.Status.DRAFT)

    members = list(segment_members(roles=["admin_lokal", "upp_staff"], unforwarded_in=waiting.edition))

    assert members == [admin_lokal, upp_staff]
    assert done in segment_members(roles=["admin_lokal"], unforwarded_in=other_edition.edition)


def test_group_message_reaches_only_its_segment(people, secretariat):
    from agencies.models import Region

    papua = Region.objects.get(name="Papua", level=Region.Level.PROVINCE)
    papua_agency = Agency.objects.get(name="Pemerintah Provinsi Papua")
    papua_agency.region = papua
    papua_agency.save(update_fields=["region"])
    group = GroupMessage.objects.create(subject_id="Untuk Papua", body_id="Halo Papua.", roles=["admin_lokal"])
    group.provinces.set([papua])

    messages = services.send_group_message(group_message=group, by=secretariat)

    assert [message.to_email for message in messages] == ["admin.papua@example.test"]
