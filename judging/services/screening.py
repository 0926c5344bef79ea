"""Writes of administrative screening: running the checks, deciding, publishing the result.

Decisions take effect at publication: until the numbered letter is published, a decision is the
secretariat's working record and may change (every change is logged); publishing moves each
forwarded proposal to passed or failed through submissions.services.transition, publishes the
letter on the edition page with its PDF and tells each agency its result with the reasons.
"""

import hashlib
import logging
import time
from collections import defaultdict
from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agencies.models import Agency, Membership
from competitions.forms_definition import FormDefinition
from competitions.models import Announcement, Edition
from judging import checks, similarity
from judging.models import (
    FailReason,
    NearDuplicatePair,
    ProposalFingerprint,
    ScreeningAnnouncement,
    ScreeningDecision,
    ScreeningDecisionChange,
    ScreeningResult,
    ScreeningRules,
    ScreeningRun,
    Severity,
)
from notifications.services import notify
from submissions.models import Answer, Proposal
from submissions.services import transition

logger = logging.getLogger(__name__)

S = Proposal.Status
Outcome = ScreeningDecision.Outcome


def screened_proposals(edition: Edition):
    """The proposals screening looks at: those that reached the organiser in `edition`."""
    return Proposal.objects.filter(edition=edition, status__in=Proposal.REACHED_ORGANISER)


def is_locked(edition: Edition) -> bool:
    """Decisions and checks are frozen once publication of the result has been asked for."""
    return ScreeningAnnouncement.objects.filter(edition=edition).exists()


# --- Running the checks --------------------------------------------------------------------------


@transaction.atomic
def request_screening_checks(*, edition: Edition, by) -> ScreeningRun:
    """Queue a run of the automatic checks over `edition` (the button in the queue).

    Side effects: a queued ScreeningRun; after commit, the Celery task that runs it.
    Refused once the result is published (the published decisions rest on the last run).
    """
    if is_locked(edition):
        raise ValidationError(_("The screening result is published; the checks can no longer be run."))
    run = ScreeningRun.objects.create(edition=edition, requested_by=by)
    transaction.on_commit(partial(_enqueue_checks, edition.pk))
    return run


def _enqueue_checks(edition_id: int) -> None:
    from judging.tasks import run_screening_checks_task

    try:
        run_screening_checks_task.delay(edition_id)
    except Exception:  # The broker being down must not break the page; the button can be pressed again.
        logger.exception("Could not queue the screening checks of edition %s", edition_id)


def run_screening_checks(*, edition: Edition, now: datetime | None = None) -> ScreeningRun:
    """Run every automatic check over the edition's forwarded proposals and store the results.

    Idempotent and re-runnable: the run replaces the edition's ScreeningResult and
    NearDuplicatePair rows as a whole (in one transaction), and updates ProposalFingerprint rows of
    texts it had not seen. Uses the queued run if there is one, else records a new run.
    Returns the finished ScreeningRun (status done, with its counts and duration).
    """
    started = time.monotonic()
    now = now or timezone.now()
    run = (
        ScreeningRun.objects.filter(
            edition=edition, status__in=[ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING]
        )
        .order_by("-requested_at", "-pk")
        .first()
    ) or ScreeningRun(edition=edition, requested_at=now)
    run.status, run.started_at = ScreeningRun.Status.RUNNING, now
    run.save()
    try:
        outcome = _compute_and_store(edition=edition, run=run, now=now)
    except Exception as error:
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=ScreeningRun.Status.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        raise
    run.status = ScreeningRun.Status.DONE
    run.finished_at = timezone.now()
    run.seconds = round(time.monotonic() - started, 2)
    for name, value in outcome.items():
        setattr(run, name, value)
    run.save()
    return run


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _texts_of(proposal_ids: list[int]) -> dict[int, str]:
    """The narrative text of each proposal, sections in form order (as ProposalData.text)."""
    parts: dict[int, list[str]] = defaultdict(list)
    for chunk in checks._chunks(proposal_ids):
        for proposal_id, text in (
            Answer.objects.filter(proposal_id__in=chunk)
            .order_by("proposal_id", "section__order", "section_id")
            .values_list("proposal_id", "text")
            .iterator(chunk_size=2000)
        ):
            if text:
                parts[proposal_id].append(text)
    return {proposal_id: "\n".join(texts) for proposal_id, texts in parts.items()}


