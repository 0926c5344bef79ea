from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agencies import permissions, services
from agencies.filters import AgencyFilter
from agencies.forms import AcceptInvitationForm, AgencyRequestForm, ImportUnitsForm, InviteForm, RejectForm, UnitForm
from agencies.imports import ImportFileError, parse_units
from agencies.models import AccountRequest, Agency, Membership

IMPORT_SALT = "agencies.import-units"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            for message in field_errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- Public onboarding -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = AgencyRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account_request = services.request_account(**data)
        request.session["agency_request_email"] = account_request.admin_email
        return redirect("agencies:register_done")
    return render(request, "agencies/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "agencies/register_done.html", {"email": request.session.get("agency_request_email", "")})


def confirm_request(request: HttpRequest, token: str) -> HttpResponse:
    try:
        account_request = services.request_from_token(token)
    except ValidationError as error:
        return render(request, "agencies/confirm_request.html", {"error": error.messages[0]}, status=400)
    if request.method == "POST":
        services.confirm_request_email(account_request=account_request)
        return redirect("agencies:confirm_request", token=token)
    return render(request, "agencies/confirm_request.html", {"account_request": account_request})


# --- Secretariat -----------------------------------------------------------------------------


@login_required
def request_queue(request: HttpRequest) -> HttpResponse:
    permissions.require_secretariat(request.user)
    pending = (
        AccountRequest.objects.filter(agency__status=Agency.Status.PENDING)
        .select_related("agency__region__province", "agency__parent")
        .annotate(duplicate_count=Count("possible_duplicates"))
        .order_by("created_at")
    )
    return render(request, "agencies/request_queue.html", {"requests": pending})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account_request = permissions.request_for_secretariat(request.user, pk)
    reject_form = RejectForm()
    return render(
        request,
        "agencies/request_detail.html",
        {
            "account_request": account_request,
            "agency": account_request.agency,
            "duplicates": account_request.possible_duplicates.select_related("region"),
            "reject_form": reject_form,
        },
    )


@login_required
def request_letter(request: HttpRequest, pk: int) -> FileResponse:
    account_request = permissions.request_for_secretariat(request.user, pk)
    return FileResponse(
        account_request.letter.open("rb"),
        content_type="application/pdf",
        filename=f"surat-permohonan-{account_request.pk}.pdf",
    )


@login_required
@require_POST
def request_verify(request: HttpRequest, pk: int) -> HttpResponse:
    account_request = permissions.request_for_secretariat(request.user, pk)
    try:
        services.verify_agency(account_request=account_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agencies:request_detail", pk=pk)
    messages.success(
        request,
        _("%(agency)s is verified. %(email)s received the link to activate the Admin Lokal account.")
        % {"agency": account_request.agency.name, "email": account_request.admin_email},
    )
    return redirect("agencies:request_queue")


@login_required
@require_POST
def request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    account_request = permissions.request_for_secretariat(request.user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_agency(account_request=account_request, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The request of %(agency)s was rejected.") % {"agency": account_request.agency.name}
            )
            return redirect("agencies:request_queue")
    context = {
        "account_request": account_request,
        "agency": account_request.agency,
        "duplicates": account_request.possible_duplicates.select_related("region"),
        "reject_form": form,
    }
    return render(request, "agencies/request_detail.html", context, status=400)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    permissions.require_secretariat(request.user)
    queryset = Agency.objects.select_related("region__province", "parent__region__province").annotate(
        unit_count=Count("units", filter=Q(units__is_active=True), distinct=True),
        member_count=Count("memberships", filter=Q(memberships__is_active=True), distinct=True),
    )
    agency_filter = AgencyFilter(request.GET or None, queryset=queryset)
    page = Paginator(agency_filter.qs.order_by("name"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "agencies/agency_list.html", {"filter": agency_filter, "page": page, "query": query.urlencode()}
    )


# --- Agency members --------------------------------------------------------------------------


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = permissions.agency_for_viewer(request.user, pk)
    can_manage = permissions.can_manage_agency(request.user, agency)
    active_members = Membership.objects.active().select_related("user")
    units = permissions.units_visible_to(request.user, agency, can_manage=can_manage).prefetch_related(
        Prefetch("memberships", queryset=active_members, to_attr="active_memberships")
    )
    context = {
        "agency": agency,
        "can_manage": can_manage,
        "units": units,
        "admins": active_members.filter(agency=agency, role=Membership.Role.ADMIN_LOKAL) if can_manage else [],
        "invitations": agency.invitations.open().select_related("unit") if can_manage else [],
        "audit_entries": agency.audit_entries.select_related("actor")[:20] if can_manage else [],
        "children": agency.children.all() if can_manage else [],
    }
    return render(request, "agencies/agency_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    agency = permissions.agency_for_manager(request.user, pk)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_unit(agency=agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The UPP was added."))
            return redirect("agencies:detail", pk=agency.pk)
    return render(request, "agencies/unit_form.html", {"agency": agency, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def unit_update(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    agency = permissions.agency_for_manager(request.user, pk)
    unit = permissions.unit_for_manager(request.user, agency, unit_pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The UPP was saved."))
            return redirect("agencies:detail", pk=agency.pk)
    return render(request, "agencies/unit_form.html", {"agency": agency, "form": form, "unit": unit})


@login_required
@require_POST
def unit_set_active(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    agency = permissions.agency_for_manager(request.user, pk)
    unit = permissions.unit_for_manager(request.user, agency, unit_pk)
    active = request.POST.get("active") == "1"
    services.set_unit_active(unit=unit, active=active, by=request.user)
    messages.success(request, _("The UPP was reactivated.") if active else _("The UPP was deactivated."))
    return redirect("agencies:detail", pk=agency.pk)


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest, pk: int) -> HttpResponse:
    agency = permissions.agency_for_manager(request.user, pk)
    if request.method == "POST" and "confirm" in request.POST:
        try:
            rows = signing.loads(request.POST["confirm"], salt=IMPORT_SALT, max_age=3600)
            if rows["agency"] != agency.pk:
                raise signing.BadSignature
            units = services.import_units(agency=agency, rows=rows["rows"], by=request.user)
        except signing.BadSignature:
            messages.error(request, _("The preview has expired. Upload the file again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d UPPs were imported.") % {"count": len(units)})
            return redirect("agencies:detail", pk=agency.pk)
        return redirect("agencies:unit_import", pk=agency.pk)

    form = ImportUnitsForm(request.POST or None, request.FILES or None)
    context = {"agency": agency, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            parsed = parse_units(form.cleaned_data["file"], agency=agency)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            valid = [row.values for row in parsed if not row.errors]
            context.update(
                parsed=parsed,
                valid_count=len(valid),
                error_count=len(parsed) - len(valid),
                confirm=signing.dumps({"agency": agency.pk, "rows": valid}, salt=IMPORT_SALT) if valid else "",
            )
    return render(request, "agencies/unit_import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    agency = permissions.agency_for_manager(request.user, pk)
    form = InviteForm(request.POST or None, agency=agency, initial={"unit": request.GET.get("upp")})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(agency=agency, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("agencies:detail", pk=agency.pk)
    return render(request, "agencies/member_invite.html", {"agency": agency, "form": form})


@login_required
@require_POST
def member_deactivate(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    agency = permissions.agency_for_manager(request.user, pk)
    membership = permissions.membership_for_manager(request.user, agency, membership_pk)
    try:
        services.deactivate_member(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was deactivated.") % {"name": membership.user.get_full_name()})
    return redirect("agencies:detail", pk=agency.pk)


# --- Invitations -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationUnusable as error:
        return render(request, "agencies/invitation_unusable.html", {"error": str(error)}, status=410)

    user = request.user if request.user.is_authenticated else None
    if user is not None and user.email.lower() != invitation.email:
        return render(request, "agencies/invitation_wrong_account.html", {"invitation": invitation}, status=403)
    has_account = user is None and services.User.objects.filter(email__iexact=invitation.email).exists()
    form = (
        None
        if user or has_account
        else AcceptInvitationForm(
            request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
        )
    )

    if request.method == "POST" and (user or (form and form.is_valid())):
        try:
            if user:
                services.accept_invitation(invitation=invitation, user=user)
            else:
                user = services.accept_invitation(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    phone=form.cleaned_data["phone"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except (ValidationError, services.InvitationUnusable) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                _("Welcome! You are now %(role)s of %(place)s.")
                % {"role": invitation.get_role_display(), "place": invitation.unit or invitation.agency},
            )
            return redirect("agencies:detail", pk=invitation.agency_id)
    return render(
        request, "agencies/accept_invitation.html", {"invitation": invitation, "form": form, "has_account": has_account}
    )
