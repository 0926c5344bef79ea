"""Benchmark of the edition's book: our build beside WeasyPrint rendering equivalent plain HTML.

    .venv/bin/python benchmarks/book.py [--entries 99]

Seeds, in a throwaway SQLite database (or, when DATABASE_URL is set, the PostgreSQL database
`sinovik_bench_book` on that server, dropped and created again), an archived edition with
`--entries` awarded innovations whose public profiles carry a Pillow-made 1600x1200 photo, a
~200-word summary and a ~600-word impact section. Then, each in a fresh process so that its peak
memory (ru_maxrss) is its own:

Both kinds of child process import WeasyPrint and load the URL patterns before the clock starts.
1. "first build": publications.services through the real (eager) Celery task: the 800 px print
   derivatives and the QR codes are made and stored, then the book is laid out and written;
2. "rebuild": the same, reusing the stored derivatives and QR codes (what every later build costs);
3. "plain WeasyPrint": the same words, photos (the same 800 px files) and QR codes as plain HTML
   with a few lines of CSS, one entry per page, made before the clock starts and rendered by
   WeasyPrint directly: lists instead of contents and index with page numbers, no running heads,
   no chapter pages on the right, no side-by-side layout.

The rebuild and the plain rendering run `--repeat` times, alternately; the fastest of each is
compared (the machine is shared). Prints seconds, peak memory, pages and PDF size of each, the
ratio rebuild / plain, and the machine's core count and load. Targets: within 1.5x of plain
WeasyPrint and under 400 MB. Not part of the test suite; touches nothing but its own database and
a temporary folder.
"""

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "sinovik_bench_book"

WORDS = [
    "pelayanan",
    "publik",
    "warga",
    "petugas",
    "desa",
    "kelurahan",
    "dokumen",
    "kependudukan",
    "kesehatan",
    "pendidikan",
    "aplikasi",
    "daring",
    "layanan",
    "jemput",
    "bola",
    "inovasi",
    "masyarakat",
    "pemerintah",
    "daerah",
    "waktu",
    "tunggu",
    "kepuasan",
    "survei",
    "anggaran",
    "kerja",
    "sama",
    "puskesmas",
    "sekolah",
    "data",
    "terpadu",
    "pengaduan",
    "replikasi",
]
PREFIXES = ["Layanan", "Sistem", "Gerakan", "Program", "Aplikasi", "Klinik", "Posko", "Kampung", "Rumah", "Mobil"]
SUBJECTS = [
    "Adminduk Keliling",
    "Kesehatan Ibu dan Anak",
    "Perizinan Satu Pintu",
    "Sekolah Ramah Anak",
    "Air Bersih Desa",
    "Pangan Lestari",
    "Pengaduan Terpadu",
    "Lansia Sehat",
    "Nelayan Cerdas",
    "Pasar Digital",
]
CATEGORIES = [
    ("Tata Kelola Pemerintahan yang Baik", "Good Governance"),
    ("Pelayanan Kesehatan", "Health Services"),
    ("Pendidikan dan Kebudayaan", "Education and Culture"),
    ("Pemberdayaan Ekonomi, Koperasi dan UMKM", "Economic Empowerment, Cooperatives and SMEs"),
    ("Lingkungan Hidup dan Perubahan Iklim", "Environment and Climate Change"),
    ("Perlindungan Sosial", "Social Protection"),
    ("Administrasi Kependudukan dan Perizinan", "Civil Registration and Licensing"),
    ("Infrastruktur dan Perhubungan", "Infrastructure and Transport"),
    ("Ketahanan Pangan", "Food Security"),
    ("Pariwisata dan Ekonomi Kreatif", "Tourism and the Creative Economy"),
    ("Penanggulangan Bencana, Ketertiban dan Keamanan", "Disaster Management, Public Order and Safety"),
]

PLAIN_CSS = """
@page { size: A4; margin: 20mm; @bottom-right { content: counter(page); font-size: 8pt; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.45; }
h1, h2 { font-family: "DejaVu Serif", serif; }
.entry { break-before: page; }
img { display: block; width: 80mm; height: 60mm; }
img.qr { width: 20mm; height: 20mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2mm; border-bottom: 0.4pt solid #ddd; }
"""