def _compute_and_store(*, edition: Edition, run: ScreeningRun, now: datetime) -> dict:
    rules = ScreeningRules.objects.for_edition(edition)
    proposals = list(
        screened_proposals(edition).select_related(
            "innovation__agency", "innovation__unit", "group__edition", "category", "edition"
        )
    )
    data = checks.load_screening_data(proposals)
    forms: dict[int, FormDefinition] = {}
    latest_start: dict[int, object] = {}
    for proposal in proposals:
        if proposal.group_id not in forms:
            forms[proposal.group_id] = FormDefinition.for_group(proposal.group)
            latest_start[proposal.group_id] = proposal.group.latest_start_date()

    findings: dict[int, list[dict]] = defaultdict(list)
    for proposal in proposals:
        item, group = data[proposal.pk], proposal.group
        findings[proposal.pk] += checks.check_completeness(item, forms[group.pk])
        findings[proposal.pk] += checks.check_minimum_age(item, latest_start[group.pk], group.minimum_age_years)
        findings[proposal.pk] += checks.check_award_history(item, rules, edition.year)
    for proposal_id, title_findings in checks.check_duplicate_titles(data.values()).items():
        findings[proposal_id] += title_findings

    texts = {proposal.pk: data[proposal.pk].text(forms[proposal.group_id]) for proposal in proposals}
    pairs, counts = _near_duplicates(edition=edition, rules=rules, texts=texts, now=now)

    with transaction.atomic():
        NearDuplicatePair.objects.filter(edition=edition).delete()
        stored = NearDuplicatePair.objects.bulk_create(pairs)
        best: dict[int, float] = {}
        for pair in stored:
            sides = [(pair.proposal_id, pair.other)]
            if not pair.is_past:
                sides.append((pair.other_id, pair.proposal))
            for proposal_id, other in sides:
                findings[proposal_id].append(
                    checks.near_duplicate_finding(
                        pair_id=pair.pk, other=other, similarity=pair.similarity, same_innovation=pair.same_innovation
                    )
                )
                if not pair.same_innovation:
                    best[proposal_id] = max(best.get(proposal_id, 0.0), pair.similarity)
        ScreeningResult.objects.filter(edition=edition).delete()
        ScreeningResult.objects.bulk_create(
            [
                ScreeningResult(
                    proposal=proposal,
                    edition=edition,
                    run=run,
                    findings=findings[proposal.pk],
                    severity=max((item["severity"] for item in findings[proposal.pk]), default=Severity.OK),
                    codes=_codes(findings[proposal.pk]),
                    max_similarity=best.get(proposal.pk),
                    checked_at=now,
                )
                for proposal in proposals
            ],
            batch_size=500,
        )
    return {"proposals_checked": len(proposals), **counts}


def _codes(findings: list[dict]) -> str:
    """ ",code,code," so a filter can look for ",code," without matching a longer code."""
    codes = sorted({item["code"] for item in findings})
    return f",{','.join(codes)}," if codes else ""


def _fingerprints(texts: dict[int, str], now: datetime) -> tuple[dict, dict]:
    """Signatures for `texts` (reusing stored fingerprints of unchanged texts) and the shingle
    sets computed along the way. Stores new and changed fingerprints."""
    stored = {
        fingerprint.proposal_id: fingerprint
        for chunk in checks._chunks(list(texts))
        for fingerprint in ProposalFingerprint.objects.filter(proposal_id__in=chunk)
    }
    signatures, shingles, changed, created = {}, {}, [], []
    for proposal_id, text in texts.items():
        digest = _digest(text)
        known = stored.get(proposal_id)
        if known and known.digest == digest and known.algorithm == similarity.ALGORITHM_VERSION:
            signatures[proposal_id] = similarity.signature_from_bytes(known.signature)
            continue
        fingerprint = similarity.fingerprint(text)
        shingles[proposal_id] = fingerprint.shingles
        signatures[proposal_id] = fingerprint.signature
        values = {
            "digest": digest,
            "algorithm": similarity.ALGORITHM_VERSION,
            "signature": similarity.signature_to_bytes(fingerprint.signature),
            "shingle_count": int(fingerprint.shingles.size),
            "computed_at": now,
        }
        if known:
            for name, value in values.items():
                setattr(known, name, value)
            changed.append(known)
        else:
            created.append(ProposalFingerprint(proposal_id=proposal_id, **values))
    ProposalFingerprint.objects.bulk_create(created, batch_size=500)
    ProposalFingerprint.objects.bulk_update(
        changed, ["digest", "algorithm", "signature", "shingle_count", "computed_at"], batch_size=500
    )
    return signatures, shingles


