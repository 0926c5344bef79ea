"""Benchmark of the public showcase: list, search and detail beside a bare Django view, under gunicorn.

    .venv/bin/python benchmarks/showcase.py [--profiles 50000] [--seconds 10] [--clients 16] [--workers 3]

Seeds `--profiles` published profiles (bulk inserts, realistic Indonesian titles and summaries, awards
and SDGs, filled search vectors) into the PostgreSQL database `sinovik_bench_showcase` on
127.0.0.1:5432 (created when missing, seeded once), starts gunicorn on a free localhost port with
Redis (127.0.0.1:6379, database 6) as the cache, and drives it with a small asyncio load generator
(`--clients` concurrent connections, each scenario bounded by `--seconds` and `--max-requests`,
in `--rounds` rounds interleaved with the other scenarios).

Each scenario runs twice: "cached" (the pages anonymous visitors get: from the showcase cache, after
one warm-up pass over the URLs) and "uncached" (SHOWCASE_PAGE_CACHE_SECONDS=0: every request renders,
with its facet counts, from the database). The bare view (/bench/bare/, benchmark URL conf only) is
measured in both runs under the same middleware. Prints requests/s, p50 and p95 per scenario, the
ratio to the bare view, and the machine. Only localhost is contacted. Not part of the test suite.
"""

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "sinovik_bench_showcase"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/6"

PREFIXES = ["Layanan", "Sistem", "Gerakan", "Program", "Aplikasi", "Klinik", "Posko", "Kampung", "Rumah", "Mobil"]
SUBJECTS = [
    "Adminduk Keliling",
    "Kesehatan Ibu dan Anak",
    "Perizinan Satu Pintu",
    "Pengaduan Warga",
    "Bank Sampah",
    "Cegah Stunting",
    "Air Bersih",
    "Pajak Daerah Nontunai",
    "Lansia Sehat",
    "Sekolah Inklusif",
    "Petani Pintar",
    "Nelayan Sejahtera",
    "Siaga Bencana",
    "Rujukan Terpadu",
    "Akta Lahir Cepat",
    "Pasar Digital",
    "Perpustakaan Desa",
    "Ambulans Desa",
    "Data Terpadu",
    "Imunisasi Jemput Bola",
]
PLACES = [
    "Desa",
    "Kelurahan",
    "Pesisir",
    "Pegunungan",
    "Perbatasan",
    "Kota",
    "Pulau Terluar",
    "Lembah",
    "Kecamatan",
    "Nusantara",
]
SENTENCES = [
    "Sebelum inovasi ini, warga harus datang berkali-kali ke kantor dan menunggu berjam-jam untuk satu layanan.",
    "Petugas kini mendatangi warga dengan mobil layanan dan perangkat perekaman sesuai jadwal pasar.",
    "Waktu layanan turun dari rata-rata empat belas hari menjadi dua hari kerja.",
    "Kepuasan masyarakat diukur setiap triwulan dan naik dari 72 menjadi 91 persen.",
    "Kader desa mendata kelompok rentan seperti lansia, ibu hamil dan penyandang disabilitas.",
    "Pengaduan dijawab paling lama tiga hari melalui kanal daring yang dipantau setiap hari.",
    "Inovasi ini didukung peraturan kepala daerah, anggaran rutin dan kerja sama dengan puskesmas.",
    "Tiga daerah lain telah mereplikasi inovasi ini dengan penyesuaian kondisi setempat.",
]
SEARCHES = [
    "kependudukan",
    "stunting",
    "bank sampah",
    "nelayan",
    "kependudukn",  # typo
    "perizinan satu pintu",
    "lansia",
    "air bersih desa",
    "ambulans",
    "sekolah inklusif",
    "pajak nontunai",
    "siaga bencana pesisir",
    "pemerintah kabupaten",
    "imunisasi",
    "pasar digital",
    "petani",
]


def log(message: str) -> None:
    print(message, flush=True)


# --- Database ----------------------------------------------------------------------------------


def ensure_database() -> None:
    subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=True)
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            "SELECT 1 FROM pg_database WHERE datname = 'sinovik_bench_showcase'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
        log(f"created database {DATABASE}")


