#!/usr/bin/env python
"""Benchmark: the ranking of one jury round at national scale, computed by the database.

Seeds a throwaway database with 3,500 proposals that passed screening, each reviewed by 3 of 60
jurors on 5 criteria (10,500 submitted reviews, 52,500 scores), then times jury.selectors.ranking
(count, mean, median, standard deviation, per-juror z-scores, both ranks, criterion minimums and
the proposals' display data). Target: under 1 second.

    .venv/bin/python benchmarks/ranking.py                      # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python benchmarks/ranking.py

With DATABASE_URL, the PostgreSQL server it names is used, with a database of its own,
sinovik_bench_ranking, dropped and created anew on every run (the named database is not touched).
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DATABASE = "sinovik_bench_ranking"
SQLITE_FILE = Path("/tmp/sinovik_bench_ranking.sqlite3")


def throwaway_database() -> str:
    """The URL of a fresh, empty database for the benchmark."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        SQLITE_FILE.unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    import psycopg2

    parts = urlsplit(given)
    server = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        cursor.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    connection.close()
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


def seed(*, proposals: int, reviewers: int, criteria_count: int, jurors: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from agencies.models import Agency, Region, Unit
    from competitions.models import Category, Criterion, Edition, Group, Organiser, OrganiserMembership, Stage
    from jury.models import Panel, PanelMember, Review, Round, Score
    from submissions.models import Innovation, Proposal

    now = timezone.now().replace(microsecond=0)
    organiser = Organiser.objects.create(name="Kementerian PANRB (benchmark)")
    edition = Edition.objects.create(organiser=organiser, name="KIPP Benchmark", slug="kipp-bench", year=2026)
    stage = Stage.objects.create(
        edition=edition,
        kind=Stage.Kind.DESK_EVALUATION,
        starts_at=now - timezone.timedelta(days=30),
        ends_at=now - timezone.timedelta(days=1),
        passing_grade=Decimal("70"),
    )
    group = Group.objects.create(edition=edition, name="Kelompok Umum")
    categories = Category.objects.bulk_create(Category(edition=edition, name=f"Kategori {i}") for i in range(11))
    weight = 100 // criteria_count
    criteria = Criterion.objects.bulk_create(
        Criterion(
            edition=edition,
            stage=stage,
            order=i,
            name=f"Kriteria {i}",
            weight=weight + (100 - weight * criteria_count if i == 0 else 0),
            scale_min=1,
            scale_max=10,
            passing_grade=Decimal("4") if i == 0 else None,
        )
        for i in range(criteria_count)
    )
    regions = list(Region.objects.local()[:500])
    agencies = Agency.objects.bulk_create(
        Agency(name=f"Pemerintah {region.name}", kind=Agency.Kind.KABUPATEN, region=region) for region in regions
    )
    units = Unit.objects.bulk_create(Unit(agency=agency, name="Dinas Pelayanan") for agency in agencies)
    User = get_user_model()
    people = User.objects.bulk_create(
        User(email=f"juri{i}@bench.test", full_name=f"Juri {i}", password="!")  # noqa: S106 (unusable password)
        for i in range(jurors)
    )
    OrganiserMembership.objects.bulk_create(
        OrganiserMembership(user=user, organiser=organiser, role="evaluator") for user in people
    )
    panel = Panel.objects.create(edition=edition, stage=stage, name="Tim Evaluasi")
    PanelMember.objects.bulk_create(PanelMember(panel=panel, user=user) for user in people)
    jury_round = Round.objects.create(
        panel=panel,
        name="Penilaian Desk",
        opens_at=stage.starts_at,
        closes_at=stage.ends_at,
        reviewers_per_proposal=reviewers,
    )
    innovations = Innovation.objects.bulk_create(
        Innovation(title=f"Inovasi {i}", agency=units[i % len(units)].agency, unit=units[i % len(units)])
        for i in range(proposals)
    )
    entries = Proposal.objects.bulk_create(
        Proposal(
            innovation=innovation,
            edition=edition,
            group=group,
            category=categories[i % len(categories)],
            title=innovation.title,
            status=Proposal.Status.PASSED,
        )
        for i, innovation in enumerate(innovations)
    )
    # Each proposal has a quality, each juror a leniency, each score some noise: repeatable.
    rng = random.Random(2026)
    leniency = {user.pk: rng.uniform(-1.5, 1.5) for user in people}
    reviews, values = [], []
    for i, proposal in enumerate(entries):
        quality = rng.uniform(3, 9)
        for slot in range(reviewers):
            juror = people[(i * reviewers + slot) % len(people)]
            scores = [
                min(10, max(1, round(quality + leniency[juror.pk] + rng.gauss(0, 1)))) for _c in range(criteria_count)
            ]
            total = sum(Decimal(s) / 10 * criterion.weight for s, criterion in zip(scores, criteria, strict=True))
            reviews.append(
                Review(
                    round=jury_round,
                    juror=juror,
                    proposal=proposal,
                    status=Review.Status.SUBMITTED,
                    total=total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                    submitted_at=now,
                )
            )
            values.append(scores)
    reviews = Review.objects.bulk_create(reviews, batch_size=2000)
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=value)
            for review, scores in zip(reviews, values, strict=True)
            for criterion, value in zip(criteria, scores, strict=True)
        ),
        batch_size=5000,
    )
    return jury_round, categories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=3500)
    parser.add_argument("--reviews", type=int, default=3, help="reviews per proposal")
    parser.add_argument("--criteria", type=int, default=5)
    parser.add_argument("--jurors", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    os.environ["DATABASE_URL"] = throwaway_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinovik.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jury.models import Review, Score
    from jury.selectors import ranking

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    round, categories = seed(
        proposals=options.proposals, reviewers=options.reviews, criteria_count=options.criteria, jurors=options.jurors
    )
    seeded = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    timings, result = [], None
    for _ in range(options.repeat):
        begin = time.perf_counter()
        result = ranking(round)
        timings.append(time.perf_counter() - begin)
    begin = time.perf_counter()
    filtered = ranking(round, filters={"category": categories[0]}, order="normalised")
    filtered_seconds = time.perf_counter() - begin

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"cpu count: {os.cpu_count()}")
    print(
        f"data: {len(result.rows)} proposals, {Review.objects.count()} reviews, {Score.objects.count()} scores "
        f"(migrate {migrated - started:.1f} s, seed {seeded - migrated:.1f} s)"
    )
    print(
        f"ranking of the whole round: best {min(timings):.3f} s, median {statistics.median(timings):.3f} s "
        f"over {options.repeat} runs"
    )
    print(f"ranking of one category ({len(filtered.rows)} proposals), normalised order: {filtered_seconds:.3f} s")
    top = result.rows[0]
    print(f"first: {top.title} mean {top.mean:.2f} sd {top.sd:.2f} normalised {top.normalised:.3f}")


if __name__ == "__main__":
    main()