def _past_signatures(edition: Edition, now: datetime) -> dict[int, object]:
    """Signatures of the proposals of earlier editions that reached their organiser."""
    past_ids = list(
        Proposal.objects.filter(status__in=Proposal.REACHED_ORGANISER, edition__year__lt=edition.year)
        .exclude(edition=edition)
        .values_list("pk", flat=True)
    )
    signatures = {}
    for chunk in checks._chunks(past_ids):
        for proposal_id, signature in ProposalFingerprint.objects.filter(
            proposal_id__in=chunk, algorithm=similarity.ALGORITHM_VERSION
        ).values_list("proposal_id", "signature"):
            signatures[proposal_id] = similarity.signature_from_bytes(signature)
    missing = [proposal_id for proposal_id in past_ids if proposal_id not in signatures]
    if missing:
        computed, _shingles = _fingerprints(_texts_of(missing), now)
        signatures.update(computed)
    return signatures


def _near_duplicates(*, edition: Edition, rules: ScreeningRules, texts: dict[int, str], now: datetime):
    """Unsaved NearDuplicatePair rows for the edition, and the run's counts."""
    signatures, shingles = _fingerprints(texts, now)
    past = _past_signatures(edition, now) if rules.compare_past_editions else {}
    everything = {**past, **signatures}
    candidates = similarity.candidate_pairs(
        everything, signatures.keys(), threshold=max(0.1, rules.similarity_threshold * 0.6)
    )
    past_needed = sorted({key for pair in candidates for key in pair if key not in texts})
    all_texts = {**texts, **_texts_of(past_needed)}

    def shingles_of(proposal_id: int):
        if proposal_id not in shingles:
            shingles[proposal_id] = similarity.shingle_set(all_texts.get(proposal_id, ""))
        return shingles[proposal_id]

    flagged = []
    for first, second in sorted(candidates):
        score = similarity.jaccard(shingles_of(first), shingles_of(second))
        if score >= rules.similarity_threshold:
            flagged.append((first, second, score, similarity.containment(shingles_of(first), shingles_of(second))))
    involved = {key for first, second, _score, _contained in flagged for key in (first, second)}
    proposals = Proposal.objects.select_related("innovation__agency", "innovation__unit", "edition").in_bulk(involved)
    pairs = []
    for first, second, score, contained in flagged:
        alignment = similarity.align_passages(all_texts.get(first, ""), all_texts.get(second, ""))
        pairs.append(
            NearDuplicatePair(
                edition=edition,
                proposal=proposals[first],
                other=proposals[second],
                similarity=round(score, 4),
                containment=round(contained, 4),
                same_innovation=proposals[first].innovation_id == proposals[second].innovation_id,
                matched_sentences=alignment["matched_sentences"],
                passages=alignment["passages"],
                found_at=now,
            )
        )
    return pairs, {"compared_with": len(past), "candidate_pairs": len(candidates), "flagged_pairs": len(pairs)}


# --- Deciding ------------------------------------------------------------------------------------


def _validate_decision(*, outcome: str, reason: str, note: str) -> None:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose pass or fail.")})
    if outcome == Outcome.FAIL and not reason:
        raise ValidationError({"reason": _("A proposal that does not pass needs a reason.")})
    if reason and reason not in FailReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    if outcome == Outcome.FAIL and reason == FailReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain the reason in the note.")})


@transaction.atomic
def record_decision(
    *,
    proposal: Proposal,
    outcome: str,
    by,
    reason: str = "",
    note: str = "",
    in_bulk: bool = False,
    now: datetime | None = None,
) -> ScreeningDecision:
    """Record (or change) the secretariat's decision on one forwarded proposal.

    A fail needs a reason from FailReason (and a note for "other"); a pass keeps no reason.
    Refused once publication of the result was asked for, and for proposals not forwarded.
    Side effects: the ScreeningDecision row and, when anything changed, a ScreeningDecisionChange.
    """
    now = now or timezone.now()
    note = note.strip()
    reason = reason if outcome == Outcome.FAIL else ""
    _validate_decision(outcome=outcome, reason=reason, note=note)
    if is_locked(proposal.edition):
        raise ValidationError(_("The screening result is published; decisions can no longer change."))
    if proposal.status != S.FORWARDED:
        raise ValidationError(_("Only proposals forwarded to the organiser are screened."))
    decision = ScreeningDecision.objects.select_for_update().filter(proposal=proposal).first()
    previous = decision.outcome if decision else ""
    if decision and (decision.outcome, decision.reason, decision.note) == (outcome, reason, note):
        return decision
    if decision is None:
        decision = ScreeningDecision(proposal=proposal)
    decision.outcome, decision.reason, decision.note = outcome, reason, note
    decision.decided_by, decision.decided_at = by, now
    decision.save()
    ScreeningDecisionChange.objects.create(
        decision=decision,
        previous_outcome=previous,
        outcome=outcome,
        reason=reason,
        note=note,
        in_bulk=in_bulk,
        by=by,
        at=now,
    )
    return decision


