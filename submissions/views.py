from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies.models import Agency
from competitions.forms_definition import FormDefinition, count_words
from competitions.models import Edition
from submissions import attachments, permissions, selectors, services
from submissions.forms import IdentificationForm, ReturnForm, StartProposalForm, SubmitForm
from submissions.models import Innovation, Proposal
from submissions.services import TOP_99_TIERS

S = Proposal.Status


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Everyone's own proposals: a UPP's, an agency's (with quota use and what is stuck), or all."""
    user = request.user
    proposals = Proposal.objects.visible_to(user).for_listing().order_by("-updated_at")
    editions = Edition.objects.filter(status=Edition.Status.PUBLISHED).prefetch_related("stages", "groups")
    status = request.GET.get("status", "")
    if status in S.values:
        proposals = proposals.filter(status=status)
    counts = dict(Proposal.objects.visible_to(user).values_list("status").annotate(n=Count("pk")))
    managed = list(Agency.objects.managed_by(user))
    now = timezone.now()
    open_editions = [edition for edition in editions if edition.entry_stage and edition.entry_stage.is_open(now)]
    agency = managed[0] if len(managed) == 1 else None
    context = {
        "page": Paginator(proposals, 50).get_page(request.GET.get("page")),
        "counts": counts,
        "status": status,
        "statuses": S.choices,
        "open_editions": open_editions,
        "can_start": selectors.units_for_writer(user).exists() and bool(open_editions),
        "is_admin_lokal": bool(managed),
        "quota": [(edition, selectors.quota_use(edition=edition, agency=agency)) for edition in open_editions]
        if agency
        else [],
        "countdowns": [
            (edition, selectors.countdown(edition=edition, agency=agency, now=now)) for edition in open_editions
        ],
    }
    return render(request, "submissions/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_start(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(Edition.objects.filter(status=Edition.Status.PUBLISHED), slug=slug)
    units = selectors.units_for_writer(request.user)
    if not units.exists():
        raise Http404
    innovations = Innovation.objects.filter(unit__in=units).exclude(proposals__edition=edition).select_related("agency")
    form = StartProposalForm(request.POST or None, edition=edition, units=units, innovations=innovations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.start_proposal(
                edition=edition,
                group=data["group"],
                unit=data["unit"],
                title=data["title"],
                innovation=data["innovation"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("submissions:edit", pk=proposal.pk)
    return render(request, "submissions/start.html", {"edition": edition, "form": form})


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_viewer(request.user, pk)
    is_writer = permissions.is_writer_of(request.user, proposal)
    is_reviewer = permissions.is_admin_lokal_of(request.user, proposal)
    context = {
        "proposal": proposal,
        "sections": selectors.sections_of(proposal),
        "identification": proposal.identification_answers.select_related("question"),
        "events": proposal.events.select_related("actor"),
        "is_writer": is_writer,
        "is_reviewer": is_reviewer,
        "can_edit": is_writer and proposal.is_editable_state,
        "can_review": is_reviewer and proposal.status == S.SUBMITTED,
        "can_withdraw": is_writer and proposal.status in (S.DRAFT, S.SUBMITTED, S.RETURNED),
        "attachment_panel": attachments.attachment_panel(proposal=proposal, can_edit=False),
    }
    return render(request, "submissions/detail.html", context)


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    if not proposal.is_editable_state:
        messages.info(
            request,
            _("This proposal is %(status)s; it can no longer be changed.")
            % {"status": proposal.get_status_display().lower()},
        )
        return redirect("submissions:detail", pk=pk)
    return _render_editor(request, proposal)


def _render_editor(request, proposal: Proposal, identification_form=None, submit_form=None, status=200):
    form = FormDefinition.for_group(proposal.group)
    now = timezone.now()
    agency = proposal.innovation.agency
    entry_open = services.is_entry_open_for(edition=proposal.edition, agency=agency, now=now)
    if identification_form is None:
        identification_form = IdentificationForm(
            proposal=proposal,
            questions=form.questions,
            replicable=_replicable(proposal),
            initial=_identification_initial(proposal),
        )
    context = {
        "proposal": proposal,
        "form_definition": form,
        "identification_form": identification_form,
        "submit_form": submit_form or SubmitForm(initial={"declaration": bool(proposal.truthfulness_declared_at)}),
        "sections": selectors.sections_of(proposal, form),
        "missing": services.missing_for_submission(proposal),
        "entry_open": entry_open,
        "closes_at": services.entry_closes_for(edition=proposal.edition, agency=agency),
        "countdown": selectors.countdown(edition=proposal.edition, agency=agency, now=now),
        "returned_comment": proposal.events.filter(to_status=S.RETURNED).order_by("-at").first()
        if proposal.status == S.RETURNED
        else None,
        "can_edit": entry_open,
        "attachment_panel": attachments.attachment_panel(proposal=proposal, can_edit=entry_open, form=form),
    }
    return render(request, "submissions/edit.html", context, status=status)


def _replicable(proposal: Proposal):
    return (
        Innovation.objects.filter(awards__tier__in=TOP_99_TIERS)
        .exclude(pk=proposal.innovation_id)
        .select_related("agency")
        .distinct()
        .order_by("title")
    )


def _identification_initial(proposal: Proposal) -> dict:
    innovation = proposal.innovation
    initial = {
        "version": proposal.version,
        "title": proposal.title,
        "category": proposal.category_id,
        "sdgs": list(proposal.sdgs.values_list("pk", flat=True)),
        "started_on": innovation.started_on,
        "innovator_kind": innovation.innovator_kind,
        "innovators": innovation.innovators,
        "replicates": proposal.replicates_id,
    }
    for answer in proposal.identification_answers.all():
        initial[f"question_{answer.question_id}"] = answer.value
    return initial


@login_required
@require_POST
def identification_save(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    questions = FormDefinition.for_group(proposal.group).questions
    form = IdentificationForm(request.POST, proposal=proposal, questions=questions, replicable=_replicable(proposal))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_identification(
                proposal=proposal,
                base_version=data["version"],
                by=request.user,
                title=data["title"],
                category=data["category"],
                sdgs=data["sdgs"],
                started_on=data["started_on"],
                innovator_kind=data["innovator_kind"],
                innovators=data["innovators"],
                replicates=data.get("replicates"),
                answers=form.question_answers(),
            )
        except services.StaleVersion:
            form.add_error(
                None,
                _(
                    "Someone else saved this page after you opened it. Your entries are still below; "
                    "reload the page to see theirs, then enter yours again."
                ),
            )
            return _render_editor(request, proposal, identification_form=form, status=409)
        except ValidationError as error:
            _add_errors(form, error)
            return _render_editor(request, proposal, identification_form=form, status=400)
        messages.success(request, _("The identification was saved."))
        return redirect(reverse("submissions:edit", args=[pk]) + "#identification")
    return _render_editor(request, proposal, identification_form=form, status=400)


@login_required
@require_POST
def section_save(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """Autosave of one section (htmx): answers with the saved state, or 409 with the newer text."""
    proposal = permissions.proposal_for_writer(request.user, pk)
    section = get_object_or_404(proposal.group.sections, pk=section_pk)
    text = request.POST.get("text", "")
    try:
        base_version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(_("The page is out of date; reload it."), status=400)
    context = {"proposal": proposal, "section": section}
    try:
        result = services.save_answer(
            proposal=proposal, section_id=section.pk, text=text, base_version=base_version, by=request.user
        )
    except services.StaleVersion as stale:
        # The base version stays in the form: autosave keeps refusing until the writer chooses a text.
        context.update(conflict=stale.answer, version=base_version, words=count_words(text))
        return render(request, "submissions/partials/section_state.html", context, status=409)
    except ValidationError as error:
        context.update(error=_error_text(error), version=base_version, words=count_words(text))
        return render(request, "submissions/partials/section_state.html", context, status=422)
    context.update(
        answer=result.answer, version=result.answer.version, words=result.words, over_limit=result.over_limit
    )
    return render(request, "submissions/partials/section_state.html", context)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the declaration that the information is true before submitting."))
        return redirect(reverse("submissions:edit", args=[pk]) + "#submit")
    try:
        if not proposal.truthfulness_declared_at:
            services.declare_truthfulness(proposal=proposal, by=request.user)
        services.transition(proposal=proposal, to=S.SUBMITTED, by=request.user)
    except ValidationError as error:
        messages.error(request, _("The proposal was not submitted: %(problems)s") % {"problems": _error_text(error)})
        return redirect(reverse("submissions:edit", args=[pk]) + "#submit")
    messages.success(request, _("Submitted to your Admin Lokal."))
    return redirect("submissions:detail", pk=pk)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.proposal_for_writer(request.user, pk)
    try:
        services.transition(proposal=proposal, to=S.WITHDRAWN, by=request.user, comment=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The proposal was withdrawn."))
    return redirect("submissions:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The Admin Lokal reads the whole proposal, comments per section, returns it or forwards it."""
    proposal = permissions.proposal_for_reviewer(request.user, pk)
    sections = selectors.sections_of(proposal)
    form = ReturnForm(request.POST or None, sections=[view.section for view in sections])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "forward":
                services.transition(
                    proposal=proposal, to=S.FORWARDED, by=request.user, comment=request.POST.get("comment", "")
                )
                messages.success(request, _("Forwarded to the organiser."))
                return redirect("submissions:detail", pk=pk)
            if action == "return" and form.is_valid():
                if not form.cleaned_data["comment"].strip() and not any(form.section_comments().values()):
                    raise ValidationError(_("Say what needs to change; the UPP receives your comments."))
                services.return_with_comments(
                    proposal=proposal,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    section_comments=form.section_comments(),
                )
                messages.success(request, _("Returned to the UPP for revision."))
                return redirect("submissions:detail", pk=pk)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
    quota = selectors.quota_use(edition=proposal.edition, agency=proposal.innovation.agency)
    context = {
        "proposal": proposal,
        "sections": sections,
        "identification": proposal.identification_answers.select_related("question"),
        "form": form,
        "quota": next((use for use in quota if use.group.pk == proposal.group_id), None),
        "can_decide": proposal.status == S.SUBMITTED,
        "attachment_panel": attachments.attachment_panel(proposal=proposal, can_edit=False),
    }
    return render(request, "submissions/review.html", context, status=400 if form.errors else 200)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
