import json

import pytest
from django.test import Client
from django.urls import reverse

from competitions.models import Group
from showcase import services
from showcase.models import PublicProfile
from submissions.models import Award
from tests.factories import AgencyFactory
from tests.showcase.factories import archived_edition, awarded_innovation, publish_edition, published_profile

pytestmark = pytest.mark.django_db
ALL_ROLES = ["anonymous", "secretariat", "evaluator", "panelist", "admin_lokal", "upp_staff", "other_agency_staff"]


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


@pytest.fixture
def catalogue(edition, secretariat, surabaya, jayawijaya):
    """Three published innovations in two provinces, one draft, and one approved but unpublished."""
    awarded_innovation(
        edition=edition,
        title="Klinik Kependudukan Keliling",
        agency=surabaya,
        unit_name="Dinas Kependudukan dan Pencatatan Sipil",
        summary="Petugas pencatatan sipil mendatangi warga di kelurahan dengan mobil layanan.",
        tier=Award.Tier.TOP_45,
        category="Administrasi Kependudukan",
        sdgs=(16,),
        photo=True,
    )
    awarded_innovation(
        edition=edition,
        title="Honai Adminduk",
        agency=jayawijaya,
        summary="Perekaman dokumen kependudukan di honai adat bersama kepala suku.",
        tier=Award.Tier.OUTSTANDING,
        category="Administrasi Kependudukan",
        sdgs=(10, 16),
    )
    awarded_innovation(
        edition=edition,
        title="Sombere Lansia",
        agency=surabaya,
        unit_name="Puskesmas Kota",
        summary="Pemeriksaan kesehatan lansia di rumah oleh tim puskesmas.",
        sdgs=(3,),
    )
    awarded_innovation(edition=edition, title="Rahasia Dapur Redaksi", summary="Belum disetujui.")
    profiles = services.draft_profiles_for(edition=edition, by=secretariat)
    for profile in profiles:
        if profile.title != "Rahasia Dapur Redaksi":
            services.approve_profile(profile=profile, by=secretariat)
    services.publish_profiles(edition=edition, by=secretariat)
    return {profile.title: PublicProfile.objects.get(pk=profile.pk) for profile in profiles}


# --- Who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_detail_shows_the_published_profile_to_everyone(as_role, role, catalogue):
    client, _user = as_role(role)
    profile = catalogue["Honai Adminduk"]

    response = client.get(profile.get_absolute_url())

    text = text_of(response)
    assert response.status_code == 200
    assert "Perekaman dokumen kependudukan di honai adat" in text
    assert "Pemerintah Kabupaten Jayawijaya" in text
    assert "Kabupaten Jayawijaya, Papua Pegunungan" in text


@pytest.mark.parametrize(
    "role", ["anonymous", "evaluator", "panelist", "admin_lokal", "upp_staff", "other_agency_staff"]
)
def test_detail_of_a_draft_answers_404(as_role, role, catalogue):
    client, _user = as_role(role)

    response = client.get(catalogue["Rahasia Dapur Redaksi"].get_absolute_url())

    assert response.status_code == 404


def test_detail_of_a_draft_is_a_marked_preview_for_the_secretariat(as_role, catalogue):
    client, _user = as_role("secretariat")

    response = client.get(catalogue["Rahasia Dapur Redaksi"].get_absolute_url())

    assert response.status_code == 200
    assert "not public" in text_of(response) or "tidak publik" in text_of(response)
    assert '<meta name="robots" content="noindex">' in text_of(response)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_shows_the_same_published_innovations_to_everyone(as_role, role, catalogue):
    client, _user = as_role(role)

    text = text_of(client.get(reverse("showcase:index")))

    assert "Klinik Kependudukan Keliling" in text
    assert "Honai Adminduk" in text
    assert "Sombere Lansia" in text
    assert "Rahasia Dapur Redaksi" not in text


def test_detail_with_an_old_slug_redirects_to_the_canonical_address(client, catalogue):
    profile = catalogue["Honai Adminduk"]

    response = client.get(reverse("showcase:detail", kwargs={"pk": profile.pk, "slug": "judul-lama"}))

    assert response.status_code == 301
    assert response["Location"] == profile.get_absolute_url()


# --- Query counts --------------------------------------------------------------------------------


