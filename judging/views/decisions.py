"""Finalists pages (issue 8): the secretariat drafts a balanced Top N from a ranked jury round,
reads what the rules moved in and out, and adds or removes proposals by hand with a reason.

Every page is the secretariat's: anyone else gets 404 from permissions.edition_for_secretariat.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from judging import permissions, services
from judging.forms_decisions import ApplyDecisionsForm, OverrideForm, ShortlistRulesForm
from judging.models import DecisionBatch, ShortlistDraft
from submissions.models import Proposal


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def shortlists(request: HttpRequest, slug: str) -> HttpResponse:
    """The edition's drafts, newest first, and the rules form that builds a new one."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    form = ShortlistRulesForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.build_shortlist_draft(
                round=form.cleaned_data["round"], size=form.cleaned_data["size"], rules=form.rules(), by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("judging:shortlist", slug=edition.slug, pk=draft.pk)
    drafts = ShortlistDraft.objects.filter(edition=edition).select_related("round", "created_by")
    return render(request, "judging/decisions/shortlists.html", {"edition": edition, "form": form, "drafts": drafts})


def _draft_page(request, edition, draft, *, override_form=None, apply_form=None, status=200) -> HttpResponse:
    overrides = list(draft.overrides.select_related("proposal", "created_by"))
    final = draft.final_ids(overrides)
    scores = {int(pk): score for pk, score in draft.scores.items()}
    # The display fields of every candidate in one query rather than one per row.
    related = (
        Proposal.objects.filter(pk__in=set(final) | set(scores))
        .select_related("innovation__agency", "category", "group")
        .only("title", "innovation__agency__name", "innovation__agency__kind", "category__name", "group__name")
    )
    proposals = {proposal.pk: proposal for proposal in related}
    by_score = sorted(scores, key=lambda pk: (-scores[pk], pk))
    position = {pk: index + 1 for index, pk in enumerate(by_score)}
    final_set = set(final)
    moved_in = {move["proposal"] for move in draft.moved_in}
    manual = {override.proposal_id: override for override in overrides}
    selected = [
        {
            "proposal": proposals[pk],
            "score": scores.get(pk),
            "position": position.get(pk),
            "moved_in": pk in moved_in,
            "override": manual.get(pk),
        }
        for pk in sorted(final, key=lambda pk: (-scores.get(pk, 0), pk))
        if pk in proposals
    ]
    others = [
        {"proposal": proposals[pk], "score": scores[pk], "position": position[pk], "override": manual.get(pk)}
        for pk in by_score
        if pk not in final_set and pk in proposals
    ]
    return render(
        request,
        "judging/decisions/shortlist.html",
        {
            "edition": edition,
            "draft": draft,
            "selected": selected,
            "others": others,
            "overrides": overrides,
            "override_form": override_form,
            "apply_form": apply_form or ApplyDecisionsForm(),
            "batches": DecisionBatch.objects.filter(draft=draft).select_related("announcement"),
            "final_total": sum(scores.get(pk, 0) for pk in final),
        },
        status=status,
    )


@login_required
def shortlist(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    draft = get_object_or_404(ShortlistDraft.objects.select_related("round", "created_by"), pk=pk, edition=edition)
    return _draft_page(request, edition, draft)


@login_required
@require_POST
def shortlist_override(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edition = permissions.edition_for_secretariat(request.user, slug)
    draft = get_object_or_404(ShortlistDraft.objects.select_related("round__panel"), pk=pk, edition=edition)
    form = OverrideForm(request.POST)
    if form.is_valid():
        proposal = Proposal.objects.filter(edition=edition, pk=form.cleaned_data["proposal"]).first()
        if proposal is None:
            raise Http404
        try:
            services.override_shortlist(
                draft=draft,
                proposal=proposal,
                action=form.cleaned_data["action"],
                justification=form.cleaned_data["justification"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The list was changed and your justification recorded."))
            return redirect("judging:shortlist", slug=edition.slug, pk=draft.pk)
    return _draft_page(request, edition, draft, override_form=form, status=400)


@login_required
@require_POST
def shortlist_apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Apply a tier to the draft's final list in one confirmed batch."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    draft = get_object_or_404(ShortlistDraft.objects.select_related("edition"), pk=pk, edition=edition)
    form = ApplyDecisionsForm(request.POST)
    if form.is_valid():
        try:
            batch = services.apply_decisions(
                draft=draft,
                tier=form.cleaned_data["tier"],
                number=form.cleaned_data["number"],
                letter_date=form.cleaned_data["letter_date"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(tier)s decided under No. %(number)s; the letter is published and the agencies were told.")
                % {"tier": batch.get_tier_display(), "number": batch.number},
            )
            return redirect("judging:shortlist", slug=edition.slug, pk=draft.pk)
    return _draft_page(request, edition, draft, apply_form=form, status=400)


@login_required
@require_POST
def publish_winners(request: HttpRequest, slug: str) -> HttpResponse:
    """Make the decided results public in the showcase."""
    edition = permissions.edition_for_secretariat(request.user, slug)
    try:
        published = services.publish_winners(edition=edition, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The results are public; %(count)d approved showcase profiles were published.") % {"count": published},
        )
    return redirect("judging:shortlists", slug=edition.slug)
