import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competitions.models import OrganiserMembership
from jury.models import Assignment, Nomination, PanelMember, Review
from notifications.models import Message
from tests import factories as base
from tests.jury.factories import RoundFactory

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous",
    "upp_staff",
    "admin_lokal",
    "other_agency_staff",
    "evaluator",
    "unassigned_evaluator",
    "panelist",
    "secretariat",
]
JUROR_ONLY = {
    "anonymous": "login",
    "upp_staff": 404,
    "admin_lokal": 404,
    "other_agency_staff": 404,
    "evaluator": 200,
    "unassigned_evaluator": 404,
    "panelist": 404,
    "secretariat": 404,
}
SECRETARIAT_ONLY = {**JUROR_ONLY, "evaluator": 404, "secretariat": 200}


@pytest.fixture
def unassigned_evaluator(jury_round, organiser):
    """An evaluator on the same panel, with no assignment of the proposal."""
    user = base.UserFactory(email="evaluator.lain@example.test")
    OrganiserMembership.objects.create(user=user, organiser=organiser, role="evaluator")
    PanelMember.objects.create(panel=jury_round.panel, user=user)
    return user


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    elif expected == 200 and response.status_code == 302:
        pass  # a POST that succeeded and redirected
    else:
        assert response.status_code == expected, response.content[:400]


def _juror_urls(assignment, criterion):
    args = [assignment.round_id, assignment.proposal_id]
    return {
        "score": ("get", reverse("jury:score", args=args), {}),
        "pdf": ("get", reverse("jury:pdf", args=args), {}),
        "recuse": ("get", reverse("jury:recuse", args=args), {}),
        "score_save": ("post", reverse("jury:score_save", args=[*args, criterion.pk]), {"value": "7", "comment": ""}),
        "comment_save": ("post", reverse("jury:comment_save", args=args), {"comment": "Baik."}),
        "submit": ("post", reverse("jury:submit", args=args), {}),
    }


