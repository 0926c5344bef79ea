"""Field verification (verifikasi lapangan): the checklist score, conflicts of interest, the freeze
after sign-off, the final score with a field weight, every page for every role, query counts."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from interviews import field_services
from interviews.field_services import add_photo, checklist_score, plan_visit, save_checklist, sign_off
from interviews.forms import FinalScoringForm
from interviews.models import FieldChecklistItem, FieldVisit, FieldVisitEvent, FinalScoring
from interviews.selectors import final_ranking
from jury.models import ConflictDeclaration, Review
from tests import factories as base

pytestmark = pytest.mark.django_db
approx = pytest.approx

ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]
VISIT_DAY = (timezone.now() + timedelta(days=14)).date()


def photo(name="foto-layanan.jpg", size=(640, 480), image_format="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def items(edition):
    """Weights 2, 1, 1, 1 (total 5): each weight point is worth 20 points of the score."""
    return [
        FieldChecklistItem.objects.create(edition=edition, order=order, weight=weight, label=label, label_en=label_en)
        for order, (weight, label, label_en) in enumerate(
            [
                (2, "Layanan berjalan seperti diuraikan", "The service runs as described"),
                (1, "Pengguna merasakan manfaat", "Users confirm the benefit"),
                (1, "Ada SOP tertulis", "A written procedure exists"),
                (1, "Data dampak dapat diperiksa", "Impact data can be checked"),
            ]
        )
    ]


@pytest.fixture
def visit(surabaya_finalist, panelist, secretariat, items):
    """Surabaya's finalist, verified by the panelist fixture (no home agency, so no conflict)."""
    return plan_visit(proposal=surabaya_finalist, verifiers=[panelist], planned_on=VISIT_DAY, by=secretariat)


# --- The score -------------------------------------------------------------------------------------


def test_checklist_score_is_the_share_of_weights_met(items):
    heavy, light1, _light2, light3 = items

    assert checklist_score(items, []) == Decimal("0.00")
    assert checklist_score(items, [heavy.pk]) == Decimal("40.00")
    assert checklist_score(items, [heavy.pk, light1.pk, light3.pk]) == Decimal("80.00")
    assert checklist_score(items, [item.pk for item in items]) == Decimal("100.00")
    assert checklist_score(items[1:], [light1.pk]) == Decimal("33.33")
    assert checklist_score([], []) is None


def test_sign_off_writes_the_score_of_the_checks_met(visit, items, panelist):
    save_checklist(visit=visit, met_items=[items[0], items[2]], notes="SOP ditempel di loket.", by=panelist)

    sign_off(visit=visit, by=panelist)

    visit.refresh_from_db()
    assert (visit.status, visit.score, visit.signed_off_by) == ("signed_off", Decimal("60.00"), panelist)
    assert visit.signed_off_at is not None
    assert list(visit.events.values_list("action", "after")) == [
        ("planned", VISIT_DAY.isoformat()),
        ("verifiers", panelist.full_name),
        ("status", "in_progress"),
        ("status", "signed_off"),
    ]


def test_sign_off_is_refused_without_a_checklist(surabaya_finalist, panelist, secretariat):
    visit = plan_visit(proposal=surabaya_finalist, verifiers=[panelist], planned_on=VISIT_DAY, by=secretariat)

    with pytest.raises(ValidationError, match="no field checklist"):
        sign_off(visit=visit, by=panelist)

    visit.refresh_from_db()
    assert visit.status == "planned"


# --- Verifiers and conflicts -----------------------------------------------------------------------


def test_a_verifier_working_for_the_finalists_agency_is_refused(
    surabaya_finalist, make_panelist, agency, secretariat, items
):
    budi = make_panelist("budi@example.test", "Budi Santoso", agency=agency)

    with pytest.raises(ValidationError) as refused:
        plan_visit(proposal=surabaya_finalist, verifiers=[budi], planned_on=VISIT_DAY, by=secretariat)

    assert "Budi Santoso: The juror works for the agency that entered the proposal." in refused.value.messages[0]
    assert not FieldVisit.objects.exists()


def test_a_declared_conflict_refuses_the_verifier(surabaya_finalist, evaluator, edition, secretariat, items):
    ConflictDeclaration.objects.create(
        edition=edition, juror=evaluator, proposal=surabaya_finalist, reason="Pernah membina inovasi ini."
    )

    with pytest.raises(ValidationError, match="Pernah membina inovasi ini"):
        plan_visit(proposal=surabaya_finalist, verifiers=[evaluator], planned_on=VISIT_DAY, by=secretariat)

    assert not FieldVisit.objects.exists()


