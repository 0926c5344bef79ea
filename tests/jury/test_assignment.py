from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Agency
from jury import services
from jury.models import Assignment, ConflictDeclaration, Nomination, Review
from notifications.models import Message
from submissions.models import Proposal

pytestmark = pytest.mark.django_db


def _pairs(round):
    return set(Assignment.objects.filter(round=round).values_list("juror_id", "proposal_id"))


def _loads(round):
    return Counter(Assignment.objects.filter(round=round).values_list("juror_id", flat=True))


def test_automatic_assignment_gives_every_proposal_its_reviewers_with_loads_within_one(
    jury_round, make_juror, make_proposal, secretariat
):
    jurors = [make_juror(f"juri{i}@example.test", panel=jury_round.panel) for i in range(7)]
    proposals = [make_proposal() for _ in range(20)]
    jury_round.reviewers_per_proposal = 3
    jury_round.save()

    report = services.assign_automatically(round=jury_round, by=secretariat)

    per_proposal = Counter(Assignment.objects.filter(round=jury_round).values_list("proposal_id", flat=True))
    assert per_proposal == dict.fromkeys((p.pk for p in proposals), 3)
    loads = _loads(jury_round)
    assert set(loads) == {juror.pk for juror in jurors}
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sorted(loads.values()) == [8, 8, 8, 9, 9, 9, 9]  # 60 reviews over 7 jurors
    assert report.impossible == [] and len(report.created) == 60 and report.spread <= 1


def test_automatic_assignment_is_deterministic_and_a_rerun_only_fills_gaps(
    jury_round, make_juror, make_proposal, secretariat
):
    for i in range(4):
        make_juror(f"juri{i}@example.test", panel=jury_round.panel)
    proposals = [make_proposal() for _ in range(6)]
    services.assign_automatically(round=jury_round, by=secretariat)
    first = _pairs(jury_round)
    Assignment.objects.filter(round=jury_round, proposal=proposals[0]).first().delete()

    report = services.assign_automatically(round=jury_round, by=secretariat)

    assert len(report.created) == 1
    assert len(_pairs(jury_round)) == 12
    assert _pairs(jury_round) - first <= {(report.created[0].juror_id, proposals[0].pk)}


def test_automatic_assignment_never_pairs_a_juror_with_a_conflicted_proposal(
    jury_round, make_juror, make_proposal, make_agency, secretariat
):
    jatim = make_agency("Pemerintah Provinsi Jawa Timur", Agency.Kind.PROVINSI, "Jawa Timur")
    surabaya = make_agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "Kota Surabaya")
    malang = make_agency("Pemerintah Kabupaten Malang", Agency.Kind.KABUPATEN, "Kabupaten Malang")
    bank_jatim = make_agency("PT Bank Jatim", Agency.Kind.BUMD, "Jawa Timur", parent=jatim)
    sleman = make_agency("Pemerintah Kabupaten Sleman", Agency.Kind.KABUPATEN, "Kabupaten Sleman")
    kemenkes = make_agency("Kementerian Kesehatan", Agency.Kind.KEMENTERIAN)
    from_surabaya = make_juror("surabaya@example.test", panel=jury_round.panel, agency=surabaya)
    from_jatim = make_juror("jatim@example.test", panel=jury_round.panel, agency=jatim)
    from_kemenkes = make_juror("kemenkes@example.test", panel=jury_round.panel, agency=kemenkes)
    make_juror("akademisi@example.test", panel=jury_round.panel)
    own = make_proposal(agency=surabaya)
    same_province = make_proposal(agency=malang)
    bumd = make_proposal(agency=bank_jatim)
    elsewhere = make_proposal(agency=sleman)
    ministry = make_proposal(agency=kemenkes)

    report = services.assign_automatically(round=jury_round, by=secretariat)

    pairs = _pairs(jury_round)
    forbidden = {
        (from_surabaya.pk, own.pk),  # own agency
        (from_surabaya.pk, same_province.pk),  # same province, both local governments
        (from_surabaya.pk, bumd.pk),  # a BUMD of the same province
        (from_jatim.pk, bumd.pk),  # parent agency
        (from_jatim.pk, own.pk),
        (from_jatim.pk, same_province.pk),
        (from_kemenkes.pk, ministry.pk),  # own agency (a ministry has no province rule)
    }
    assert pairs & forbidden == set()
    assert (from_surabaya.pk, elsewhere.pk) in pairs or (from_kemenkes.pk, elsewhere.pk) in pairs
    detected = set(
        ConflictDeclaration.objects.filter(round=jury_round, source="detected").values_list("juror_id", "proposal_id")
    )
    assert detected == forbidden
    assert report.conflicts == 7


