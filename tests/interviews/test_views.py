"""Every page of the interviews app for every role, what each page shows, and query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interviews import services
from interviews.models import FinalScoring, Interview
from jury.models import ConflictDeclaration, PanelMember
from tests import factories as base
from tests.interviews.conftest import make_slots, pdf_bytes

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]
AGENCY = {"admin_lokal", "upp_staff"}


@pytest.fixture
def placed(edition, interview_round, substance_round, panelist, surabaya_finalist, secretariat):
    """Surabaya's finalist in the 09:00 slot judged by the panelist fixture, with a deck uploaded."""
    PanelMember.objects.create(panel=interview_round.panel, user=panelist)
    make_slots(edition, interview_round, count=2, panelists=[panelist])
    services.assign_finalists(edition=edition, by=secretariat)
    interview = Interview.objects.get()
    services.upload_materials(interview=interview, by=secretariat, deck=SimpleUploadedFile("paparan.pdf", pdf_bytes()))
    FinalScoring.objects.create(edition=edition, substance_round=substance_round, interview_round=interview_round)
    return interview


def _expect(response, role, allowed, ok=(200,)):
    if role in allowed:
        assert response.status_code in ok, response.status_code
    elif role == "anonymous":
        assert response.status_code == 302 and "next=" in response["Location"]
    else:
        assert response.status_code == 404


SECRETARIAT_PAGES = [
    ("get", "interviews:slots", False),
    ("post", "interviews:assign", False),
    ("get", "interviews:move", True),
    ("post", "interviews:attendance", True),
    ("get", "interviews:final", False),
    ("get", "interviews:final_csv", False),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "name", "with_pk"), SECRETARIAT_PAGES)
def test_secretariat_pages_by_role(as_role, role, placed, edition, method, name, with_pk):
    client, _user = as_role(role)
    args = [edition.slug, placed.pk] if with_pk else [edition.slug]

    response = getattr(client, method)(reverse(name, args=args))

    _expect(response, role, {"secretariat"}, ok=(200, 302))


AGENCY_PAGES = [
    ("get", "interviews:interview", {}),
    ("post", "interviews:answer", {"status": "confirmed"}),
    ("post", "interviews:materials", {"video_link": "https://youtu.be/x"}),
    ("get", "interviews:calendar", {}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "name", "data"), AGENCY_PAGES)
def test_agency_pages_by_role(as_role, role, placed, method, name, data):
    client, _user = as_role(role)

    response = getattr(client, method)(reverse(name, args=[placed.pk]), data)

    _expect(response, role, AGENCY, ok=(200, 302))
    placed.refresh_from_db()
    if name == "interviews:answer":
        assert (placed.status == "confirmed") == (role in AGENCY)


@pytest.mark.parametrize("role", ROLES)
def test_schedule_by_role(as_role, role, placed):
    client, _user = as_role(role)

    response = client.get(reverse("interviews:schedule"))

    _expect(response, role, AGENCY | {"other_agency_staff"})
    if response.status_code == 200:
        assert ("Klinik Adminduk Keliling" in response.content.decode()) == (role in AGENCY)


@pytest.mark.parametrize("role", ROLES)
def test_materials_by_role(as_role, role, placed):
    client, _user = as_role(role)

    response = client.get(reverse("interviews:material", args=[placed.pk, "deck"]))

    _expect(response, role, AGENCY | {"secretariat", "panelist"})
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("role", ROLES)
def test_panel_page_by_role(as_role, role, placed):
    client, _user = as_role(role)

    response = client.get(reverse("interviews:panel"))

    _expect(response, role, {"panelist"})
    if response.status_code == 200:
        page = response.content.decode()
        assert "Klinik Adminduk Keliling" in page
        assert reverse("jury:score", args=[placed.slot.round_id, placed.proposal_id]) in page


def test_panel_page_hides_the_scoring_link_until_the_round_opens(client, placed, panelist):
    round = placed.slot.round
    round.opens_at = timezone.now() + timedelta(days=2)
    round.save()
    client.force_login(panelist)

    page = client.get(reverse("interviews:panel")).content.decode()

    assert reverse("jury:score", args=[round.pk, placed.proposal_id]) not in page
    assert "Opens" in page


def test_confirmation_after_the_deadline_shows_the_reason(client, placed, admin_lokal):
    slot = placed.slot
    slot.starts_at = timezone.now() + timedelta(hours=23)
    slot.save()
    client.force_login(admin_lokal)

    response = client.post(reverse("interviews:answer", args=[placed.pk]), {"status": "confirmed"}, follow=True)

    placed.refresh_from_db()
    assert placed.status == "scheduled"
    assert "Confirmation closed at" in response.content.decode()
    assert "Confirm attendance" not in response.content.decode()


def test_moving_to_a_conflicted_slot_shows_the_refusal(client, placed, edition, interview_round, make_panelist, agency):
    budi = make_panelist("budi@example.test", "Budi Santoso", agency=agency)
    conflicted = make_slots(edition, interview_round, start=services.time(15, 0), panelists=[budi])[0]
    client.force_login(edition.organiser.memberships.get(role="secretariat").user)

    response = client.post(reverse("interviews:move", args=[edition.slug, placed.pk]), {"slot": conflicted.pk})

    assert response.status_code == 200
    assert "conflict of interest" in response.content.decode()
    placed.refresh_from_db()
    assert placed.slot != conflicted