def test_only_organiser_staff_may_verify(surabaya_finalist, admin_lokal, secretariat, items):
    with pytest.raises(ValidationError, match="secretariat, evaluators or panelists"):
        plan_visit(proposal=surabaya_finalist, verifiers=[admin_lokal], planned_on=VISIT_DAY, by=secretariat)


def test_only_a_finalist_gets_a_visit(edition, umum, panelist, secretariat):
    from tests.submissions.factories import ProposalFactory

    proposal = ProposalFactory(group=umum)

    with pytest.raises(ValidationError, match="Only a finalist"):
        plan_visit(proposal=proposal, verifiers=[panelist], planned_on=VISIT_DAY, by=secretariat)


def test_replanning_changes_verifiers_and_date(visit, evaluator, secretariat, surabaya_finalist):
    later = VISIT_DAY + timedelta(days=2)

    plan_visit(proposal=surabaya_finalist, verifiers=[evaluator], planned_on=later, by=secretariat)

    visit.refresh_from_db()
    assert (list(visit.verifiers.all()), visit.planned_on) == ([evaluator], later)


def test_verifiers_are_told_once_per_planned_day(visit, panelist, evaluator, secretariat, surabaya_finalist):
    from notifications.models import Message

    def told():
        return sorted(Message.objects.filter(event="field_visit_assigned").values_list("to_email", flat=True))

    assert told() == [panelist.email]
    plan_visit(proposal=surabaya_finalist, verifiers=[panelist, evaluator], planned_on=VISIT_DAY, by=secretariat)
    assert told() == sorted([panelist.email, evaluator.email])
    plan_visit(
        proposal=surabaya_finalist,
        verifiers=[panelist, evaluator],
        planned_on=VISIT_DAY + timedelta(days=1),
        by=secretariat,
    )
    assert told() == sorted([panelist.email, panelist.email, evaluator.email, evaluator.email])
    assert surabaya_finalist.title in Message.objects.filter(event="field_visit_assigned").first().subject


# --- The freeze ------------------------------------------------------------------------------------


def test_sign_off_freezes_the_visit(visit, items, panelist, evaluator, secretariat, surabaya_finalist):
    save_checklist(visit=visit, met_items=[items[0]], notes="Baik.", by=panelist)
    add_photo(visit=visit, upload=photo(), by=panelist)
    sign_off(visit=visit, by=panelist)

    attempts = [
        lambda: save_checklist(visit=visit, met_items=items, notes="Diubah.", by=panelist),
        lambda: add_photo(visit=visit, upload=photo(), by=panelist),
        lambda: sign_off(visit=visit, by=panelist),
        lambda: plan_visit(proposal=surabaya_finalist, verifiers=[evaluator], planned_on=VISIT_DAY, by=secretariat),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="signed off"):
            attempt()
    # Reweighing the checklist later does not touch a signed-off score.
    FieldChecklistItem.objects.filter(pk=items[0].pk).update(weight=50)

    visit.refresh_from_db()
    assert (visit.score, visit.notes, visit.photos.count()) == (Decimal("40.00"), "Baik.", 1)
    assert list(visit.met_items.all()) == [items[0]]
    assert list(visit.verifiers.all()) == [panelist]


def test_posting_to_a_signed_off_visit_changes_nothing(client, visit, items, panelist):
    sign_off(visit=visit, by=panelist)
    client.force_login(panelist)

    response = client.post(
        reverse("interviews:field_visit", args=[visit.pk]),
        {"met_items": [item.pk for item in items], "notes": "Diubah", "action": "draft"},
    )

    assert response.status_code == 400
    assert "it can no longer change" in response.content.decode()
    visit.refresh_from_db()
    assert (visit.score, visit.notes, visit.met_items.count()) == (Decimal("0.00"), "", 0)


def test_only_the_visits_verifier_may_fill_it(visit, items, evaluator):
    with pytest.raises(ValidationError, match="Only a verifier"):
        save_checklist(visit=visit, met_items=items, notes="", by=evaluator)


# --- Photos ----------------------------------------------------------------------------------------