def _published(edition, secretariat, count: int) -> None:
    province_agencies = [AgencyFactory(name=f"Pemerintah Kota Uji {index}") for index in range(count)]
    for index, agency in enumerate(province_agencies):
        awarded_innovation(edition=edition, title=f"Inovasi Uji {index}", agency=agency, photo=True, sdgs=(3, 16))
    publish_edition(edition, secretariat)


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow_with_the_page(client, django_assert_num_queries, edition, secretariat, count):
    _published(edition, secretariat, count)

    with django_assert_num_queries(16):
        response = client.get(reverse("showcase:index"))

    assert text_of(response).count('class="sc-card"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_filtered_search_queries_do_not_grow_with_the_page(
    client, django_assert_num_queries, edition, secretariat, count
):
    _published(edition, secretariat, count)

    with django_assert_num_queries(14):
        response = client.get(reverse("showcase:index"), {"q": "inovasi uji", "sdg": "3"})

    assert text_of(response).count('class="sc-card"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_detail_queries_do_not_grow_with_photos(client, django_assert_num_queries, edition, secretariat, count):
    from io import BytesIO

    from tests.showcase.factories import jpeg

    profile = published_profile(edition, secretariat, title="Sapa Warga", sdgs=(3, 10, 16))
    for _index in range(count):
        services.add_photo(profile=profile, by=secretariat, upload=BytesIO(jpeg()))

    with django_assert_num_queries(5):
        response = client.get(profile.get_absolute_url())

    assert text_of(response).count('loading="lazy"') == (count if count > 1 else 0)


@pytest.mark.parametrize("count", [1, 3])
def test_api_list_queries_do_not_grow_with_the_page(client, django_assert_num_queries, edition, secretariat, count):
    _published(edition, secretariat, count)

    with django_assert_num_queries(4):
        response = client.get(reverse("showcase:api_list"))

    assert len(response.json()["results"]) == count


# --- Filters, facets, sorting, search ------------------------------------------------------------


def test_list_filters_by_province_and_counts_each_facet(client, catalogue):
    response = client.get(reverse("showcase:index"), {"province": "35"})

    text = text_of(response)
    assert "Klinik Kependudukan Keliling" in text
    assert "Sombere Lansia" in text
    assert "Honai Adminduk" not in text
    # Each facet counts with the other filters applied; the province facet ignores its own.
    assert '<option value="35" selected>Jawa Timur (2)</option>' in text
    assert '<option value="95">Papua Pegunungan (1)</option>' in text
    assert '<option value="top45">Top 45 (1)</option>' in text
    assert "Provinsi: Jawa Timur" in text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tier": "outstanding"}, ["Honai Adminduk"]),
        ({"tier": "top99"}, ["Honai Adminduk", "Klinik Kependudukan Keliling", "Sombere Lansia"]),
        ({"sdg": "16"}, ["Honai Adminduk", "Klinik Kependudukan Keliling"]),
        ({"area": "3t"}, ["Honai Adminduk"]),
        ({"area": "eastern"}, ["Honai Adminduk"]),
        ({"kind": "kota"}, ["Klinik Kependudukan Keliling", "Sombere Lansia"]),
        ({"category": "Pelayanan Kesehatan"}, ["Sombere Lansia"]),
        ({"year": "2023", "tier": "top45"}, ["Klinik Kependudukan Keliling"]),
        ({"year": "2021"}, []),
        (
            {"replicated": "no", "lifecycle": "active"},
            ["Honai Adminduk", "Klinik Kependudukan Keliling", "Sombere Lansia"],
        ),
        ({"group": "replikasi"}, []),
    ],
)
def test_api_filters_give_exactly_the_matching_innovations(client, catalogue, params, expected):
    response = client.get(reverse("showcase:api_list"), {**params, "sort": "title"})

    assert [item["title"] for item in response.json()["results"]] == expected


def test_list_sorts_by_title(client, catalogue):
    text = text_of(client.get(reverse("showcase:index"), {"sort": "title"}))

    positions = [text.index(title) for title in ("Honai Adminduk", "Klinik Kependudukan", "Sombere Lansia")]
    assert positions == sorted(positions)


def test_list_ignores_a_filter_value_it_does_not_know(client, catalogue):
    response = client.get(reverse("showcase:index"), {"province": "35<script>", "tier": "emas"})

    assert response.status_code == 200
    assert "Sombere Lansia" in text_of(response)