def test_bulk_create_form_makes_the_day(client, secretariat, edition, interview_round, panelist):
    PanelMember.objects.create(panel=interview_round.panel, user=panelist)
    client.force_login(secretariat)

    response = client.post(
        reverse("interviews:slots", args=[edition.slug]),
        {
            "round": interview_round.pk,
            "day": "2026-07-14",
            "start": "08:30",
            "count": "3",
            "duration_minutes": "20",
            "gap_minutes": "5",
            "video_link": "https://meet.example.test/a",
        },
    )

    assert response.status_code == 302
    starts = [slot.starts_at.astimezone(services.WIB).strftime("%H:%M") for slot in edition.interview_slots.all()]
    assert starts == ["08:30", "08:55", "09:20"]
    assert [list(slot.panelists.all()) for slot in edition.interview_slots.all()] == [[panelist]] * 3


def test_final_csv_lists_the_ranking(client, placed, secretariat, edition):
    client.force_login(secretariat)

    response = client.get(reverse("interviews:final_csv", args=[edition.slug]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Rank,Proposal,Title,Agency,Substance (70 %),Interview (30 %),No-show,Final score"
    assert lines[1].split(",")[1:4] == [str(placed.proposal_id), "Klinik Adminduk Keliling", "Pemerintah Kota Surabaya"]


# --- Query counts ----------------------------------------------------------------------------------


@pytest.fixture
def many(edition, interview_round, substance_round, panelist, make_finalist, unit, secretariat):
    def make(count: int):
        PanelMember.objects.create(panel=interview_round.panel, user=panelist)
        make_slots(edition, interview_round, count=count, panelists=[panelist])
        for index in range(count):
            make_finalist(unit=unit, title=f"Inovasi {index}")
        services.assign_finalists(edition=edition, by=secretariat)
        FinalScoring.objects.create(edition=edition, substance_round=substance_round, interview_round=interview_round)
        assert Interview.objects.count() == count

    return make


QUERIES = {
    # Each includes session, user and the header's notification badge. The final ranking runs the
    # jury's ranking of two rounds (stats, criteria, nominations, display rows each) and renders two
    # round selects.
    "interviews:slots": 18,  # + the live conflict check of placed slots (proposals, declarations, profiles)
    "interviews:schedule": 6,
    "interviews:panel": 7,
    "interviews:final": 23,
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("interviews:slots", "secretariat"),
        ("interviews:schedule", "admin_lokal"),
        ("interviews:panel", "panelist"),
        ("interviews:final", "secretariat"),
    ],
)
def test_list_pages_query_count_is_constant(as_role, many, edition, name, role, count, django_assert_num_queries):
    many(count)
    client, _user = as_role(role)
    args = [edition.slug] if name in ("interviews:slots", "interviews:final") else []

    with django_assert_num_queries(QUERIES[name]):
        response = client.get(reverse(name, args=args))

    assert response.content.decode().count("Inovasi ") >= count


@pytest.fixture
def superuser_client(client):
    client.force_login(base.UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("model", "queries"), [("interviewslot", 9), ("interview", 6), ("interviewevent", 5), ("finalscoring", 5)]
)
def test_admin_lists_without_n_plus_1(superuser_client, many, model, queries, count, django_assert_num_queries):
    many(count)

    with django_assert_num_queries(queries):
        response = superuser_client.get(reverse(f"admin:interviews_{model}_changelist"))

    assert response.status_code == 200


def test_slots_page_flags_a_conflict_declared_after_placement(client, placed, secretariat, edition, panelist):
    ConflictDeclaration.objects.create(
        edition=edition, juror=panelist, proposal=placed.proposal, reason="Pernah menjadi konsultan inovasi ini."
    )
    client.force_login(secretariat)

    page = client.get(reverse("interviews:slots", args=[edition.slug])).content.decode()

    assert "Conflict of interest since placement, move this finalist:" in page
    assert "Pernah menjadi konsultan inovasi ini." in page


@pytest.mark.parametrize("role", ROLES)
def test_drafting_winners_by_role(as_role, role, placed, edition, substance_round, interview_round):
    from interviews.models import FinalScoring
    from judging.models import ShortlistDraft
    from jury.models import Review

    juror = base.UserFactory()
    for round, total in [(substance_round, 80), (interview_round, 90)]:
        Review.objects.create(round=round, juror=juror, proposal=placed.proposal, status="submitted", total=total)
    FinalScoring.objects.update_or_create(
        edition=edition, defaults={"substance_round": substance_round, "interview_round": interview_round}
    )
    before = set(ShortlistDraft.objects.values_list("pk", flat=True))  # the finalists' own draft
    client, _user = as_role(role)

    response = client.post(reverse("interviews:draft_winners", args=[edition.slug]), {"size": "45"})

    _expect(response, role, {"secretariat"}, ok=(302,))
    drafts = list(ShortlistDraft.objects.exclude(pk__in=before))
    if role == "secretariat":
        assert [draft.selected for draft in drafts] == [[placed.proposal_id]]
        assert response["Location"] == reverse("judging:shortlist", args=[edition.slug, drafts[0].pk])
        page = client.get(response["Location"])
        assert page.status_code == 200 and placed.proposal.title in page.content.decode()
    else:
        assert drafts == []


def test_the_time_of_a_placed_slot_cannot_change_in_the_admin(superuser_client, placed, edition, interview_round):
    from interviews.models import InterviewSlot
    from tests.interviews.conftest import DAY

    empty = make_slots(edition, interview_round, count=1, day=DAY + timedelta(days=1))[0]

    placed_page = superuser_client.get(reverse("admin:interviews_interviewslot_change", args=[placed.slot_id]))
    empty_page = superuser_client.get(reverse("admin:interviews_interviewslot_change", args=[empty.pk]))

    assert 'name="starts_at_0"' not in placed_page.content.decode()
    assert 'name="starts_at_0"' in empty_page.content.decode()
    assert empty in InterviewSlot.objects.filter(interview__isnull=True)