@transaction.atomic
def record_decisions(
    *, edition: Edition, proposal_ids: list[int], outcome: str, by, reason: str = "", note: str = ""
) -> int:
    """The same decision for many proposals of `edition` at once (bulk pass, or bulk fail with one
    reason). All or nothing: one refused proposal refuses the lot. Returns how many were decided.
    Side effects: those of record_decision for each, marked as bulk in the audit trail.
    """
    _validate_decision(outcome=outcome, reason=reason if outcome == Outcome.FAIL else "", note=note.strip())
    proposals = list(screened_proposals(edition).filter(pk__in=proposal_ids).select_related("edition").order_by("pk"))
    if not proposals:
        raise ValidationError(_("Select at least one proposal."))
    now = timezone.now()
    for proposal in proposals:
        record_decision(proposal=proposal, outcome=outcome, reason=reason, note=note, by=by, in_bulk=True, now=now)
    return len(proposals)


# --- Publishing ----------------------------------------------------------------------------------


@transaction.atomic
def request_publication(*, edition: Edition, number: str, letter_date: date, by) -> ScreeningAnnouncement:
    """Ask for the screening result of `edition` to be published under letter `number`.

    Refused while a forwarded proposal has no decision, when nothing was screened, or when a
    result was already published. Side effects: the ScreeningAnnouncement (status publishing),
    which locks every decision; after commit, the task that publishes.
    """
    number = " ".join(number.split())
    if not number:
        raise ValidationError({"number": _("Enter the letter number.")})
    if ScreeningAnnouncement.objects.select_for_update().filter(edition=edition).exists():
        raise ValidationError(_("The screening result of this edition has already been published."))
    forwarded = screened_proposals(edition).filter(status=S.FORWARDED)
    if not forwarded.exists():
        raise ValidationError(_("No proposal is waiting for a screening result."))
    undecided = forwarded.filter(screening_decision__isnull=True).count()
    if undecided:
        raise ValidationError(
            ngettext(
                "%(count)d proposal has no decision yet; decide them all before publishing.",
                "%(count)d proposals have no decision yet; decide them all before publishing.",
                undecided,
            )
            % {"count": undecided}
        )
    announcement = ScreeningAnnouncement.objects.create(
        edition=edition, number=number, letter_date=letter_date, requested_by=by
    )
    transaction.on_commit(partial(_enqueue_publication, announcement.pk))
    return announcement


def _enqueue_publication(announcement_id: int) -> None:
    from judging.tasks import publish_screening_results_task

    try:
        publish_screening_results_task.delay(announcement_id)
    except Exception:  # The page offers "publish again"; the outcome is the same (idempotent).
        logger.exception("Could not queue the publication of screening announcement %s", announcement_id)


def retry_publication(*, announcement: ScreeningAnnouncement) -> None:
    """Queue the publication again (after a worker or broker failure); publishing is idempotent."""
    if not announcement.is_published:
        transaction.on_commit(partial(_enqueue_publication, announcement.pk))