def _titles(client, q: str) -> list[str]:
    return sorted(item["title"] for item in client.get(reverse("showcase:api_list"), {"q": q}).json()["results"])


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("kependudukan", ["Honai Adminduk", "Klinik Kependudukan Keliling"]),
        ("pemeriksaan lansia", ["Sombere Lansia"]),
        ("honai adat", ["Honai Adminduk"]),
    ],
)
def test_search_finds_indonesian_words_in_title_and_summary(client, catalogue, q, expected):
    assert _titles(client, q) == expected


def test_search_forgives_a_typo(client, catalogue):
    assert "Klinik Kependudukan Keliling" in _titles(client, "kependudukn keliling")


def test_search_finds_a_word_of_the_agency_name(client, catalogue):
    assert _titles(client, "jayawijaya") == ["Honai Adminduk"]


def test_search_with_no_match_says_so(client, catalogue):
    text = text_of(client.get(reverse("showcase:index"), {"q": "kapal selam"}))

    assert "0 inovasi" in text or "0 innovations" in text
    assert 'class="sc-card"' not in text


def test_search_ranks_a_title_match_first(client, catalogue):
    results = client.get(reverse("showcase:api_list"), {"q": "klinik"}).json()["results"]

    assert results[0]["title"] == "Klinik Kependudukan Keliling"


# --- Both languages ------------------------------------------------------------------------------


def test_english_page_shows_english_text_and_marks_indonesian_fallbacks(client, catalogue):
    profile = catalogue["Honai Adminduk"]
    PublicProfile.objects.filter(pk=profile.pk).update(title_en="Honai Civil Registration")

    text = text_of(client.get("/en" + profile.get_absolute_url()))

    assert '<h1 class="display-6 fw-bold mb-2">Honai Civil Registration</h1>' in text
    assert '<div class="sc-summary" lang="id">' in text
    assert "At a glance" in text
    assert '<html lang="en">' in text


def test_indonesian_page_speaks_indonesian(client, catalogue):
    text = text_of(client.get(catalogue["Honai Adminduk"].get_absolute_url()))

    assert '<html lang="id">' in text
    assert "Sekilas" in text
    assert ' lang="id"' not in text.split("<main", 1)[1]


def test_detail_has_canonical_hreflang_and_opengraph(client, catalogue, settings):
    settings.SITE_URL = "https://sinovik.example.go.id"
    profile = catalogue["Klinik Kependudukan Keliling"]

    text = text_of(client.get(profile.get_absolute_url()))

    url = f"https://sinovik.example.go.id{profile.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in text
    assert (
        f'<link rel="alternate" hreflang="en" href="https://sinovik.example.go.id/en{profile.get_absolute_url()}">'
        in text
    )
    assert f'<meta property="og:url" content="{url}">' in text
    assert (
        f'<meta property="og:image" content="https://sinovik.example.go.id{profile.cover.get_absolute_url()}">' in text
    )
    assert '<meta name="description" content="Petugas pencatatan sipil mendatangi warga' in text
    assert "https://wa.me/?text=" in text


def test_video_loads_only_when_asked(client, catalogue):
    profile = catalogue["Honai Adminduk"]
    PublicProfile.objects.filter(pk=profile.pk).update(video_url="https://www.youtube.com/watch?v=abcDEF12345")

    text = text_of(client.get(profile.get_absolute_url()))

    assert 'data-video-id="abcDEF12345"' in text
    assert "<iframe" not in text
    assert "<script>" not in text


# --- Caching -------------------------------------------------------------------------------------


def test_anonymous_pages_are_public_with_an_etag_and_answer_304(client, catalogue):
    url = catalogue["Honai Adminduk"].get_absolute_url()

    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert "public" in first["Cache-Control"]
    assert "max-age=300" in first["Cache-Control"]
    assert first["ETag"]
    assert again.status_code == 304


def test_signed_in_users_get_fresh_private_pages(as_role, catalogue):
    client, _user = as_role("upp_staff")

    response = client.get(reverse("showcase:index"))

    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_stored_page_is_served_without_queries(client, django_assert_num_queries, catalogue):
    client.get(reverse("showcase:index"))

    with django_assert_num_queries(0):
        response = client.get(reverse("showcase:index"))

    assert "Honai Adminduk" in text_of(response)


