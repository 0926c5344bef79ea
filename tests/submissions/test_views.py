import pytest
from django.urls import reverse

from submissions import services
from submissions.models import Answer, Proposal
from tests.submissions.factories import InnovationFactory, ProposalFactory

pytestmark = pytest.mark.django_db
S = Proposal.Status
ROLES = ["anonymous", "upp_staff", "admin_lokal", "other_agency_staff", "evaluator", "panelist", "secretariat"]


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected, response.content[:300]


READ = {
    "anonymous": "login",
    "upp_staff": 200,
    "admin_lokal": 200,
    "other_agency_staff": 404,
    "evaluator": 404,
    "panelist": 404,
    "secretariat": 200,
}
WRITE = {**READ, "secretariat": 403}
REVIEW = {**READ, "upp_staff": 403, "secretariat": 403}


@pytest.mark.parametrize("role", ROLES)
def test_detail_by_role(as_role, proposal, role):
    client, _user = as_role(role)

    _expect(client.get(reverse("submissions:detail", args=[proposal.pk])), READ[role])


@pytest.mark.parametrize("role", ROLES)
def test_editor_by_role(as_role, proposal, role):
    client, _user = as_role(role)

    _expect(client.get(reverse("submissions:edit", args=[proposal.pk])), WRITE[role])


@pytest.mark.parametrize("role", ROLES)
def test_review_by_role(as_role, proposal, role):
    client, _user = as_role(role)

    _expect(client.get(reverse("submissions:review", args=[proposal.pk])), REVIEW[role])


@pytest.mark.parametrize("role", ROLES)
def test_autosave_by_role(as_role, proposal, role):
    section = proposal.group.sections.first()
    client, _user = as_role(role)

    response = client.post(
        reverse("submissions:section_save", args=[proposal.pk, section.pk]), {"text": "Teks baru", "version": "0"}
    )

    _expect(response, WRITE[role])
    saved = Answer.objects.filter(proposal=proposal, section=section).values_list("text", flat=True).first()
    assert (saved == "Teks baru") is (WRITE[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_list_by_role(as_role, proposal, role):
    client, _user = as_role(role)

    response = client.get(reverse("submissions:list"))

    if role == "anonymous":
        _expect(response, "login")
    else:
        shown = proposal.title in response.content.decode()
        assert shown is (READ[role] == 200)


def test_editor_shows_sections_with_word_counters_and_the_missing_list(client, proposal, upp_staff):
    client.force_login(upp_staff)

    html = client.get(reverse("submissions:edit", args=[proposal.pk])).content.decode()

    assert "Ringkasan" in html and "0 / 20 kata" in html
    assert 'href="#identification"' in html and "Pilih kategori." in html


def test_autosave_answers_saved_state_and_a_stale_save_gets_409_with_the_newer_text(
    client, proposal, upp_staff, admin_lokal
):
    section = proposal.group.sections.first()
    url = reverse("submissions:section_save", args=[proposal.pk, section.pk])
    client.force_login(upp_staff)
    first = client.post(url, {"text": "Dari tab pertama", "version": "0"})
    client.force_login(admin_lokal)
    client.post(url, {"text": "Dari rekan", "version": "1"})
    client.force_login(upp_staff)

    stale = client.post(url, {"text": "Dari tab lama", "version": "1"})

    assert first.status_code == 200 and "Tersimpan" in first.content.decode()
    assert stale.status_code == 409
    assert "Dari rekan" in stale.content.decode()
    assert Answer.objects.get(proposal=proposal, section=section).text == "Dari rekan"


def test_html_in_answers_is_shown_escaped(client, proposal, upp_staff):
    section = proposal.group.sections.first()
    services.save_answer(
        proposal=proposal, section_id=section.pk, text="<script>alert(1)</script>", base_version=0, by=upp_staff
    )
    client.force_login(upp_staff)

    html = client.get(reverse("submissions:detail", args=[proposal.pk])).content.decode()

    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_submitting_an_incomplete_proposal_lists_what_is_missing(client, proposal, upp_staff):
    client.force_login(upp_staff)

    response = client.post(reverse("submissions:submit", args=[proposal.pk]), {"declaration": "on"}, follow=True)

    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT
    assert "tidak dikirim" in response.content.decode()


def test_start_creates_a_draft_and_opens_the_editor(client, umum, unit, upp_staff):
    client.force_login(upp_staff)

    response = client.post(
        reverse("submissions:start", args=[umum.edition.slug]),
        {"group": umum.pk, "unit": unit.pk, "title": "Si Cantik"},
    )

    proposal = Proposal.objects.get(title="Si Cantik")
    assert response["Location"] == reverse("submissions:edit", args=[proposal.pk])


def test_other_agency_cannot_start_for_a_foreign_unit(client, umum, unit, other_agency_staff):
    client.force_login(other_agency_staff)

    response = client.post(
        reverse("submissions:start", args=[umum.edition.slug]), {"group": umum.pk, "unit": unit.pk, "title": "Sisipan"}
    )

    assert response.status_code == 200 and not Proposal.objects.filter(title="Sisipan").exists()


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_is_constant(client, umum, unit, admin_lokal, django_assert_num_queries, count):
    for _ in range(count):
        ProposalFactory(group=umum, innovation=InnovationFactory(unit=unit))
    client.force_login(admin_lokal)

    with django_assert_num_queries(15):
        response = client.get(reverse("submissions:list"))

    assert len(response.context["page"].object_list) == count


def test_editor_shows_the_start_date_in_the_format_date_pickers_read(client, proposal, upp_staff):
    import datetime

    proposal.innovation.started_on = datetime.date(2024, 6, 9)
    proposal.innovation.save()
    client.force_login(upp_staff)

    html = client.get(reverse("submissions:edit", args=[proposal.pk])).content.decode()

    assert 'type="date" name="started_on" value="2024-06-09"' in html
