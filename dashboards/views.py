"""The organiser dashboard: where an edition stands, for its organiser's secretariat."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from competitions.models import Edition
from dashboards import charts, permissions, selectors
from dashboards.forms import ComplianceFilterForm

PAGE_SIZE = 50


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The editions whose dashboards the user may open."""
    if not permissions.can_use_dashboards(request.user):
        raise Http404
    editions = (
        Edition.objects.managed_by(request.user)
        .select_related("organiser")
        .annotate(proposal_count=Count("proposals"))
        .order_by("-year", "name", "pk")
    )
    return render(request, "dashboards/index.html", {"editions": editions})


@login_required
@require_GET
def edition(request: HttpRequest, slug: str) -> HttpResponse:
    edition = permissions.edition_for_dashboard(request.user, slug)
    funnel = selectors.edition_funnel(edition)
    steps = selectors.funnel_steps(funnel.total)
    rounds = selectors.jury_progress(edition)
    context = {
        "edition": edition,
        "now": timezone.now(),
        "funnel": funnel,
        "steps": steps,
        "funnel_bars": charts.funnel_bars(steps),
        "kind_bars": charts.layered_bars(funnel.by_kind),
        "province_bars": charts.layered_bars(funnel.by_province),
        "legend": charts.legend(),
        "compliance": charts.Share(part=funnel.total.with_proposal, whole=funnel.total.agencies),
        "rounds": [(item, charts.Share(part=item.done, whole=item.assigned)) for item in rounds],
        "stages": selectors.STAGES,
    }
    return render(request, "dashboards/edition.html", context)


@login_required
@require_GET
def funnel_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The funnel table as CSV: the total, each agency type and each province, one row each."""
    edition = permissions.edition_for_dashboard(request.user, slug)
    funnel = selectors.edition_funnel(edition)
    keys = [stage.key for stage in selectors.STAGES]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Breakdown"),
            _("Name"),
            *[str(stage.label) for stage in selectors.STAGES],
            _("Verified agencies without a proposal"),
            _("Verified agencies with nothing forwarded"),
        ]
    )

    def write(breakdown: str, name: str, counts: selectors.Counts) -> None:
        writer.writerow(
            [
                breakdown,
                name,
                *[getattr(counts, key) for key in keys],
                counts.without_proposal,
                counts.without_forwarded,
            ]
        )

    write(_("Total"), str(edition), funnel.total)
    for row in funnel.by_kind:
        write(_("Agency type"), row.label, row.counts)
    for row in funnel.by_province:
        write(_("Province"), row.label, row.counts)
    # The byte-order mark makes Excel read the file as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}-funnel-{stamp}.csv"'
    return response


@login_required
@require_GET
def compliance(request: HttpRequest, slug: str) -> HttpResponse:
    """One Agency, One Innovation: the verified agencies without a proposal in the edition."""
    edition = permissions.edition_for_dashboard(request.user, slug)
    form = ComplianceFilterForm(request.GET or None)
    filters = form.filters()
    agencies = selectors.agencies_without_proposal(edition, **filters)
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    verified = selectors.verified_agencies(province=filters.get("province"), kind=filters.get("kind", "")).count()
    missing = filters.get("missing", selectors.Missing.PROPOSAL)
    context = {
        "edition": edition,
        "form": form,
        "page": page,
        "missing": missing,
        "forwarded_mode": missing == selectors.Missing.FORWARDED,
        "share": charts.Share(part=verified - page.paginator.count, whole=verified),
        "verified": verified,
        "percent": round(100 * page.paginator.count / verified, 1) if verified else None,
    }
    return render(request, "dashboards/compliance.html", context)
