"""The OpenAPI 3.1 description of the read-only showcase API, built from the same filter list the
views use, so the document cannot drift from the code."""

from django.urls import reverse

from agencies.models import Agency
from competitions.models import Group
from showcase.opendata import CSV_COLUMNS, LICENSE_NAME, LICENSE_URL, absolute
from showcase.selectors import API_MAX_PAGE_SIZE, API_PAGE_SIZE, AREAS, NATIONAL, SORTS, YES_NO
from submissions.models import Award, Innovation

FILTER_DOCS = {
    "q": ("string", "Full-text search over title, summary and agency (typo-tolerant).", None),
    "year": ("integer", "Year of an award (any of the innovation's awards).", None),
    "tier": ("string", "An award tier the innovation received.", Award.Tier.values),
    "category": ("string", "Category name, in Indonesian, as in the `category` field.", None),
    "group": ("string", "The competition group of the innovation's main proposal.", Group.Kind.values),
    "kind": ("string", "Agency type.", Agency.Kind.values),
    "province": (
        "string",
        f"Province code (Kemendagri), as in `province_code`; `{NATIONAL}` for agencies without a province.",
        None,
    ),
    "sdg": ("integer", "Number (1 to 17) of a Sustainable Development Goal the innovation serves.", None),
    "replicated": ("string", "Whether other agencies have replicated it.", list(YES_NO)),
    "lifecycle": ("string", "Whether the innovation is still running.", Innovation.Lifecycle.values),
    "area": ("string", "Eastern Indonesia or a 3T region.", list(AREAS)),
    "sort": ("string", "Order of the results (`relevance` needs `q`).", list(SORTS)),
}


def _parameter(name: str) -> dict:
    kind, description, values = FILTER_DOCS[name]
    schema = {"type": kind}
    if values:
        schema["enum"] = values
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _profile_schema(detail: bool) -> dict:
    properties = {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "title_en": {"type": "string"},
        "agency": {"type": "string"},
        "unit": {"type": "string", "description": "The public-service unit (UPP) that runs it."},
        "agency_type": {"type": "string", "enum": Agency.Kind.values},
        "province_code": {"type": "string"},
        "province": {"type": "string"},
        "region": {"type": "string", "description": "Regency or city, when not the province itself."},
        "eastern_indonesia": {"type": "boolean"},
        "region_3t": {"type": "boolean"},
        "category": {"type": "string"},
        "category_en": {"type": "string"},
        "group": {"type": "string", "enum": [*Group.Kind.values, ""]},
        "awards": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "year": {"type": "integer"},
                    "tier": {"type": "string", "enum": Award.Tier.values},
                    "edition": {"type": "string"},
                },
            },
        },
        "latest_year": {"type": ["integer", "null"]},
        "best_award": {"type": "string"},
        "sdgs": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17}},
        "started_on": {"type": ["string", "null"], "format": "date"},
        "lifecycle": {"type": "string", "enum": Innovation.Lifecycle.values},
        "replicated": {"type": "boolean"},
        "summary": {"type": "string", "description": "The approved public summary, in Indonesian."},
        "summary_en": {"type": "string"},
        "cover_photo": {"type": ["string", "null"], "format": "uri"},
        "video": {"type": ["string", "null"], "format": "uri"},
        "published_at": {"type": ["string", "null"], "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
    }
    if detail:
        properties["photos"] = {"type": "array", "items": {"type": "object"}}
        properties["replications"] = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "direction": {"type": "string", "enum": ["of", "by"]},
                    "title": {"type": "string"},
                    "agency": {"type": "string"},
                    "year": {"type": "integer"},
                    "id": {"type": ["integer", "null"]},
                },
            },
        }
        properties["contact"] = {"type": "object", "description": "Contact for replication."}
    return {"type": "object", "properties": properties}


def document() -> dict:
    filters = [_parameter(name) for name in FILTER_DOCS]
    list_url = reverse("showcase:api_list")
    detail_url = reverse("showcase:api_detail", kwargs={"pk": 0}).replace("/0/", "/{id}/")
    server = absolute("")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "SiNovik showcase API",
            "version": "1.0",
            "description": (
                "Read-only access to the published profiles of the innovations awarded in the public-service "
                "innovation competition (KIPP). No key is needed. Data are published under "
                f"{LICENSE_NAME}: credit 'SiNovik'. The same filters work on the CSV and JSON exports "
                f"({reverse('showcase:export_csv')}, {reverse('showcase:export_json')}), whose columns are: "
                + ", ".join(CSV_COLUMNS)
                + "."
            ),
            "license": {"name": LICENSE_NAME, "url": LICENSE_URL},
        },
        "servers": [{"url": server}],
        "paths": {
            list_url: {
                "get": {
                    "summary": "List published innovations",
                    "operationId": "listInnovations",
                    "parameters": [
                        *filters,
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": API_MAX_PAGE_SIZE,
                                "default": API_PAGE_SIZE,
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of innovations with links to the next and previous pages.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "pages": {"type": "integer"},
                                            "next": {"type": ["string", "null"], "format": "uri"},
                                            "previous": {"type": ["string", "null"], "format": "uri"},
                                            "license": {"type": "string"},
                                            "license_url": {"type": "string"},
                                            "attribution": {"type": "string"},
                                            "results": {"type": "array", "items": _profile_schema(False)},
                                        },
                                    }
                                }
                            },
                        },
                        "400": {"description": "A parameter has a value that is not allowed."},
                    },
                }
            },
            detail_url: {
                "get": {
                    "summary": "One published innovation, with photos, replications and contact",
                    "operationId": "getInnovation",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "The innovation.",
                            "content": {"application/json": {"schema": _profile_schema(True)}},
                        },
                        "404": {"description": "No published innovation has this id."},
                    },
                }
            },
        },
    }