@pytest.mark.parametrize("view", ["score", "pdf", "recuse", "score_save", "comment_save", "submit"])
@pytest.mark.parametrize("role", ROLES)
def test_juror_pages_by_role(as_role, assigned, criteria, unassigned_evaluator, role, view):
    client, _user = as_role(role)
    method, url, data = _juror_urls(assigned, criteria[0])[view]

    response = getattr(client, method)(url, data)

    _expect(response, JUROR_ONLY[role])
    scored = Review.objects.filter(scores__value=7).exists()
    assert scored is (view == "score_save" and JUROR_ONLY[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_queue_by_role(as_role, assigned, unassigned_evaluator, role):
    client, _user = as_role(role)

    response = client.get(reverse("jury:queue"))

    expected = {**JUROR_ONLY, "unassigned_evaluator": 200, "panelist": 200, "secretariat": 200}[role]
    _expect(response, expected)
    if expected == 200:
        shows = assigned.proposal.title in response.content.decode()
        assert shows is (role == "evaluator")


def _secretariat_urls(round, proposal, other_juror=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assignment = Assignment.objects.filter(round=round, proposal=proposal).first()
    csv_file = SimpleUploadedFile("penugasan.csv", f"{other_juror.email},{proposal.pk}\n".encode(), "text/csv")
    return {
        "assign_add": (
            "post",
            reverse("jury:assign_add", args=[round.pk]),
            {"juror": other_juror.pk, "proposal": proposal.pk},
        ),
        "assign_move": (
            "post",
            reverse("jury:assign_move", args=[round.pk]),
            {"proposal": proposal.pk, "from_juror": assignment.juror_id, "to_juror": other_juror.pk},
        ),
        "assign_remove": ("post", reverse("jury:assign_remove", args=[round.pk, assignment.pk]), {}),
        "assign_import": ("post", reverse("jury:assign_import", args=[round.pk]), {"file": csv_file}),
        "assign_flagged": ("post", reverse("jury:assign_flagged", args=[round.pk]), {}),
        "rounds": ("get", reverse("jury:rounds"), {}),
        "assignments": ("get", reverse("jury:assignments", args=[round.pk]), {}),
        "progress": ("get", reverse("jury:progress", args=[round.pk]), {}),
        "ranking": ("get", reverse("jury:ranking", args=[round.pk]), {}),
        "export": ("get", reverse("jury:ranking_export", args=[round.pk, "csv"]), {}),
        "proposal": ("get", reverse("jury:proposal_reviews", args=[round.pk, proposal.pk]), {}),
        "assign_auto": ("post", reverse("jury:assign_auto", args=[round.pk]), {}),
        "remind": ("post", reverse("jury:remind", args=[round.pk]), {"all": "1"}),
        "nominate": ("post", reverse("jury:nominate", args=[round.pk]), {"proposals": [proposal.pk]}),
        "confirm": ("post", reverse("jury:confirm", args=[round.pk]), {}),
    }


SECRETARIAT_VIEWS = [
    "rounds",
    "assignments",
    "progress",
    "ranking",
    "export",
    "proposal",
    "assign_auto",
    "assign_add",
    "assign_move",
    "assign_remove",
    "assign_import",
    "assign_flagged",
    "remind",
    "nominate",
    "confirm",
]
CHANGES_ASSIGNMENTS = {"assign_auto", "assign_add", "assign_move", "assign_remove", "assign_import"}


@pytest.mark.parametrize("view", SECRETARIAT_VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_secretariat_pages_by_role(as_role, assigned, unassigned_evaluator, role, view):
    client, _user = as_role(role)
    method, url, data = _secretariat_urls(assigned.round, assigned.proposal, unassigned_evaluator)[view]
    before = set(Assignment.objects.values_list("juror_id", "proposal_id"))

    response = getattr(client, method)(url, data)

    _expect(response, SECRETARIAT_ONLY[role])
    assert Nomination.objects.exists() is (view == "nominate" and role == "secretariat")
    changed = set(Assignment.objects.values_list("juror_id", "proposal_id")) != before
    assert changed is (view in CHANGES_ASSIGNMENTS and role == "secretariat")


@pytest.mark.parametrize("role", ROLES)
def test_attachment_download_by_role(as_role, assigned, unassigned_evaluator, role):
    from django.core.files.base import ContentFile

    from submissions.models import Attachment

    assigned.round.is_blind = False
    assigned.round.save()
    file = Attachment(
        proposal=assigned.proposal,
        section=assigned.proposal.group.sections.get(),
        original_name="bukti.pdf",
        content_type="application/pdf",
        size=10,
    )
    file.file.save("bukti.pdf", ContentFile(b"%PDF-1.4 bukti"), save=True)
    client, _user = as_role(role)

    response = client.get(reverse("jury:attachment", args=[assigned.round_id, assigned.proposal_id, file.pk]))

    _expect(response, JUROR_ONLY[role])


def test_secretariat_of_another_organiser_gets_404(client, assigned):
    other = base.UserFactory()
    base.OrganiserMembershipFactory(user=other, organiser=base.OrganiserFactory(name="Pemerintah Provinsi Jawa Timur"))
    client.force_login(other)

    assert client.get(reverse("jury:ranking", args=[assigned.round_id])).status_code == 404
    assert client.get(reverse("jury:rounds")).status_code == 200
    assert assigned.round.name not in client.get(reverse("jury:rounds")).content.decode()


def test_autosave_answers_with_the_saved_state_and_the_new_total(client, assigned, criteria, evaluator):
    client.force_login(evaluator)
    args = [assigned.round_id, assigned.proposal_id]

    client.post(
        reverse("jury:score_save", args=[*args, criteria[0].pk]), {"value": "8", "comment": ""}, HTTP_HX_REQUEST="true"
    )
    response = client.post(
        reverse("jury:score_save", args=[*args, criteria[1].pk]),
        {"value": "7", "comment": "Jelas."},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tersimpan" in html and 'id="review-total" hx-swap-oob="true">76,00<' in html
    assert Review.objects.get().total == Decimal("76.00")


def test_autosave_of_a_score_off_the_scale_answers_422_with_the_reason(client, assigned, criteria, evaluator):
    client.force_login(evaluator)

    response = client.post(
        reverse("jury:score_save", args=[assigned.round_id, assigned.proposal_id, criteria[0].pk]), {"value": "12"}
    )

    assert response.status_code == 422
    assert "Masukkan nilai dari 1 sampai 10." in response.content.decode()


def test_after_the_round_closes_scores_are_locked(client, assigned, criteria, evaluator):
    client.force_login(evaluator)
    round = assigned.round
    round.opens_at = timezone.now() - timedelta(days=10)
    round.closes_at = timezone.now() - timedelta(seconds=2)
    round.save()
    args = [round.pk, assigned.proposal_id]

    save = client.post(reverse("jury:score_save", args=[*args, criteria[0].pk]), {"value": "9"})
    submit = client.post(reverse("jury:submit", args=args))
    page = client.get(reverse("jury:score", args=args)).content.decode()

    assert save.status_code == 403 and submit.status_code == 403
    assert not Review.objects.exists()
    assert "nilai dikunci" in page and "readonly" in page and "Kirim penilaian" not in page


def test_submit_without_every_score_shows_what_is_missing(client, assigned, criteria, evaluator):
    client.force_login(evaluator)
    args = [assigned.round_id, assigned.proposal_id]
    client.post(reverse("jury:score_save", args=[*args, criteria[0].pk]), {"value": "8"})

    page = client.post(reverse("jury:submit", args=args), follow=True).content.decode()

    assert "Efektif" in page
    assert Review.objects.get().status == Review.Status.DRAFT


def test_recusal_through_the_page_takes_the_proposal_out_of_the_queue(client, assigned, evaluator):
    client.force_login(evaluator)
    url = reverse("jury:recuse", args=[assigned.round_id, assigned.proposal_id])

    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Saya pembina UPP ini."})

    assert empty.status_code == 422
    assert done.status_code == 302 and not Assignment.objects.exists()
    assert client.get(reverse("jury:score", args=[assigned.round_id, assigned.proposal_id])).status_code == 404


def test_others_scores_are_shown_only_when_the_round_allows(client, assigned, criteria, evaluator, make_juror):
    other = make_juror("lain@example.test", panel=assigned.round.panel)
    Review.objects.create(
        round=assigned.round, juror=other, proposal=assigned.proposal, status="submitted", total="91.50"
    )
    client.force_login(evaluator)
    url = reverse("jury:score", args=[assigned.round_id, assigned.proposal_id])

    assigned.round.scores_visible_to_jurors = "never"
    assigned.round.save()
    hidden = client.get(url).content.decode()
    assigned.round.scores_visible_to_jurors = "after_submit"
    assigned.round.save()
    before_submit = client.get(url).content.decode()
    Review.objects.create(
        round=assigned.round, juror=evaluator, proposal=assigned.proposal, status="submitted", total=80
    )
    after_submit = client.get(url).content.decode()

    assert "91,50" not in hidden and "91,50" not in before_submit
    assert "91,50" in after_submit and "Juri 1" in after_submit and other.email not in after_submit


def test_ranking_export_as_csv_and_xlsx(client, assigned, evaluator, secretariat):
    Review.objects.create(
        round=assigned.round, juror=evaluator, proposal=assigned.proposal, status="submitted", total=81
    )
    client.force_login(secretariat)

    csv_response = client.get(reverse("jury:ranking_export", args=[assigned.round_id, "csv"]))
    xlsx_response = client.get(reverse("jury:ranking_export", args=[assigned.round_id, "xlsx"]))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["rank_raw", "rank_normalised", "proposal_id", "title"]
    assert rows[1][:4] == ["1", "1", str(assigned.proposal_id), assigned.proposal.title]
    assert rows[1][rows[0].index("mean")] == "81.0"
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[2]][:3] == [1, 1, assigned.proposal_id]
    assert client.get(reverse("jury:ranking_export", args=[assigned.round_id, "pdf"])).status_code == 404


def test_nominate_then_confirm_applies_the_batch(client, assigned, make_proposal, secretariat):
    second = make_proposal()
    client.force_login(secretariat)
    round = assigned.round

    client.post(reverse("jury:nominate", args=[round.pk]), {"proposals": [assigned.proposal_id, second.pk]})
    pending = set(Nomination.objects.values_list("proposal_id", "status"))
    client.post(reverse("jury:nominate", args=[round.pk]), {"proposals": [second.pk], "action": "withdraw"})
    client.post(reverse("jury:confirm", args=[round.pk]))

    assert pending == {(assigned.proposal_id, "pending"), (second.pk, "pending")}
    assert list(Nomination.objects.values_list("proposal_id", "status", "confirmed_by")) == [
        (assigned.proposal_id, "confirmed", secretariat.pk)
    ]
    follower = RoundFactory(panel=round.panel, source_round=round)
    from jury.services import eligible_proposals

    assert list(eligible_proposals(follower)) == [assigned.proposal]


def test_reminder_action_emails_only_jurors_who_are_behind(client, assigned, make_juror, make_proposal, secretariat):
    done = make_juror("selesai@example.test", panel=assigned.round.panel)
    other = make_proposal()
    Assignment.objects.create(round=assigned.round, juror=done, proposal=other)
    Review.objects.create(round=assigned.round, juror=done, proposal=other, status="submitted", total=70)
    client.force_login(secretariat)

    client.post(reverse("jury:remind", args=[assigned.round_id]), {"all": "1"})

    reminders = Message.objects.filter(event="scoring_reminder")
    assert list(reminders.values_list("to_email", flat=True)) == [assigned.juror.email]
    assert "Surabaya" not in reminders.get().body_text  # the title is shown as the juror sees it


def test_import_page_lists_the_wrong_lines(client, assigned, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretariat)
    upload = SimpleUploadedFile("penugasan.csv", b"email,proposal\norang@example.test,99999\n", content_type="text/csv")

    response = client.post(reverse("jury:assign_import", args=[assigned.round_id]), {"file": upload})

    html = response.content.decode()
    assert response.status_code == 422
    assert "Baris 2:" in html and "orang@example.test" in html


# --- query counts --------------------------------------------------------------------------------


def _many_assignments(count, evaluator, jury_round, make_proposal):
    PanelMember.objects.get_or_create(panel=jury_round.panel, user=evaluator)
    for _ in range(count):
        proposal = make_proposal()
        Assignment.objects.create(round=jury_round, juror=evaluator, proposal=proposal)
        Review.objects.create(round=jury_round, juror=evaluator, proposal=proposal, status="submitted", total=70)


@pytest.mark.parametrize("count", [1, 3])
def test_queue_query_count(client, evaluator, jury_round, make_proposal, count, django_assert_num_queries):
    _many_assignments(count, evaluator, jury_round, make_proposal)
    client.force_login(evaluator)

    with django_assert_num_queries(7):
        client.get(reverse("jury:queue"))


@pytest.mark.parametrize("count", [1, 3])
def test_rounds_list_query_count(client, secretariat, panel, criteria, count, django_assert_num_queries):
    for _ in range(count):
        RoundFactory(panel=panel)
    client.force_login(secretariat)

    with django_assert_num_queries(6):
        response = client.get(reverse("jury:rounds"))

    assert response.content.decode().count(reverse("jury:ranking", args=[panel.rounds.first().pk])) == 1


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("page", ["assignments", "progress", "ranking"])
def test_round_pages_query_count(
    client, secretariat, evaluator, jury_round, make_proposal, count, page, django_assert_num_queries
):
    _many_assignments(count, evaluator, jury_round, make_proposal)
    client.force_login(secretariat)
    expected = {"assignments": 19, "progress": 8, "ranking": 15}[page]

    with django_assert_num_queries(expected):
        client.get(reverse(f"jury:{page}", args=[jury_round.pk]))