def sentences(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        length = rng.randint(9, 18)
        sentence = " ".join(rng.choice(WORDS) for _ in range(length))
        out.append(sentence.capitalize() + ".")
        count += length
    return " ".join(out)


def photo(seed: int) -> bytes:
    """A 1600x1200 JPEG with shapes and grain, about the weight of a phone photo scaled for upload."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (1600, 1200), (rng.randint(120, 220), rng.randint(120, 220), rng.randint(120, 220)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randint(0, 1500), rng.randint(0, 1100)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.rectangle((x, y, x + rng.randint(40, 400), y + rng.randint(40, 300)), fill=colour)
    grain = Image.effect_noise((1600, 1200), 40).convert("RGB")
    image = Image.blend(image, grain, 0.15)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def prepare_database() -> None:
    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        server = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
        import psycopg2

        connection = psycopg2.connect(server)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
            cursor.execute(f'CREATE DATABASE "{DATABASE}"')
        connection.close()
        os.environ["DATABASE_URL"] = urlunsplit((parts.scheme, parts.netloc, f"/{DATABASE}", "", ""))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BENCH_DIR']}/bench.sqlite3"


def seed(entries: int) -> int:
    """The edition, its awarded innovations and their published profiles; returns the book's id."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from agencies.models import Agency, Region, Unit
    from competitions.models import Category, Edition, FormSection, Group, Organiser, Sdg
    from publications import services as publications
    from publications.models import Book
    from showcase import services as showcase
    from showcase.models import PublicProfile
    from submissions.models import Answer, Award, Innovation, Proposal

    rng = random.Random(2023)
    organiser = Organiser.objects.create(name="Kementerian PANRB (benchmark)", short_name="KemenPAN-RB")
    edition = Edition.objects.create(
        organiser=organiser,
        name="Kompetisi Inovasi Pelayanan Publik (KIPP) 2023",
        short_name="KIPP 2023",
        slug="kipp-2023",
        year=2023,
        status=Edition.Status.ARCHIVED,
        description=sentences(rng, 120),
    )
    group = Group.objects.create(edition=edition, name="Kelompok Umum")
    ringkasan = FormSection.objects.create(edition=edition, group=group, title="Ringkasan", word_limit=200, order=0)
    signifikansi = FormSection.objects.create(
        edition=edition, group=group, title="Signifikansi", word_limit=600, order=4
    )
    categories = [
        Category.objects.create(edition=edition, name=name, name_en=name_en, order=order)
        for order, (name, name_en) in enumerate(CATEGORIES)
    ]
    regions = list(Region.objects.local().order_by("code"))
    sdgs = list(Sdg.objects.all())
    tiers = [Award.Tier.OUTSTANDING] * 5 + [Award.Tier.TOP_45] * 40 + [Award.Tier.TOP_99] * 54
    for index in range(entries):
        region = regions[(index * 37) % len(regions)]
        kind = Agency.Kind.KOTA if region.level == Region.Level.CITY else Agency.Kind.KABUPATEN
        agency = Agency.objects.create(name=f"Pemerintah {region.name} {index}", kind=kind, region=region)
        unit = Unit.objects.create(agency=agency, name="Dinas Pelayanan Terpadu")
        title = f"{PREFIXES[index % 10]} {SUBJECTS[(index // 10) % 10]} {region.name.split()[-1]} {index + 1}"
        innovation = Innovation.objects.create(title=title, agency=agency, unit=unit)
        proposal = Proposal.objects.create(
            innovation=innovation,
            edition=edition,
            group=group,
            category=categories[index % len(categories)],
            title=title,
            status=Proposal.Status.PASSED,
        )
        proposal.sdgs.set(rng.sample(sdgs, 2))
        Answer.objects.create(proposal=proposal, section=ringkasan, text=sentences(rng, 190))
        Answer.objects.create(proposal=proposal, section=signifikansi, text=sentences(rng, 580))
        tier = tiers[index % len(tiers)]
        Award.objects.create(innovation=innovation, year=2023, tier=Award.Tier.TOP_99, edition=edition)
        if tier != Award.Tier.TOP_99:
            Award.objects.create(innovation=innovation, year=2023, tier=tier, edition=edition)
    for position, profile in enumerate(showcase.draft_profiles_for(edition=edition, by=None)):
        showcase.add_photo(profile=profile, by=None, upload=io.BytesIO(photo(profile.pk)))
        if position % 3 == 0:  # a third carry English text, as a bilingual book has
            profile.summary_en = sentences(rng, 120)
            profile.title_en = f"{profile.title} (English)"
            profile.save(update_fields=["summary_en", "title_en"])
        showcase.approve_profile(profile=PublicProfile.objects.get(pk=profile.pk), by=None)
    showcase.publish_profiles(edition=edition, by=None)
    book = publications.save_book(
        book=Book(
            edition=edition,
            title="Top 99 Inovasi Pelayanan Publik 2023",
            title_en="Top 99 Public Service Innovations 2023",
            isbn="978-602-1234-56-3",
            language=Book.Language.BOTH,
            foreword=sentences(rng, 350),
            foreword_by="Menteri PANRB",
        ),
        by=None,
    )
    return book.pk


def warm_up() -> None:
    """What a worker process has done before its second task, done before either clock starts:
    URL patterns loaded (the first reverse() imports every view), WeasyPrint imported."""
    import weasyprint  # noqa: F401
    from django.urls import reverse

    reverse("home")


def measure_build(book_id: int) -> dict:
    import django

    django.setup()
    warm_up()
    from publications import services
    from publications.models import Book

    # A run interrupted half-way leaves the book "building": let this run start a build anyway.
    Book.objects.filter(pk=book_id, status__in=Book.IN_PROGRESS).update(status=Book.Status.FAILED)
    book = Book.objects.get(pk=book_id)
    started = time.perf_counter()
    # The real path: the request queues the task after commit; without a broker it runs eagerly.
    services.request_book_build(book=book, by=None)
    seconds = time.perf_counter() - started
    book.refresh_from_db()
    if book.status != Book.Status.READY:
        raise SystemExit(f"The build failed: {book.error}")
    return {"seconds": seconds, "pages": book.page_count, "bytes": book.size, "entries": book.entry_count}


def plain_html(content) -> str:
    """The book's words, photos and QR codes as plain HTML: what a reader gets, without what makes
    it a book (contents and index with page numbers, chapter openers, running heads, layout)."""
    from django.core.files.storage import default_storage
    from django.utils.html import escape, linebreaks

    from publications.qr import qr_data_uri

    book, edition = content.book, content.edition
    parts = [
        f"<h1>{escape(book.title)}</h1><p>{escape(book.title_en)}</p><p>{escape(edition.name)}</p>",
        f"<h1>Kata Pengantar</h1>{linebreaks(book.foreword)}<p>{escape(book.foreword_by)}</p>",
        f"<h1>Tentang Kompetisi</h1>{linebreaks(edition.description)}",
        "<h1>Daftar Isi</h1><ul>",
    ]
    for chapter in content.chapters:
        parts.append(f"<li><b>{escape(chapter.title)}</b><ul>")
        parts += [f"<li>{escape(entry.title)}<br>{escape(entry.agency)}</li>" for entry in chapter.entries]
        parts.append("</ul></li>")
    parts.append("</ul>")
    for chapter in content.chapters:
        parts.append(f'<h1 class="entry">{escape(chapter.title)}</h1><p>{escape(chapter.title_en)}</p><ul>')
        parts += [f"<li>{escape(entry.title)}</li>" for entry in chapter.entries]
        parts.append("</ul>")
        for entry in chapter.entries:
            image = entry.profile.cover.print_image.image.name
            facts = [
                ("Instansi", entry.agency),
                ("Unit pelayanan publik", entry.unit),
                ("Wilayah", f"{entry.region}, {entry.province}"),
                ("Kategori", entry.category.name if entry.category else ""),
                ("Penghargaan", ", ".join(str(label) for label in entry.tier_labels)),
                ("TPB", ", ".join(f"{sdg.number}. {sdg.name}" for sdg in entry.sdgs)),
            ]
            rows = "".join(f"<tr><th>{label}</th><td>{escape(value)}</td></tr>" for label, value in facts)
            parts.append(
                f'<div class="entry"><p>{escape(", ".join(str(label) for label in entry.tier_labels))}</p>'
                f"<h2>{escape(entry.title)}</h2><p>{escape(entry.title_en)}</p>"
                f"<p>{escape(entry.unit)} · {escape(entry.agency)}</p>"
                f'<img src="file://{default_storage.path(image)}" alt=""><table>{rows}</table>'
                f'<img class="qr" src="{qr_data_uri(entry.url)}" alt=""><p>Pindai untuk membaca profil lengkap.</p>'
                f"<p>{escape(entry.url)}</p>"
                f"<h3>Ringkasan</h3>{linebreaks(entry.summary)}{linebreaks(entry.summary_en)}"
                f"<h3>Hasil</h3>{linebreaks(entry.results)}</div>"
            )
    parts.append('<h1 class="entry">Indeks menurut Provinsi</h1>')
    for group in content.provinces:
        parts.append(f"<h3>{escape(group.name or 'Pusat')}</h3><ul>")
        parts += [f"<li>{escape(entry.title)} ({escape(entry.region)})</li>" for entry in group.entries]
        parts.append("</ul>")
    parts.append(f"<h1>Kolofon</h1><p>{escape(book.title)}</p><p>ISBN {escape(book.isbn)}</p>")
    return "<!DOCTYPE html><html lang='id'><body>" + "".join(parts) + "</body></html>"


def measure_plain(book_id: int) -> dict:
    import django

    django.setup()
    warm_up()
    from weasyprint import CSS, HTML

    from publications import selectors
    from publications.models import Book

    html = plain_html(selectors.book_content(Book.objects.get(pk=book_id)))
    target = Path(os.environ["BENCH_DIR"]) / "plain.pdf"
    started = time.perf_counter()
    document = HTML(string=html).render(stylesheets=[CSS(string=PLAIN_CSS)])
    document.write_pdf(target)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": len(document.pages), "bytes": target.stat().st_size}


def child(step: str, book_id: int) -> None:
    result = {"build": measure_build, "plain": measure_plain}[step](book_id)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(step: str, book_id: int, env: dict) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", step, "--book", str(book_id)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode:
        raise SystemExit(output.stderr[-3000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=99)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the rebuild and of plain WeasyPrint")
    parser.add_argument("--child", choices=["build", "plain"])
    parser.add_argument("--book", type=int)
    parser.add_argument("--reuse", metavar="DIR", help="measure again on the SQLite data a previous run seeded in DIR")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinovik.settings")
    if args.child:
        child(args.child, args.book)
        return

    bench_dir = args.reuse or tempfile.mkdtemp(prefix="sinovik-bench-book-")
    os.environ.update(BENCH_DIR=bench_dir, MEDIA_ROOT=f"{bench_dir}/media", LOG_LEVEL="WARNING")
    os.environ.pop("REDIS_URL", None)  # tasks run eagerly, in the measured process
    if args.reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir}/bench.sqlite3"
        book_id = 1
    else:
        prepare_database()
        started = time.perf_counter()
        book_id = seed(args.entries)
        print(f"Seeded {args.entries} entries with 1600x1200 photos in {time.perf_counter() - started:.1f} s")
    print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]} · media: {bench_dir}/media")
    env = dict(os.environ)
    first = run_child("build", book_id, env)
    print(f"  first build: {first['seconds']:.2f} s", flush=True)
    runs = {"build": [], "plain": []}
    for _round in range(args.repeat):
        for step, measured in runs.items():
            measured.append(run_child(step, book_id, env))
            print(f"  {step}: {measured[-1]['seconds']:.2f} s", flush=True)
    # The fastest of the repeated runs: the machine is shared, and slower runs measure its other work.
    rebuild = min(runs["build"], key=lambda row: row["seconds"])
    plain = min(runs["plain"], key=lambda row: row["seconds"])
    rows = [
        ("first build (makes derivatives)", first),
        (f"rebuild (best of {args.repeat})", rebuild),
        (f"plain WeasyPrint (best of {args.repeat})", plain),
    ]
    print(f"\n{'':34} {'seconds':>8} {'peak MB':>8} {'pages':>6} {'PDF MB':>7}")
    for name, row in rows:
        print(f"{name:34} {row['seconds']:8.2f} {row['peak_mb']:8.0f} {row['pages']:6d} {row['bytes'] / 1e6:7.2f}")
    ratio = rebuild["seconds"] / plain["seconds"]
    print(f"\nrebuild / plain WeasyPrint: {ratio:.2f}x (target <= 1.5x)")
    peak = max(row["peak_mb"] for row in [first, *runs["build"]])
    print(f"peak memory of the build: {peak:.0f} MB (target < 400 MB)")
    print(f"cores: {os.cpu_count()} · load average: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