def test_conflict_rules_can_be_switched_off_per_round(jury_round, make_juror, make_proposal, make_agency, secretariat):
    surabaya = make_agency("Pemerintah Kota Surabaya", Agency.Kind.KOTA, "Kota Surabaya")
    malang = make_agency("Pemerintah Kabupaten Malang", Agency.Kind.KABUPATEN, "Kabupaten Malang")
    juror = make_juror("surabaya@example.test", panel=jury_round.panel, agency=surabaya)
    proposal = make_proposal(agency=malang)
    jury_round.conflict_same_province = False
    jury_round.reviewers_per_proposal = 1
    jury_round.save()

    services.assign_automatically(round=jury_round, by=secretariat)

    assert _pairs(jury_round) == {(juror.pk, proposal.pk)}


def test_declared_conflict_with_an_agency_keeps_the_juror_away(jury_round, make_juror, make_proposal, secretariat):
    juror = make_juror("juri@example.test", panel=jury_round.panel)
    other = make_juror("lain@example.test", panel=jury_round.panel)
    proposal = make_proposal()
    services.declare_conflict(
        edition=jury_round.panel.edition,
        juror=juror,
        agency=proposal.innovation.agency,
        reason="Mantan konsultan",
        by=secretariat,
    )
    jury_round.reviewers_per_proposal = 2
    jury_round.save()

    report = services.assign_automatically(round=jury_round, by=secretariat)

    assert _pairs(jury_round) == {(other.pk, proposal.pk)}
    assert [(item.proposal, item.missing) for item in report.impossible] == [(proposal, 1)]
    with pytest.raises(ValidationError, match="konflik kepentingan"):
        services.assign_juror(round=jury_round, juror=juror, proposal=proposal, by=secretariat)


def test_expertise_limits_a_juror_to_their_categories(jury_round, make_juror, make_proposal, categories, secretariat):
    digital, health = categories
    specialist = make_juror("digital@example.test", panel=jury_round.panel, categories=[digital])
    make_juror("umum1@example.test", panel=jury_round.panel)
    make_juror("umum2@example.test", panel=jury_round.panel)
    digital_ones = [make_proposal(category=digital) for _ in range(2)]
    health_ones = [make_proposal(category=health) for _ in range(2)]

    services.assign_automatically(round=jury_round, by=secretariat)

    specialist_gets = set(
        Assignment.objects.filter(round=jury_round, juror=specialist).values_list("proposal_id", flat=True)
    )
    assert specialist_gets == {p.pk for p in digital_ones}
    assert all(Assignment.objects.filter(round=jury_round, proposal=p).count() == 2 for p in health_ones)


def test_impossible_assignments_are_reported_with_the_reason(jury_round, make_juror, make_proposal, secretariat):
    make_juror("satu@example.test", panel=jury_round.panel)
    make_juror("dua@example.test", panel=jury_round.panel)
    proposal = make_proposal()
    jury_round.reviewers_per_proposal = 3
    jury_round.save()

    report = services.assign_automatically(round=jury_round, by=secretariat)

    assert len(report.created) == 2
    assert [(item.proposal, item.missing) for item in report.impossible] == [(proposal, 1)]
    assert "Juri yang dapat menilai tidak cukup" in report.impossible[0].reason


def test_only_proposals_that_passed_screening_or_were_confirmed_take_part(
    jury_round, panel, make_juror, make_proposal, secretariat
):
    from tests.jury.factories import RoundFactory

    make_juror("juri@example.test", panel=panel)
    passed = make_proposal()
    make_proposal(status=Proposal.Status.FORWARDED)
    make_proposal(status=Proposal.Status.FAILED)
    second = RoundFactory(panel=panel, source_round=jury_round, reviewers_per_proposal=1)
    Nomination.objects.create(round=jury_round, proposal=passed, status=Nomination.Status.CONFIRMED)
    pending = make_proposal()
    Nomination.objects.create(round=jury_round, proposal=pending, status=Nomination.Status.PENDING)

    assert list(services.eligible_proposals(jury_round).order_by("pk")) == [passed, pending]
    assert list(services.eligible_proposals(second)) == [passed]