def test_publication_replaces_stored_pages(client, catalogue, edition, secretariat):
    client.get(reverse("showcase:index"))
    awarded_innovation(edition=edition, title="Inovasi Baru Terbit")
    profile = services.draft_profiles_for(edition=edition, by=secretariat)
    services.approve_profile(profile=PublicProfile.objects.get(title="Inovasi Baru Terbit"), by=secretariat)
    assert profile

    services.publish_profiles(edition=edition, by=secretariat)

    assert "Inovasi Baru Terbit" in text_of(client.get(reverse("showcase:index")))


def test_each_visitor_gets_a_working_language_switch_from_a_stored_page(catalogue):
    url = catalogue["Honai Adminduk"].get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)

    page = second.get(url)
    token = text_of(page).split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    switched = second.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token})

    assert "__showcase_csrf_token__" not in text_of(page)
    assert switched.status_code == 302
    assert switched["Location"] == "/en" + url


# --- Statistics ----------------------------------------------------------------------------------


def test_statistics_count_by_province_category_year_and_show_the_funnel(client, catalogue, edition):
    text = text_of(client.get(reverse("showcase:statistics")))

    assert 'href="/inovasi/?province=35">Jawa Timur</a>' in text
    assert 'href="/inovasi/?year=2023">2023</a>' in text
    assert "Administrasi Kependudukan" in text
    assert edition.short_name in text
    # Four proposals passed screening; three became Top 99, two won, one Outstanding.
    funnel = text.split(edition.short_name, 1)[1]
    values = [int(chunk.split("<", 1)[0]) for chunk in funnel.split('<span class="sc-bar-value">')[1:8]]
    assert values == [4, 4, 4, 4, 4, 2, 1]


def test_statistics_hide_the_awards_of_an_edition_not_yet_published(client, catalogue, secretariat):
    from competitions.models import Edition

    running = archived_edition(2026, status=Edition.Status.PUBLISHED)
    awarded_innovation(edition=running, title="Belum Diumumkan")

    text = text_of(client.get(reverse("showcase:statistics")))

    assert "Belum Diumumkan" not in text
    funnel = text.split(running.short_name, 1)[1].split("</section>", 1)[0]
    assert funnel.count('class="sc-bar"') == 4


# --- Photos --------------------------------------------------------------------------------------


