"""The public fields of a profile as open data: one dict per innovation for the JSON API and the
exports, one flat row for CSV. Contacts are left out of bulk data on purpose: they are shown on each
innovation's page for replication, not offered for harvesting."""

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from showcase.models import PublicProfile

LICENSE_NAME = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = _("SiNovik, public-service innovation competition (KIPP) showcase")
CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "title_en",
    "agency",
    "unit",
    "agency_type",
    "province_code",
    "province",
    "region",
    "eastern_indonesia",
    "region_3t",
    "category",
    "category_en",
    "group",
    "awards",
    "latest_year",
    "best_award",
    "sdgs",
    "started_on",
    "lifecycle",
    "replicated",
    "summary",
    "summary_en",
    "cover_photo",
    "video",
    "published_at",
    "updated_at",
]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def license_note() -> dict:
    return {"license": LICENSE_NAME, "license_url": LICENSE_URL, "attribution": str(ATTRIBUTION)}


def link_header() -> str:
    return f'<{LICENSE_URL}>; rel="license"'


def for_export(queryset):
    """`queryset` with what the exports read loaded in bulk (two extra queries per chunk)."""
    return queryset.select_related("cover").prefetch_related("awards", "sdg_links")


def profile_data(profile: PublicProfile, *, detail: bool = False) -> dict:
    awards = sorted(profile.awards.all(), key=lambda award: (-award.year, -award.rank))
    data = {
        "id": profile.pk,
        "url": absolute(profile.get_absolute_url()),
        "title": profile.title,
        "title_en": profile.title_en,
        "agency": profile.agency_name,
        "unit": profile.unit_name,
        "agency_type": profile.agency_kind,
        "province_code": profile.province_code,
        "province": profile.province_name,
        "region": profile.region_name,
        "eastern_indonesia": profile.is_eastern,
        "region_3t": profile.is_3t,
        "category": profile.category_name,
        "category_en": profile.category_name_en,
        "group": profile.group_kind,
        "awards": [{"year": award.year, "tier": award.tier, "edition": award.edition_name} for award in awards],
        "latest_year": profile.latest_year,
        "best_award": profile.best_tier,
        "sdgs": sorted(link.number for link in profile.sdg_links.all()),
        "started_on": profile.started_on.isoformat() if profile.started_on else None,
        "lifecycle": profile.lifecycle,
        "replicated": profile.is_replicated,
        "summary": profile.summary,
        "summary_en": profile.summary_en,
        "cover_photo": absolute(profile.cover.get_absolute_url()) if profile.cover_id else None,
        "video": profile.video_url or None,
        "published_at": profile.published_at.isoformat() if profile.published_at else None,
        "updated_at": profile.updated_at.isoformat(),
    }
    if detail:
        data["photos"] = [
            {
                "url": absolute(photo.get_absolute_url()),
                "thumbnail": absolute(photo.thumbnail_url),
                "width": photo.width,
                "height": photo.height,
                "caption": photo.caption,
                "caption_en": photo.caption_en,
            }
            for photo in profile.photos.all()
        ]
        data["replications"] = [
            {
                "direction": entry["direction"],
                "title": entry["title"],
                "agency": entry["agency"],
                "year": entry["year"],
                "id": entry["profile"],
            }
            for entry in profile.replications
        ]
        data["contact"] = {
            "name": profile.contact_name,
            "email": profile.contact_email,
            "phone": profile.contact_phone,
        }
    return data


def csv_row(data: dict) -> list:
    row = dict(data)
    row["awards"] = "; ".join(f"{award['year']} {award['tier']}" for award in data["awards"])
    row["sdgs"] = ";".join(str(number) for number in data["sdgs"])
    for flag in ("eastern_indonesia", "region_3t", "replicated"):
        row[flag] = "1" if data[flag] else "0"
    return [row[column] if row[column] is not None else "" for column in CSV_COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(queryset) -> Iterator[str]:
    # A byte-order mark makes spreadsheet programs read the file as UTF-8 (names with diacritics).
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for profile in for_export(queryset).iterator(chunk_size=1000):
        yield writer.writerow(csv_row(profile_data(profile)))


def json_chunks(queryset) -> Iterator[str]:
    """A JSON document {license..., "count", "items": [...]} written piece by piece (no 50 MB string)."""
    head = json.dumps({**license_note(), "count": queryset.count()}, ensure_ascii=False)
    yield head[:-1] + ', "items": ['
    first = True
    for profile in for_export(queryset).iterator(chunk_size=1000):
        yield ("" if first else ",") + json.dumps(profile_data(profile), ensure_ascii=False)
        first = False
    yield "]}"