def test_a_photo_is_checked_by_content_and_downsized(visit, panelist):
    stored = add_photo(visit=visit, upload=photo("IMG_0001.jpg", size=(4000, 1000)), by=panelist)

    with Image.open(stored.image.open("rb")) as image:
        assert (image.format, image.size) == ("JPEG", (2400, 600))
    assert stored.name == "IMG_0001.jpg"
    with pytest.raises(ValidationError, match="is not really a JPG file"):
        add_photo(visit=visit, upload=SimpleUploadedFile("palsu.jpg", b"bukan gambar sama sekali"), by=panelist)
    with pytest.raises(ValidationError, match="only JPG or PNG files"):
        add_photo(visit=visit, upload=photo("foto.webp", image_format="WEBP"), by=panelist)
    assert visit.photos.count() == 1
    assert FieldVisitEvent.objects.filter(visit=visit, action="photo").count() == 1


# --- Final score -----------------------------------------------------------------------------------


@pytest.fixture
def scored(edition, substance_round, interview_round, make_finalist, items, panelist, secretariat):
    """Two jurors per round; field visits scored on the 2/1/1/1 checklist; weights 60/25/15:

    proposal  substance  interview  field              final = 0.6 s + 0.25 i + 0.15 f
    A         85         65         2+1+1 of 5 = 80    51 + 16.25 + 12 = 79.25
    B         75         95         2 of 5 = 40        45 + 23.75 + 6  = 74.75
    D         80         80         in progress        not verified yet (listed last)
    """
    a, b, d = (make_finalist(title=title) for title in ("A", "B", "D"))
    j1, j2 = base.UserFactory(), base.UserFactory()
    totals = [
        (substance_round, a, 80, 90),
        (substance_round, b, 70, 80),
        (substance_round, d, 80, 80),
        (interview_round, a, 60, 70),
        (interview_round, b, 90, 100),
        (interview_round, d, 80, 80),
    ]
    for round, proposal, first, second in totals:
        Review.objects.create(round=round, juror=j1, proposal=proposal, status="submitted", total=first)
        Review.objects.create(round=round, juror=j2, proposal=proposal, status="submitted", total=second)
    for proposal, met in ((a, items[:3]), (b, items[:1]), (d, items)):
        visit = plan_visit(proposal=proposal, verifiers=[panelist], planned_on=VISIT_DAY, by=secretariat)
        save_checklist(visit=visit, met_items=met, notes="", by=panelist)
        if proposal != d:
            sign_off(visit=visit, by=panelist)
    scoring = FinalScoring.objects.create(
        edition=edition,
        substance_round=substance_round,
        interview_round=interview_round,
        substance_weight=60,
        interview_weight=25,
        field_weight=15,
    )
    return scoring, a, b, d


def test_final_score_with_60_25_15_weights(scored):
    scoring, a, b, d = scored

    rows = final_ranking(scoring)

    assert [(row.proposal_id, row.rank) for row in rows] == [(a.pk, 1), (b.pk, 2), (d.pk, None)]
    assert [row.final for row in rows] == [approx(79.25), approx(74.75), None]
    assert [row.field for row in rows] == [approx(80), approx(40), None]
    assert rows[2].not_verified


def test_a_zero_field_weight_leaves_the_final_score_unchanged(scored):
    scoring, a, b, d = scored
    scoring.substance_weight, scoring.interview_weight, scoring.field_weight = 70, 30, 0
    scoring.save()

    rows = final_ranking(scoring)

    # 0.7 * 85 + 0.3 * 65 = 79.0; 0.7 * 75 + 0.3 * 95 = 81.0; 0.7 * 80 + 0.3 * 80 = 80.0
    assert [(row.proposal_id, row.final) for row in rows] == [
        (b.pk, approx(81)),
        (d.pk, approx(80)),
        (a.pk, approx(79)),
    ]


def test_final_page_and_csv_show_the_field_score(client, scored, secretariat, edition):
    client.force_login(secretariat)

    page = client.get(reverse("interviews:final", args=[edition.slug])).content.decode()
    lines = client.get(reverse("interviews:final_csv", args=[edition.slug])).content.decode("utf-8-sig").splitlines()

    assert "60 % substance + 25 % interview + 15 % field verification" in page
    assert "not verified yet" in page
    assert lines[0] == (
        "Rank,Proposal,Title,Agency,Substance (60 %),Interview (25 %),Field verification (15 %),No-show,Final score"
    )
    assert lines[1].split(",")[0:3] + lines[1].split(",")[-3:] == ["1", str(scored[1].pk), "A", "80.00", "", "79.25"]
    assert lines[3].split(",")[-3:] == ["not verified yet", "", ""]