def setup_django() -> None:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.showcase_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def seed(total: int) -> list[tuple[int, str]]:
    """Make sure `total` published profiles exist; return (pk, slug) of all of them."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from agencies.models import Agency, Region, Unit
    from showcase.models import TIER_RANK, ProfileAward, ProfileSdg, PublicProfile
    from showcase.search import search_vector
    from submissions.models import Award, Innovation

    have = PublicProfile.objects.published().count()
    if have >= total:
        log(f"database has {have} published profiles")
        return list(PublicProfile.objects.published().values_list("pk", "slug"))
    started = time.perf_counter()
    rng = random.Random(2026)
    regions = list(Region.objects.local().select_related("province"))
    kinds = [Agency.Kind.KABUPATEN, Agency.Kind.KOTA, Agency.Kind.PROVINSI, Agency.Kind.KEMENTERIAN, Agency.Kind.BUMN]
    with transaction.atomic():
        agencies = []
        for index in range(600):
            region = regions[index % len(regions)]
            kind = (
                kinds[index % len(kinds)]
                if index % 7 == 0
                else (Agency.Kind.KOTA if region.level == Region.Level.CITY else Agency.Kind.KABUPATEN)
            )
            name = (
                f"Pemerintah {region.name}"
                if kind in (Agency.Kind.KOTA, Agency.Kind.KABUPATEN)
                else f"Instansi Uji {index}"
            )
            agencies.append(
                Agency(name=f"{name} ({index})", kind=kind, region=region if kind != Agency.Kind.KEMENTERIAN else None)
            )
        agencies = Agency.objects.bulk_create(agencies)
        units = Unit.objects.bulk_create(Unit(agency=agency, name="Dinas Pelayanan Terpadu") for agency in agencies)
        tiers = [Award.Tier.TOP_99] * 6 + [Award.Tier.TOP_45] * 3 + [Award.Tier.OUTSTANDING]
        categories = [
            "Pelayanan Kesehatan",
            "Administrasi Kependudukan",
            "Tata Kelola Pemerintahan",
            "Lingkungan Hidup",
            "Pendidikan",
        ]
        now = timezone.now()
        batch = 5000
        for start in range(have, total, batch):
            count = min(batch, total - start)
            innovations = Innovation.objects.bulk_create(
                Innovation(
                    title=f"{rng.choice(PREFIXES)} {rng.choice(SUBJECTS)} {rng.choice(PLACES)} {start + index}",
                    agency=units[(start + index) % len(units)].agency,
                    unit=units[(start + index) % len(units)],
                )
                for index in range(count)
            )
            profiles = []
            for innovation in innovations:
                agency = innovation.agency
                region = agency.region
                province = region.province if region else None
                tier = rng.choice(tiers)
                year = rng.randint(2014, 2025)
                profiles.append(
                    PublicProfile(
                        innovation=innovation,
                        slug=slugify(innovation.title)[:80],
                        title=innovation.title,
                        summary=" ".join(rng.sample(SENTENCES, 4)),
                        status=PublicProfile.Status.PUBLISHED,
                        published_at=now,
                        approved_at=now,
                        agency_name=agency.name,
                        unit_name="Dinas Pelayanan Terpadu",
                        agency_kind=agency.kind,
                        region_name=region.name if region else "",
                        province_code=province.code if province else "",
                        province_name=province.name if province else "",
                        is_eastern=bool(region and region.is_eastern),
                        is_3t=bool(region and region.is_3t),
                        category_name=rng.choice(categories),
                        group_kind=rng.choice(["umum"] * 8 + ["replikasi", "khusus"]),
                        latest_year=year,
                        best_tier=tier,
                        tier_rank=TIER_RANK[tier],
                        lifecycle=rng.choice(["active"] * 8 + ["developing", "stopped"]),
                        is_replicated=rng.random() < 0.15,
                    )
                )
            profiles = PublicProfile.objects.bulk_create(profiles)
            awards, sdgs = [], []
            for profile in profiles:
                awards.append(
                    ProfileAward(profile=profile, year=profile.latest_year, tier=Award.Tier.TOP_99, published=True)
                )
                if profile.best_tier != Award.Tier.TOP_99:
                    awards.append(
                        ProfileAward(profile=profile, year=profile.latest_year, tier=profile.best_tier, published=True)
                    )
                for number in rng.sample(range(1, 18), rng.randint(1, 3)):
                    sdgs.append(ProfileSdg(profile=profile, number=number, published=True))
            ProfileAward.objects.bulk_create(awards)
            ProfileSdg.objects.bulk_create(sdgs)
            log(f"  seeded {start + count} profiles ({time.perf_counter() - started:.0f} s)")
        PublicProfile.objects.filter(search_vector__isnull=True).update(search_vector=search_vector())
    with connection.cursor() as cursor:
        # As autovacuum would by now in production: statistics, and the visibility map that lets
        # the facet counts read the covering index alone.
        cursor.execute("VACUUM ANALYZE")
    log(f"seeded in {time.perf_counter() - started:.0f} s")
    return list(PublicProfile.objects.published().values_list("pk", "slug"))


# --- Server --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int, *, cached: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.showcase_settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SHOWCASE_PAGE_CACHE_SECONDS": "300" if cached else "0",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "sinovik.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--backlog",
        "256",
        "--log-level",
        "warning",
        "--preload",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            # Ready when every worker answers: a few requests in parallel, all 200.
            answers = asyncio.run(_probe(port, workers * 2))
            if all(status == 200 for status in answers):
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


async def _probe(port: int, count: int) -> list[int]:
    results = await asyncio.gather(*(fetch(port, "/bench/bare/") for _ in range(count)))
    return [status for status, _elapsed in results]


# --- Load ------------------------------------------------------------------------------------------


async def fetch(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, time.perf_counter() - started


async def run_load(port: int, paths: list[str], *, clients: int, seconds: float, max_requests: int) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    counter = {"n": 0}

    async def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        while time.perf_counter() < deadline and counter["n"] < max_requests:
            counter["n"] += 1
            status, elapsed = await fetch(port, rng.choice(paths))
            if status != 200:
                errors += 1
            latencies.append(elapsed)

    started = time.perf_counter()
    await asyncio.gather(*(client(index) for index in range(clients)))
    return {"latencies": latencies, "errors": errors, "wall": time.perf_counter() - started}


def scenario_paths(profiles: list[tuple[int, str]]) -> dict[str, list[str]]:
    rng = random.Random(9)
    sample = rng.sample(profiles, min(500, len(profiles)))
    return {
        "bare view": ["/bench/bare/"],
        "showcase list": ["/inovasi/", *(f"/inovasi/?page={page}" for page in range(2, 21))],
        "showcase search": [f"/inovasi/?q={query.replace(' ', '+')}" for query in SEARCHES],
        "showcase detail": [f"/inovasi/{pk}-{slug}/" for pk, slug in sample],
    }


def measure(port: int, paths: dict[str, list[str]], args, *, warm: bool) -> dict[str, dict]:
    """Each scenario in `args.rounds` short rounds, interleaved with the others (bare view first in
    every round), so that load from elsewhere on the machine weighs on all of them alike."""
    if warm:
        for urls in paths.values():
            asyncio.run(run_load(port, urls, clients=4, seconds=120, max_requests=len(urls) * 2))
    rounds: dict[str, list[dict]] = {name: [] for name in paths}
    for _round in range(args.rounds):
        for name, urls in paths.items():
            rounds[name].append(
                asyncio.run(
                    run_load(
                        port,
                        urls,
                        clients=args.clients,
                        seconds=args.seconds / args.rounds,
                        max_requests=args.max_requests,
                    )
                )
            )
    results = {}
    for name, parts in rounds.items():
        latencies = sorted(latency for part in parts for latency in part["latencies"])
        wall = sum(part["wall"] for part in parts)
        results[name] = {
            "requests": len(latencies),
            "errors": sum(part["errors"] for part in parts),
            "rps": len(latencies) / wall if wall else 0,
            "p50": statistics.median(latencies) * 1000 if latencies else 0,
            "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000 if latencies else 0,
        }
        row = results[name]
        log(
            f"  {name:<16} {row['rps']:8.1f} req/s   p50 {row['p50']:7.1f} ms   p95 {row['p95']:7.1f} ms"
            f"   ({row['requests']} requests, {row['errors']} errors)"
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=15, help="per scenario, over all rounds")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args()

    ensure_database()
    setup_django()
    profiles = seed(args.profiles)
    from django.core.cache import cache  # Redis database 6 belongs to this benchmark

    paths = scenario_paths(profiles)
    log(
        f"\nmachine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores; "
        f"{len(profiles)} published profiles; gunicorn {args.workers} sync workers; {args.clients} clients"
    )
    summary = {}
    for cached in (True, False):
        cache.clear()  # nothing stored by one run may answer the other
        port = free_port()
        server = start_gunicorn(port, args.workers, cached=cached)
        try:
            log(f"\n{'cached (anonymous visitors)' if cached else 'uncached (every request rendered)'}:")
            summary[cached] = measure(port, paths, args, warm=cached)
        finally:
            server.terminate()
            server.wait(timeout=30)
    log("\nshowcase throughput as a share of the bare view's, same run:")
    for cached, results in summary.items():
        bare = results["bare view"]["rps"] or 1
        shares = ", ".join(
            f"{name.split()[-1]} {results[name]['rps'] / bare:.0%}" for name in results if name != "bare view"
        )
        log(f"  {'cached' if cached else 'uncached'}: {shares}")


if __name__ == "__main__":
    main()