def test_photo_of_a_published_profile_is_public_and_cached_for_good(client, catalogue):
    photo = catalogue["Klinik Kependudukan Keliling"].cover

    response = client.get(photo.thumbnail_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_photo_of_a_draft_is_only_for_the_secretariat(as_role, client, edition, secretariat):
    awarded_innovation(edition=edition, title="Rahasia", photo=True)
    profile = services.draft_profiles_for(edition=edition, by=secretariat)[0]
    url = profile.photos.get().get_absolute_url()

    refused = client.get(url)
    staff, _user = as_role("secretariat")
    allowed = staff.get(url)

    assert refused.status_code == 404
    assert allowed.status_code == 200
    assert "no-store" in allowed["Cache-Control"]


# --- Open data and API ---------------------------------------------------------------------------


def test_csv_export_has_the_public_fields_and_the_licence(client, catalogue):
    response = client.get(reverse("showcase:export_csv"), {"province": "95"})

    lines = text_of(response).lstrip("\ufeff").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in response["Link"]
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    assert lines[0].startswith("id,url,title,title_en,agency,unit,agency_type,province_code")
    assert len(lines) == 2
    assert "Honai Adminduk" in lines[1]
    assert "2023 outstanding; 2023 top99" in lines[1]
    assert "inovasi@example.go.id" not in text_of(client.get(reverse("showcase:export_csv")))


def test_json_export_has_the_licence_and_every_published_innovation(client, catalogue):
    data = json.loads(text_of(client.get(reverse("showcase:export_json"))))

    assert data["license"] == "CC BY 4.0"
    assert data["count"] == 3
    assert sorted(item["title"] for item in data["items"]) == [
        "Honai Adminduk",
        "Klinik Kependudukan Keliling",
        "Sombere Lansia",
    ]


def test_api_list_paginates_with_links(client, catalogue, settings):
    settings.SITE_URL = "https://sinovik.example.go.id"

    first = client.get(reverse("showcase:api_list"), {"page_size": 2, "sort": "title"}).json()
    second = client.get(first["next"].removeprefix("https://sinovik.example.go.id")).json()

    assert (first["count"], first["pages"], first["previous"]) == (3, 2, None)
    assert first["next"] == "https://sinovik.example.go.id/inovasi/api/v1/inovasi/?sort=title&page=2&page_size=2"
    assert [item["title"] for item in first["results"]] == ["Honai Adminduk", "Klinik Kependudukan Keliling"]
    assert [item["title"] for item in second["results"]] == ["Sombere Lansia"]
    assert second["next"] is None


@pytest.mark.parametrize("params", [{"tier": "emas"}, {"page_size": "500"}, {"sort": "acak"}, {"year": "dua"}])
def test_api_list_refuses_unknown_values(client, catalogue, params):
    response = client.get(reverse("showcase:api_list"), params)

    assert response.status_code == 400
    assert response.json()["parameters"] == list(params)


def test_api_detail_gives_photos_replications_and_contact(client, catalogue):
    profile = catalogue["Klinik Kependudukan Keliling"]

    data = client.get(reverse("showcase:api_detail", kwargs={"pk": profile.pk})).json()

    assert data["title"] == "Klinik Kependudukan Keliling"
    assert data["sdgs"] == [16]
    assert data["awards"][0] == {"year": 2023, "tier": "top45", "edition": "KIPP 2023"}
    assert len(data["photos"]) == 1
    assert data["contact"]["email"] == "inovasi@example.go.id"


def test_api_detail_of_a_draft_answers_404(client, catalogue):
    response = client.get(reverse("showcase:api_detail", kwargs={"pk": catalogue["Rahasia Dapur Redaksi"].pk}))

    assert response.status_code == 404


def test_openapi_describes_the_list_and_detail(client):
    document = client.get(reverse("showcase:api_schema")).json()

    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/inovasi/api/v1/inovasi/", "/inovasi/api/v1/inovasi/{id}/"}
    names = [parameter["name"] for parameter in document["paths"]["/inovasi/api/v1/inovasi/"]["get"]["parameters"]]
    assert {"q", "year", "tier", "province", "sdg", "page", "page_size"} <= set(names)


def test_api_docs_page_documents_the_licence_and_the_endpoints(client, catalogue):
    text = text_of(client.get(reverse("showcase:api_docs")))

    assert "CC BY 4.0" in text
    assert "/inovasi/api/v1/inovasi/" in text
    assert "/inovasi/api/openapi.json" in text
    assert "/inovasi/data.csv" in text


# --- Search engines ------------------------------------------------------------------------------


@pytest.mark.urls("tests.showcase.urls")
def test_sitemap_lists_published_innovations_in_both_languages(client, catalogue, settings):
    settings.SITE_URL = "https://sinovik.example.go.id"

    text = text_of(client.get("/sitemap.xml"))

    honai = catalogue["Honai Adminduk"].get_absolute_url()
    assert f"<loc>https://sinovik.example.go.id{honai}</loc>" in text
    assert f"<loc>https://sinovik.example.go.id/en{honai}</loc>" in text
    assert 'hreflang="en"' in text
    assert catalogue["Rahasia Dapur Redaksi"].get_absolute_url() not in text


@pytest.mark.urls("tests.showcase.urls")
def test_sitemap_splits_into_parts_beyond_the_limit(client, catalogue, monkeypatch):
    from showcase import views

    monkeypatch.setattr(views, "SITEMAP_PAGE", 2)

    index = text_of(client.get("/sitemap.xml"))
    second = text_of(client.get("/sitemap.xml", {"bagian": "2"}))

    assert "<sitemapindex" in index
    assert index.count("<sitemap>") == 2
    assert second.count("<url>") == 2  # one innovation, in two languages


@pytest.mark.urls("tests.showcase.urls")
def test_robots_txt_points_to_the_sitemap_and_closes_private_areas(client, settings):
    settings.SITE_URL = "https://sinovik.example.go.id"

    text = text_of(client.get("/robots.txt"))

    assert "Sitemap: https://sinovik.example.go.id/sitemap.xml" in text
    assert "Disallow: /usulan/" in text
    assert "Disallow: /admin/" in text


def test_group_facet_names_the_replication_group(client, edition, secretariat):
    original = awarded_innovation(edition=edition, title="Asli")
    awarded_innovation(edition=edition, title="Tiruan", group_kind=Group.Kind.REPLIKASI, replicates=original)
    publish_edition(edition, secretariat)

    text = text_of(client.get(reverse("showcase:index")))

    assert '<option value="replikasi">' in text