@transaction.atomic
def publish_screening_results(*, announcement: ScreeningAnnouncement, now: datetime | None = None) -> None:
    """Make the screening result official. Idempotent: running it again changes nothing more.

    Side effects, in one transaction: every decided forwarded proposal moves to passed or failed
    (submissions.services.transition, which writes a ProposalEvent with the reason); the PDF letter
    listing the proposals that passed; a competitions Announcement (number, title, text, PDF) on
    the public edition page; a `screening_result` message to the Admin Lokal of each agency and the
    UPP staff of each proposal (deduplicated per announcement and proposal); status published.
    """
    from judging.pdf import render_result_letter

    now = now or timezone.now()
    announcement = ScreeningAnnouncement.objects.select_for_update().select_related("edition").get(pk=announcement.pk)
    edition = announcement.edition
    by = announcement.requested_by
    decisions = list(
        ScreeningDecision.objects.filter(proposal__edition=edition)
        .select_related("proposal__innovation__agency", "proposal__innovation__unit", "proposal__group")
        .order_by("proposal__pk")
    )
    for decision in decisions:
        proposal = decision.proposal
        target = S.PASSED if decision.outcome == Outcome.PASS else S.FAILED
        if proposal.status == S.FORWARDED:
            # The proposal's history is an official record, written in Indonesian like the letter.
            with translation.override(settings.LANGUAGE_CODE):
                comment = decision.reason_text
            transition(proposal=proposal, to=target, by=by, comment=comment, now=now)
            proposal.status = target
    passed = [decision.proposal for decision in decisions if decision.outcome == Outcome.PASS]
    announcement.passed_count = len(passed)
    announcement.failed_count = len(decisions) - len(passed)

    with translation.override(settings.LANGUAGE_CODE):
        # Official letters are in Indonesian only (see competitions.Announcement).
        title = _("Result of the administrative screening of %(edition)s") % {"edition": edition.name}
        body = _(
            "Following the administrative screening of the proposals entered in %(edition)s, "
            "%(passed)d of %(total)d proposals pass and go on to the desk evaluation. "
            "The list of the proposals that pass is attached."
        ) % {"edition": edition.name, "passed": len(passed), "total": len(decisions)}
        if not announcement.pdf:
            pdf = render_result_letter(announcement=announcement, passed=passed, title=title, body=body)
            announcement.pdf.save(f"hasil-seleksi-administrasi-{edition.slug}.pdf", ContentFile(pdf), save=False)
    if announcement.announcement_id is None:
        public = Announcement(edition=edition, number=announcement.number, title=title, body=body, published_at=now)
        with announcement.pdf.open("rb") as letter:
            public.file.save(f"hasil-seleksi-administrasi-{edition.slug}.pdf", ContentFile(letter.read()), save=False)
        public.save()
        announcement.announcement = public
    if not announcement.published_at:
        announcement.published_at = now
    announcement.status = ScreeningAnnouncement.Status.PUBLISHED
    announcement.save()
    _notify_results(announcement=announcement, decisions=decisions)


def _notify_results(*, announcement: ScreeningAnnouncement, decisions: list[ScreeningDecision]) -> None:
    edition = announcement.edition
    agencies = {decision.proposal.innovation.agency_id for decision in decisions}
    parents = dict(
        Agency.objects.filter(pk__in=agencies, kind=Agency.Kind.BUMD, parent__isnull=False).values_list(
            "pk", "parent_id"
        )
    )
    admins: dict[int, list] = defaultdict(list)
    staff: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.active().filter(user__is_active=True).select_related("user")
    for membership in memberships.filter(role=Membership.Role.ADMIN_LOKAL, agency__in=agencies | set(parents.values())):
        admins[membership.agency_id].append(membership.user)
    units = {decision.proposal.innovation.unit_id for decision in decisions}
    for membership in memberships.filter(role=Membership.Role.UPP_STAFF, unit__in=units):
        staff[membership.unit_id].append(membership.user)
    url = reverse("judging:agency_results", kwargs={"slug": edition.slug})
    for decision in decisions:
        proposal = decision.proposal
        agency_id = proposal.innovation.agency_id
        recipients = admins[agency_id] + admins.get(parents.get(agency_id), []) + staff[proposal.innovation.unit_id]
        passed = decision.outcome == Outcome.PASS
        notify(
            event="screening_result",
            recipients=recipients,
            context={
                "proposal_title": proposal.title,
                "edition": str(edition),
                "result": gettext_lazy("passed") if passed else gettext_lazy("did not pass"),
                "notes": "" if passed else _reason_for_message(decision),
            },
            url=url,
            dedupe_key=f"screening-{announcement.pk}-proposal-{proposal.pk}",
        )


def _reason_for_message(decision: ScreeningDecision):
    """The reason as a lazy text: the notification renders it in each recipient's language."""
    label = decision.get_reason_display() if decision.reason and decision.reason != FailReason.OTHER else ""
    if label and decision.note:
        return format_lazy("{} — {}", label, decision.note)
    return label or decision.note
