"""Public pages of the showcase, its open data and its API. Every page works without signing in;
anonymous answers come from the cache (showcase.caching.public_page)."""

import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from showcase import openapi, opendata, selectors
from showcase.caching import public_page
from showcase.models import PublicProfile
from showcase.permissions import photo_for_viewer, profile_for_viewer

PHOTO_MAX_AGE = 60 * 60 * 24 * 365


def _alternates(request: HttpRequest, path: str) -> dict:
    """Absolute addresses of `path` in each language, for canonical and hreflang links."""
    return {code: opendata.absolute(translate_url(path, code)) for code, _name in settings.LANGUAGES}


@require_safe
@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The innovation list: search, facets with counts, sorting, pagination; highlights on top when
    nothing is filtered."""
    criteria = selectors.Criteria.from_query(request.GET)
    result = selectors.listing(criteria)
    query = criteria.query_string(page=result.page.number)
    path = request.path + (f"?{query}" if query else "")
    context = {
        "listing": result,
        "criteria": criteria,
        "highlights": None if criteria.is_filtered or result.page.number > 1 else selectors.highlights(),
        "canonical": opendata.absolute(path),
        "alternates": _alternates(request, path),
        "export_query": criteria.query_string(sort=None),
        "chips": [
            (facet.label, facet.selected.label, criteria.query_string(**{facet.name: None}))
            for facet in result.facets
            if facet.selected
        ]
        + ([(_("Search"), criteria.q, criteria.query_string(q=None, sort=None))] if criteria.q else []),
        "previous_query": criteria.query_string(page=result.page.previous_page_number())
        if result.page.has_previous()
        else None,
        "next_query": criteria.query_string(page=result.page.next_page_number()) if result.page.has_next() else None,
    }
    return render(request, "showcase/index.html", context)


@require_safe
@public_page
def detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    profile = profile_for_viewer(request.user, pk)
    if slug != profile.slug:
        return redirect(profile.get_absolute_url(), permanent=True)
    page = selectors.profile_page(profile)
    url = opendata.absolute(profile.get_absolute_url())
    title = profile.localized("title")
    share_text = f"{title} — {profile.agency_name}"
    context = {
        "profile": profile,
        **page,
        "preview": not profile.is_public,
        "canonical": url,
        "alternates": _alternates(request, profile.get_absolute_url()),
        "og_image": opendata.absolute(profile.cover.get_absolute_url()) if profile.cover_id else "",
        "share": [
            ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{share_text} {url}"})),
            ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
            ("X", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": share_text})),
            ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
            ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": share_text})),
            (_("Email"), f"mailto:?subject={quote(title)}&body={quote(url)}"),
        ],
    }
    response = render(request, "showcase/detail.html", context)
    if not profile.is_public:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@public_page
def statistics(request: HttpRequest) -> HttpResponse:
    stats = selectors.statistics()
    context = {
        "stats": stats,
        "canonical": opendata.absolute(request.path),
        "alternates": _alternates(request, request.path),
        "index_url": reverse("showcase:index"),
    }
    return render(request, "showcase/statistics.html", context)


@require_safe
def photo(request: HttpRequest, pk: int) -> FileResponse:
    return _photo(request, pk, thumbnail=False)


@require_safe
def photo_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    return _photo(request, pk, thumbnail=True)


def _photo(request: HttpRequest, pk: int, *, thumbnail: bool) -> FileResponse:
    """A photo of a published profile, for anyone and for good (a new photo gets a new address);
    the secretariat also sees photos of profiles not yet published, never stored by caches."""
    item = photo_for_viewer(request.user, pk)
    field_file = item.thumbnail if thumbnail else item.image
    try:
        response = FileResponse(field_file.open("rb"), content_type="image/jpeg")
    except FileNotFoundError as missing:
        raise Http404 from missing
    if item.profile.is_public:
        patch_cache_control(response, public=True, max_age=PHOTO_MAX_AGE, immutable=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


# --- Open data and API ---------------------------------------------------------------------------


def _export_queryset(request: HttpRequest):
    criteria = selectors.Criteria.from_query(request.GET)
    queryset, _search = selectors.search_and_filter(criteria)
    return queryset


def _stamp() -> str:
    return timezone.localdate().isoformat()


@require_safe
@public_page
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        opendata.csv_lines(_export_queryset(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sinovik-inovasi-{_stamp()}.csv"'
    response["Link"] = opendata.link_header()
    return response


@require_safe
@public_page
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        opendata.json_chunks(_export_queryset(request)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="sinovik-inovasi-{_stamp()}.json"'
    response["Link"] = opendata.link_header()
    return response


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Link"] = opendata.link_header()
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_page
def api_list(request: HttpRequest) -> JsonResponse:
    criteria = selectors.Criteria.from_query(request.GET)
    size = request.GET.get("page_size", str(selectors.API_PAGE_SIZE))
    invalid = list(criteria.invalid)
    if not size.isdigit() or not 1 <= int(size) <= selectors.API_MAX_PAGE_SIZE:
        invalid.append("page_size")
    if invalid:
        return _json({"error": "invalid parameters", "parameters": invalid}, status=400)
    queryset, _search = selectors.search_and_filter(criteria)
    paginator = Paginator(opendata.for_export(queryset), int(size))
    try:
        page = paginator.page(criteria.page)
    except (EmptyPage, PageNotAnInteger):
        return _json({"error": "no such page", "parameters": ["page"], "pages": paginator.num_pages}, status=404)

    def link(number: int) -> str:
        query = criteria.query_string(page=number, page_size=None if size == str(selectors.API_PAGE_SIZE) else size)
        return opendata.absolute(request.path + (f"?{query}" if query else ""))

    return _json(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            **opendata.license_note(),
            "results": [opendata.profile_data(profile) for profile in page.object_list],
        }
    )


@require_safe
@public_page
def api_detail(request: HttpRequest, pk: int) -> JsonResponse:
    profile = opendata.for_export(PublicProfile.objects.published()).prefetch_related("photos").filter(pk=pk).first()
    if profile is None:
        return _json({"error": "not found"}, status=404)
    return _json({**opendata.license_note(), **opendata.profile_data(profile, detail=True)})


@require_safe
@public_page
def api_schema(request: HttpRequest) -> HttpResponse:
    content = json.dumps(openapi.document(), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_page
def api_docs(request: HttpRequest) -> HttpResponse:
    context = {
        "canonical": opendata.absolute(request.path),
        "alternates": _alternates(request, request.path),
        "license_name": opendata.LICENSE_NAME,
        "license_url": opendata.LICENSE_URL,
        "columns": opendata.CSV_COLUMNS,
        "filters": openapi.FILTER_DOCS,
        "example_list": opendata.absolute(reverse("showcase:api_list") + "?province=35&year=2023&page_size=10"),
        "example_search": opendata.absolute(reverse("showcase:api_list") + "?q=kependudukan"),
        "schema_url": opendata.absolute(reverse("showcase:api_schema")),
        "first": PublicProfile.objects.published().only("pk").order_by("pk").first(),
    }
    return render(request, "showcase/api.html", context)


# --- Search engines (wired at the site root by sinovik/urls.py) ----------------------------------

SITEMAP_PAGE = 10_000


@require_safe
@public_page
def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: the showcase pages and every published innovation, each with its English twin
    (hreflang); split into parts of SITEMAP_PAGE innovations, with an index, beyond that."""
    profiles = PublicProfile.objects.published().order_by("pk").only("pk", "slug", "updated_at")
    total = profiles.count()
    part = request.GET.get("bagian", "")
    if total > SITEMAP_PAGE and not part:
        parts = range(1, (total - 1) // SITEMAP_PAGE + 2)
        content = render_to_string(
            "showcase/sitemap_index.xml",
            {"parts": [opendata.absolute(f"{request.path}?bagian={number}") for number in parts]},
        )
        return HttpResponse(content, content_type="application/xml; charset=utf-8")
    number = int(part) if part.isdigit() else 1
    chunk = profiles[(number - 1) * SITEMAP_PAGE : number * SITEMAP_PAGE]
    if number > 1 and not chunk:
        raise Http404
    pages = []
    if number == 1:
        for name in ("home", "showcase:index", "showcase:statistics", "showcase:api_docs", "competitions:list"):
            pages.append({"alternates": _alternates(request, reverse(name)), "lastmod": None})
    for profile in chunk:
        pages.append(
            {"alternates": _alternates(request, profile.get_absolute_url()), "lastmod": profile.updated_at.date()}
        )
    content = render_to_string("showcase/sitemap.xml", {"pages": pages})
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    content = render_to_string("showcase/robots.txt", {"sitemap": opendata.absolute("/sitemap.xml")})
    response = HttpResponse(content, content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response