def test_three_weights_must_add_up_to_100(edition, substance_round, interview_round):
    data = {
        "substance_round": substance_round.pk,
        "interview_round": interview_round.pk,
        "substance_weight": 60,
        "interview_weight": 25,
        "field_weight": 10,
    }

    form = FinalScoringForm(data, edition=edition)
    with pytest.raises(IntegrityError), transaction.atomic():
        FinalScoring.objects.create(
            edition=edition,
            substance_round=substance_round,
            interview_round=interview_round,
            substance_weight=60,
            interview_weight=25,
            field_weight=10,
        )

    assert not form.is_valid()
    assert form.errors["field_weight"] == ["The three weights must add up to 100 %."]
    assert FinalScoringForm({**data, "field_weight": 15}, edition=edition).is_valid()


# --- Pages by role ---------------------------------------------------------------------------------


def _expect(response, role, allowed, ok=(200,)):
    if role in allowed:
        assert response.status_code in ok, response.status_code
    elif role == "anonymous":
        assert response.status_code == 302 and "next=" in response["Location"]
    else:
        assert response.status_code == 404, response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "name"), [("get", "field_visits"), ("get", "field_plan"), ("post", "field_plan")])
def test_secretariat_field_pages_by_role(as_role, role, visit, edition, method, name, evaluator):
    client, _user = as_role(role)
    args = [edition.slug] + ([visit.proposal_id] if name == "field_plan" else [])

    response = getattr(client, method)(
        reverse(f"interviews:{name}", args=args), {"verifiers": [evaluator.pk], "planned_on": VISIT_DAY.isoformat()}
    )

    _expect(response, role, {"secretariat"}, ok=(200, 302))
    if response.status_code == 200 and name == "field_visits":
        assert "Klinik Adminduk Keliling" in response.content.decode()
    visit.refresh_from_db()
    changed = list(visit.verifiers.all()) == [evaluator]
    assert changed == (role == "secretariat" and method == "post")


@pytest.mark.parametrize("role", ROLES)
def test_my_field_visits_by_role(as_role, role, visit):
    client, _user = as_role(role)

    response = client.get(reverse("interviews:field_mine"))

    _expect(response, role, {"secretariat", "evaluator", "panelist"})
    if response.status_code == 200:
        assert ("Klinik Adminduk Keliling" in response.content.decode()) == (role == "panelist")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "name"), [("get", "field_visit"), ("post", "field_visit"), ("get", "field_sign_off")]
)
def test_verifier_pages_by_role(as_role, role, visit, items, method, name):
    client, _user = as_role(role)

    response = getattr(client, method)(
        reverse(f"interviews:{name}", args=[visit.pk]), {"met_items": [items[0].pk], "notes": "Catatan"}
    )

    _expect(response, role, {"panelist"}, ok=(200, 302))
    visit.refresh_from_db()
    assert (visit.notes == "Catatan") == (role == "panelist" and method == "post")


@pytest.mark.parametrize("role", ROLES)
def test_signing_off_by_role(as_role, role, visit):
    client, _user = as_role(role)

    response = client.post(reverse("interviews:field_sign_off", args=[visit.pk]))

    _expect(response, role, {"panelist"}, ok=(302,))
    visit.refresh_from_db()
    assert visit.is_signed_off == (role == "panelist")


@pytest.mark.parametrize("role", ROLES)
def test_field_photo_by_role(as_role, role, visit, panelist):
    stored = add_photo(visit=visit, upload=photo(), by=panelist)
    client, _user = as_role(role)

    response = client.get(reverse("interviews:field_photo", args=[visit.pk, stored.pk]))

    _expect(response, role, {"panelist", "secretariat"})
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_the_form_saves_a_draft_then_asks_to_confirm_the_sign_off(client, visit, items, panelist):
    client.force_login(panelist)
    url = reverse("interviews:field_visit", args=[visit.pk])

    draft = client.post(url, {"met_items": [items[0].pk, items[1].pk], "notes": "Antre 5 menit.", "action": "draft"})
    ask = client.post(
        url, {"met_items": [items[0].pk], "notes": "Antre 5 menit.", "photo": photo(), "action": "sign_off"}
    )
    confirm_page = client.get(ask["Location"]).content.decode()
    visit.refresh_from_db()
    status_before_confirming = visit.status
    client.post(ask["Location"])

    assert draft["Location"] == url
    assert ask["Location"] == reverse("interviews:field_sign_off", args=[visit.pk])
    assert "Sign off the field visit" in confirm_page and "40.00" in confirm_page
    assert status_before_confirming == "in_progress"
    visit.refresh_from_db()
    assert (visit.status, visit.score, visit.notes, visit.photos.count()) == (
        "signed_off",
        Decimal("40.00"),
        "Antre 5 menit.",
        1,
    )
    assert "Signed off on" in client.get(url).content.decode()


