"""Screening pages: the secretariat's queue, a proposal's findings and decision, the side-by-side
view of a near-duplicate pair, publication; and each agency's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from competitions.models import Edition
from judging import permissions, selectors, services
from judging.forms import BulkDecisionForm, DecisionForm, PublishForm, QueueFilterForm
from judging.models import FailReason, ScreeningAnnouncement, ScreeningDecision, ScreeningResult
from submissions.models import Proposal

PAGE_SIZE = 50


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Editions to screen (secretariat) and editions with published results (agencies)."""
    if not permissions.can_read_results(request.user):
        raise Http404
    managed = (
        Edition.objects.managed_by(request.user)
        .annotate(
            screened=Count("proposals", filter=Q(proposals__status__in=Proposal.REACHED_ORGANISER), distinct=True)
        )
        .select_related("screening_announcement")
        .order_by("-year", "name")
    )
    published = (
        Edition.objects.visible_to(request.user)
        .filter(screening_announcement__status=ScreeningAnnouncement.Status.PUBLISHED)
        .select_related("screening_announcement")
        .order_by("-year", "name")
    )
    return render(request, "judging/index.html", {"managed": managed, "published": published})


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    filters = QueueFilterForm(request.GET or None, edition=edition)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(selectors.screening_queue(edition=edition, filters=cleaned), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page" and value])
    summary = selectors.screening_summary(edition)
    return render(
        request,
        "judging/queue.html",
        {
            "edition": edition,
            "filters": filters,
            "page": page,
            "query": query,
            "summary": summary,
            "locked": summary["announcement"] is not None,
            "fail_reasons": FailReason.choices,
        },
    )


@login_required
@require_POST
def run_checks(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    try:
        services.request_screening_checks(edition=edition, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The checks are running. Reload the page in a minute to see the findings."))
    return redirect("judging:queue", slug=edition.slug)


@login_required
@require_POST
def bulk_decide(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    forwarded = services.screened_proposals(edition).filter(status=Proposal.Status.FORWARDED)
    form = BulkDecisionForm(request.POST, proposal_ids=list(forwarded.values_list("pk", flat=True)))
    if form.is_valid():
        data = form.cleaned_data
        try:
            count = services.record_decisions(
                edition=edition,
                proposal_ids=data["proposals"],
                outcome=data["outcome"],
                reason=data["reason"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d proposal decided.", "%(count)d proposals decided.", count) % {"count": count},
            )
            return redirect(_back_to_queue(request, edition))
    problems = [str(message) for errors in form.errors.values() for message in errors]
    messages.error(request, _("Nothing was decided: %(problems)s") % {"problems": " ".join(problems)})
    return redirect(_back_to_queue(request, edition))


def _back_to_queue(request: HttpRequest, edition: Edition) -> str:
    query = request.POST.get("query", "")
    url = reverse("judging:queue", kwargs={"slug": edition.slug})
    return f"{url}?{query}" if query else url


@login_required
def proposal_screening(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    proposal = permissions.proposal_for_secretariat(request.user, edition, pk)
    return _render_proposal(request, edition, proposal, form=None)


def _render_proposal(request, edition, proposal, *, form, status=200) -> HttpResponse:
    result = ScreeningResult.objects.filter(proposal=proposal).first()
    decision = ScreeningDecision.objects.filter(proposal=proposal).select_related("decided_by").first()
    if form is None:
        if decision:
            initial = {"outcome": decision.outcome, "reason": decision.reason, "note": decision.note}
        else:
            initial = {"reason": result.suggested_reason if result else ""}
        form = DecisionForm(initial=initial)
    changes = decision.changes.select_related("by") if decision else []
    return render(
        request,
        "judging/proposal.html",
        {
            "edition": edition,
            "proposal": proposal,
            "result": result,
            "pairs": selectors.pairs_of(proposal),
            "decision": decision,
            "changes": changes,
            "form": form,
            "can_decide": proposal.status == Proposal.Status.FORWARDED and not services.is_locked(edition),
        },
        status=status,
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    proposal = permissions.proposal_for_secretariat(request.user, edition, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_decision(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Decision saved for “%(title)s”.") % {"title": proposal.title})
            return redirect("judging:proposal", slug=edition.slug, pk=proposal.pk)
    return _render_proposal(request, edition, proposal, form=form, status=400)


@login_required
def pair_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    pair = permissions.pair_for_secretariat(request.user, edition, pk)
    return render(request, "judging/pair.html", {"edition": edition, "pair": pair})


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_publication(edition=edition, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The screening result is being published."))
            return redirect("judging:publish", slug=edition.slug)
    summary = selectors.screening_summary(edition)
    return render(
        request,
        "judging/publish.html",
        {"edition": edition, "form": form, "summary": summary, "announcement": summary["announcement"]},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def publish_retry(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    announcement = ScreeningAnnouncement.objects.filter(edition=edition).first()
    if announcement is None:
        raise Http404
    services.retry_publication(announcement=announcement)
    messages.success(request, _("The publication was queued again."))
    return redirect("judging:publish", slug=edition.slug)


@login_required
def agency_results(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_results(request.user, slug)
    announcement = (
        ScreeningAnnouncement.objects.filter(edition=edition, status=ScreeningAnnouncement.Status.PUBLISHED)
        .select_related("announcement")
        .first()
    )
    proposals = selectors.agency_results(user=request.user, edition=edition)
    return render(
        request,
        "judging/agency_results.html",
        {"edition": edition, "announcement": announcement, "proposals": proposals},
    )