def test_jurors_outside_the_pool_or_inactive_get_nothing(jury_round, make_juror, make_proposal, secretariat):
    from competitions.models import OrganiserMembership

    active = make_juror("aktif@example.test", panel=jury_round.panel)
    left_pool = make_juror("keluar@example.test", panel=jury_round.panel)
    OrganiserMembership.objects.filter(user=left_pool).update(is_active=False)
    panelist = make_juror("panelis.salah@example.test", panel=jury_round.panel, role="panelist")
    make_proposal()
    jury_round.reviewers_per_proposal = 3
    jury_round.save()

    services.assign_automatically(round=jury_round, by=secretariat)

    assert set(_loads(jury_round)) == {active.pk}
    assert panelist.pk not in _loads(jury_round)


def test_each_juror_gets_one_assignment_email(
    jury_round, make_juror, make_proposal, secretariat, django_capture_on_commit_callbacks
):
    jurors = [make_juror(f"juri{i}@example.test", panel=jury_round.panel) for i in range(2)]
    for _ in range(5):
        make_proposal()

    services.assign_automatically(round=jury_round, by=secretariat)

    messages = Message.objects.filter(event="jury_assigned")
    assert sorted(messages.values_list("to_email", flat=True)) == sorted(j.email for j in jurors)
    assert "5" in messages.first().body_text


def test_move_gives_the_assignment_to_another_juror_and_refuses_a_conflict(
    jury_round, make_juror, make_proposal, make_agency, secretariat
):
    first = make_juror("satu@example.test", panel=jury_round.panel)
    agency = make_agency("Pemerintah Kabupaten Sleman", Agency.Kind.KABUPATEN, "Kabupaten Sleman")
    conflicted = make_juror("sleman@example.test", panel=jury_round.panel, agency=agency)
    free = make_juror("bebas@example.test", panel=jury_round.panel)
    proposal = make_proposal(agency=agency)
    assignment = services.assign_juror(round=jury_round, juror=first, proposal=proposal, by=secretariat)

    with pytest.raises(ValidationError):
        services.move_assignment(assignment=assignment, to_juror=conflicted, by=secretariat)
    assert _pairs(jury_round) == {(first.pk, proposal.pk)}

    services.move_assignment(assignment=Assignment.objects.get(), to_juror=free, by=secretariat)
    assert _pairs(jury_round) == {(free.pk, proposal.pk)}


def test_an_assignment_with_a_submitted_review_cannot_be_taken_away(jury_round, make_juror, make_proposal, secretariat):
    juror = make_juror("satu@example.test", panel=jury_round.panel)
    proposal = make_proposal()
    assignment = services.assign_juror(round=jury_round, juror=juror, proposal=proposal, by=secretariat)
    Review.objects.create(round=jury_round, juror=juror, proposal=proposal, status=Review.Status.SUBMITTED, total=70)

    with pytest.raises(ValidationError):
        services.unassign(assignment=assignment, by=secretariat)

    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_csv_import_reports_every_wrong_line_and_imports_nothing(
    jury_round, make_juror, make_proposal, make_agency, secretariat
):
    juror = make_juror("juri@example.test", panel=jury_round.panel)
    agency = make_agency("Pemerintah Kabupaten Sleman", Agency.Kind.KABUPATEN, "Kabupaten Sleman")
    conflicted = make_juror("sleman@example.test", panel=jury_round.panel, agency=agency)
    ok = make_proposal()
    theirs = make_proposal(agency=agency)
    failed = make_proposal(status=Proposal.Status.FAILED)
    content = (
        "email,proposal\n"
        f"{juror.email},{ok.pk}\n"
        f"orang.asing@example.test,{ok.pk}\n"
        f"{juror.email},{failed.pk}\n"
        f"{conflicted.email},{theirs.pk}\n"
        f"{juror.email},{ok.pk}\n"
        "hanya-satu-kolom\n"
    )

    result = services.import_assignments(round=jury_round, content=content, by=secretariat)

    assert [line for line, _message in result.errors] == [3, 4, 5, 6, 7]
    assert "orang.asing@example.test" in result.errors[0][1]
    assert "konflik kepentingan" in result.errors[2][1]
    assert Assignment.objects.count() == 0


def test_csv_import_creates_the_assignments_when_every_line_is_right(
    jury_round, make_juror, make_proposal, secretariat
):
    juror = make_juror("juri@example.test", panel=jury_round.panel)
    proposals = [make_proposal(), make_proposal()]
    content = "".join(f"{juror.email.upper()};x,{p.pk}\n".replace(";x", "") for p in proposals)

    result = services.import_assignments(round=jury_round, content=content, by=secretariat)

    assert result.errors == [] and result.created == 2
    assert set(Assignment.objects.values_list("source", flat=True)) == {"imported"}
    assert _pairs(jury_round) == {(juror.pk, p.pk) for p in proposals}