# --- Query counts ----------------------------------------------------------------------------------


@pytest.fixture
def many(edition, make_finalist, unit, items, panelist, secretariat):
    def make(count: int):
        for index in range(count):
            proposal = make_finalist(unit=unit, title=f"Inovasi {index}")
            visit = plan_visit(proposal=proposal, verifiers=[panelist], planned_on=VISIT_DAY, by=secretariat)
            if index == 0:
                save_checklist(visit=visit, met_items=items[:2], notes="", by=panelist)
                sign_off(visit=visit, by=panelist)

    return make


# Each includes session, user and the header's notification badge.
FIELD_QUERIES = {
    "interviews:field_visits": 10,  # + roles (2), edition, finalists, visits, their verifiers, checklist
    "interviews:field_mine": 6,  # + roles (organiser, agency), the visits
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "role"), [("interviews:field_visits", "secretariat"), ("interviews:field_mine", "panelist")]
)
def test_field_pages_query_count_is_constant(as_role, many, edition, name, role, count, django_assert_num_queries):
    many(count)
    client, _user = as_role(role)
    args = [edition.slug] if name == "interviews:field_visits" else []

    with django_assert_num_queries(FIELD_QUERIES[name]):
        response = client.get(reverse(name, args=args))

    assert response.content.decode().count("Inovasi ") >= count


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("model", "queries"), [("fieldvisit", 7), ("fieldchecklistitem", 6)])
def test_field_admin_lists_without_n_plus_1(client, many, model, queries, count, django_assert_num_queries):
    many(count)
    client.force_login(base.UserFactory(is_staff=True, is_superuser=True))

    with django_assert_num_queries(queries):
        response = client.get(reverse(f"admin:interviews_{model}_changelist"))

    assert response.status_code == 200


def test_field_candidates_are_the_organisers_staff(edition, secretariat, evaluator, panelist, admin_lokal):
    assert set(field_services.verifier_candidates(edition)) == {secretariat, evaluator, panelist}


def test_plan_page_names_the_conflict_of_each_candidate(client, surabaya_finalist, make_panelist, agency, secretariat):
    make_panelist("budi@example.test", "Budi Santoso", agency=agency)
    client.force_login(secretariat)

    page = client.get(reverse("interviews:field_plan", args=[surabaya_finalist.edition.slug, surabaya_finalist.pk]))

    assert (
        "Budi Santoso (conflict of interest: The juror works for the agency that entered the proposal.)"
        in page.content.decode()
    )


def test_a_photo_may_be_removed_until_sign_off(client, visit, panelist):
    first, second = (add_photo(visit=visit, upload=photo(), by=panelist) for _ in range(2))
    client.force_login(panelist)

    client.post(reverse("interviews:field_remove_photo", args=[visit.pk, first.pk]))
    sign_off(visit=visit, by=panelist)
    client.post(reverse("interviews:field_remove_photo", args=[visit.pk, second.pk]))

    assert list(visit.photos.all()) == [second]
    assert not first.image.storage.exists(first.image.name)


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_photo_by_role(as_role, role, visit, panelist):
    stored = add_photo(visit=visit, upload=photo(), by=panelist)
    client, _user = as_role(role)

    response = client.post(reverse("interviews:field_remove_photo", args=[visit.pk, stored.pk]))

    _expect(response, role, {"panelist"}, ok=(302,))
    assert visit.photos.exists() == (role != "panelist")


def test_admin_freezes_weights_once_a_visit_is_signed_off(client, visit, items, panelist):
    client.force_login(base.UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:interviews_fieldchecklistitem_change", args=[items[0].pk])
    editable_before = 'name="weight"' in client.get(url).content.decode()

    sign_off(visit=visit, by=panelist)
    page = client.get(url).content.decode()
    delete = client.get(reverse("admin:interviews_fieldchecklistitem_delete", args=[items[0].pk]))

    assert editable_before
    assert 'name="weight"' not in page
    assert delete.status_code == 403
