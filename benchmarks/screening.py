"""Benchmark of the administrative screening checks at national scale.

    python benchmarks/screening.py [--proposals 3500] [--past 3000] [--seed 7]

Creates, in a throwaway database, an edition with `--proposals` forwarded proposals of realistic
Indonesian text (eight sections, ~1,500-2,500 words each proposal, generated from a vocabulary with
names and numbers), a past edition with `--past` proposals, award history, a few proposals that
break the rules, and planted near-duplicates (light edits: reordered sentences, other names and
numbers, a few words swapped) of this and of the past edition. Then runs every check
(judging.services.run_screening_checks) twice: cold (every fingerprint computed) and warm (as a
re-run); and prints the time, the candidate and flagged pairs, how many planted copies were found,
and the machine.

The database: SQLite at /tmp/sinovik-bench-screening.sqlite3 by default; with DATABASE_URL set, the
PostgreSQL database `sinovik_bench_screening` on that server (dropped and created afresh). Not part
of the test suite.
"""

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "sinovik_bench_screening"
SQLITE_PATH = Path(tempfile.gettempdir()) / "sinovik-bench-screening.sqlite3"
WIB = ZoneInfo("Asia/Jakarta")

# Words of real proposals, most frequent first (drawn with Zipf-like weights).
_VOCABULARY = """
dan yang di untuk dengan dalam ini pelayanan masyarakat inovasi dari pada dapat oleh ke data layanan
warga publik tersebut sebagai aplikasi sistem tidak program juga kegiatan akan telah menjadi lebih
informasi secara proses petugas dokumen waktu hasil kepada melalui serta dinas pemerintah daerah desa
kelurahan kecamatan meningkatkan kualitas setiap tahun sehingga antara bagi karena hingga mereka
pengaduan kepuasan survei biaya prosedur persyaratan verifikasi jadwal kunjungan pelatihan kader
relawan koperasi posyandu puskesmas rumah sakit pasien dokter bidan ibu hamil anak balita lansia
disabilitas sekolah guru siswa perpustakaan buku jalan air bersih sampah sungai pasar nelayan petani
pupuk bantuan sosial pajak retribusi kendaraan izin usaha mikro kecil menengah investasi perizinan
terpadu satu pintu antrean loket nomor formulir berkas tanda tangan elektronik digital internet
jaringan server basis pusat operator admin pengguna akun kata sandi keamanan privasi transparansi
akuntabilitas partisipasi kolaborasi pemangku kepentingan swasta perguruan tinggi komunitas media
sosialisasi edukasi kampanye penyuluhan pendampingan pemantauan evaluasi laporan bulanan triwulan
anggaran belanja efisiensi efektivitas dampak manfaat perubahan sebelum sesudah penurunan kenaikan
persen jumlah rata-rata target capaian indikator kinerja standar minimal mutu keberlanjutan
kelembagaan peraturan keputusan surat edaran bupati wali kota gubernur kepala bidang seksi staf
replikasi adaptasi daerah lain wilayah terpencil pesisir pegunungan perbatasan tertinggal akses
jarak tempuh transportasi ojek perahu kapal jembatan listrik sinyal telepon pesan singkat notifikasi
pembayaran nontunai tagihan rekening bank kartu identitas keluarga akta kelahiran kematian
perkawinan pindah datang penduduk kependudukan catatan sipil rekam cetak foto sidik jari
kesehatan gizi stunting imunisasi vaksin obat apotek rujukan gawat darurat ambulans
bencana banjir longsor kebakaran evakuasi posko logistik relokasi pemulihan mitigasi risiko
lingkungan hidup hijau pohon taman kebersihan daur ulang kompos limbah udara emisi energi surya
pariwisata budaya seni kerajinan produk lokal pemasaran daring toko promosi pelaku usaha ekonomi
kreatif pemuda perempuan kelompok rentan miskin ekstrem pengangguran tenaga kerja magang keterampilan
"""
VOCABULARY = _VOCABULARY.split()
CONNECTIVES = [
    "Selain itu,",
    "Oleh karena itu,",
    "Dengan demikian,",
    "Namun,",
    "Kemudian,",
    "Sementara itu,",
    "Akibatnya,",
]
_PLACES = """Surabaya Banyuwangi Sleman Makassar Kupang Jayapura Sorong Ambon Ternate Mataram Denpasar Kendari
Palu Manado Gorontalo Mamuju Pontianak Samarinda Banjarmasin Palangka Raya Medan Padang Pekanbaru Jambi
Bengkulu Palembang Lampung Serang Bandung Semarang Yogyakarta Malang Kediri Jember Madiun Bojonegoro"""
PLACES = _PLACES.split()
UNITS = [
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kesehatan",
    "RSUD",
    "Puskesmas",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Sosial",
    "Badan Pendapatan Daerah",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Pendidikan",
    "Kecamatan",
    "Dinas Koperasi dan UMKM",
]
SECTIONS = [  # (title, word limit, share of the text)
    ("Ringkasan", 200, 0.09),
    ("Latar Belakang dan Tujuan", 300, 0.13),
    ("Kebaruan/Nilai Tambah", 200, 0.09),
    ("Implementasi", 200, 0.09),
    ("Signifikansi", 600, 0.24),
    ("Adaptabilitas", 300, 0.11),
    ("Sumber Daya", 200, 0.08),
    ("Strategi Keberlanjutan", 500, 0.17),
]
WEIGHTS = [1 / (rank + 1) ** 0.9 for rank in range(len(VOCABULARY))]


def setup_django() -> str:
    """Point Django at the throwaway database, create it afresh and migrate. Returns its label."""
    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
        import psycopg2

        admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
        admin.close()
        label = f"PostgreSQL {parts.hostname}/{BENCH_DB}"
    else:
        SQLITE_PATH.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
        label = f"SQLite {SQLITE_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinovik.settings")
    os.environ.pop("REDIS_URL", None)  # tasks stay in-process; the benchmark times the service itself
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return label


# --- Text --------------------------------------------------------------------------------------------


def sentence(chooser: random.Random) -> str:
    words = chooser.choices(VOCABULARY, WEIGHTS, k=chooser.randint(9, 24))
    if chooser.random() < 0.35:
        words.insert(chooser.randint(1, len(words)), chooser.choice(PLACES))
    if chooser.random() < 0.3:
        words.insert(chooser.randint(1, len(words)), f"{chooser.randint(2, 9800):,}".replace(",", "."))
    if chooser.random() < 0.15:
        words.insert(chooser.randint(1, len(words)), "persen")
    text = " ".join(words)
    if chooser.random() < 0.2:
        text = chooser.choice(CONNECTIVES) + " " + text
    return text[0].upper() + text[1:] + "."


def proposal_sections(chooser: random.Random) -> list[str]:
    total = chooser.randint(1500, 2500)
    sections = []
    for _title, limit, share in SECTIONS:
        target = min(limit, int(total * share))
        sentences, words = [], 0
        while words < target - 12:
            line = sentence(chooser)
            words += len(line.split())
            sentences.append(line)
        sections.append(" ".join(sentences))
    return sections


def light_copy(sections: list[str], chooser: random.Random) -> list[str]:
    """What a copier does: reorder sentences, change names and numbers, swap a few words."""
    copied = []
    for text in sections:
        sentences = text.split(". ")
        chooser.shuffle(sentences)
        words = ". ".join(sentences).split(" ")
        for index, word in enumerate(words):
            if word[:1].isdigit():
                words[index] = str(chooser.randint(2, 9800))
            elif word in PLACES:
                words[index] = chooser.choice(PLACES)
            elif chooser.random() < 0.04:
                words[index] = chooser.choice(VOCABULARY)
        copied.append(" ".join(words))
    return copied


# --- Data --------------------------------------------------------------------------------------------


def build(*, proposals: int, past: int, seed: int):
    from agencies.models import Agency, Unit
    from competitions.models import AttachmentType, Category, Edition, FormSection, Group, Organiser, Sdg, Stage
    from submissions.models import Answer, Attachment, Award, Innovation, Proposal

    chooser = random.Random(seed)
    organiser = Organiser.objects.create(name="Kementerian PANRB", short_name="KemenPAN-RB")

    def edition_of(year: int, status: str) -> tuple:
        edition = Edition.objects.create(
            organiser=organiser,
            name=f"KIPP {year}",
            short_name=f"KIPP {year}",
            slug=f"kipp-{year}",
            year=year,
            status=status,
        )
        Stage.objects.create(
            edition=edition,
            kind=Stage.Kind.PROPOSAL_ENTRY,
            starts_at=datetime.combine(date(year, 3, 1), clock(0, 0), tzinfo=WIB),
            ends_at=datetime.combine(date(year, 4, 30), clock(23, 59, 59), tzinfo=WIB),
        )
        group = Group.objects.create(edition=edition, name="Kelompok Umum", minimum_age_years=2, quota_per_agency=10)
        sections = [
            FormSection.objects.create(edition=edition, group=group, title=title, word_limit=limit, order=order)
            for order, (title, limit, _share) in enumerate(SECTIONS)
        ]
        kind = AttachmentType.objects.create(edition=edition, name="Surat Pernyataan Implementasi")
        categories = [Category.objects.create(edition=edition, name=f"Kategori {n}") for n in range(1, 11)]
        return edition, group, sections, kind, categories

    current, group, sections, kind, categories = edition_of(2026, Edition.Status.PUBLISHED)
    old, old_group, old_sections, old_kind, old_categories = edition_of(2023, Edition.Status.ARCHIVED)

    agencies = Agency.objects.bulk_create(
        Agency(name=f"Pemerintah Kabupaten {place} {n}", kind=Agency.Kind.KABUPATEN)
        for n, place in enumerate(PLACES * 14)
    )
    total = proposals + past
    units = Unit.objects.bulk_create(
        Unit(agency=agencies[n % len(agencies)], name=f"{UNITS[n % len(UNITS)]} {n}") for n in range(total)
    )
    innovations = Innovation.objects.bulk_create(
        Innovation(
            title="",
            agency_id=unit.agency_id,
            unit=unit,
            started_on=date(2016 + chooser.randint(0, 7), chooser.randint(1, 12), chooser.randint(1, 28)),
        )
        for unit in units
    )
    texts: list[list[str]] = []
    planted = set()
    for n in range(total):
        is_current = n < proposals
        if is_current and n % 50 == 7 and n > 10:  # 2% copy another proposal of this edition
            source = chooser.randrange(0, n)
            while source % 100 == 3 or source % 50 == 7:  # an original, never replaced below
                source = chooser.randrange(0, n)
            texts.append(light_copy(texts[source], chooser))
            planted.add((min(n, source), max(n, source)))
        else:
            texts.append(proposal_sections(chooser))
    for n in range(0, proposals, 100):  # 1% copy a proposal of the past edition
        source = proposals + chooser.randrange(past)
        texts[n + 3] = light_copy(texts[source], chooser)
        planted.add((n + 3, source))
    now = datetime.now(tz=WIB)
    rows = []
    for n, innovation in enumerate(innovations):
        is_current = n < proposals
        title = (
            f"{chooser.choice(['Layanan', 'Sistem', 'Gerakan', 'Klinik', 'Sekolah', 'Aplikasi'])} "
            + " ".join(chooser.sample(VOCABULARY[40:], 3)).title()
            + f" {n}"
        )
        if is_current and n % 400 == 11:
            title = rows[-1].title if rows else title  # a duplicate title now and then
        rows.append(
            Proposal(
                innovation=innovation,
                edition=current if is_current else old,
                group=group if is_current else old_group,
                category=(categories if is_current else old_categories)[n % 10],
                title=title,
                status=Proposal.Status.FORWARDED if is_current else Proposal.Status.PASSED,
                truthfulness_declared_at=None if is_current and n % 300 == 5 else now,
            )
        )
    created = Proposal.objects.bulk_create(rows, batch_size=1000)
    Proposal.sdgs.through.objects.bulk_create(
        [Proposal.sdgs.through(proposal_id=proposal.pk, sdg_id=Sdg.objects.get(number=16).pk) for proposal in created],
        batch_size=2000,
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                proposal=proposal,
                attachment_type=kind if n < proposals else old_kind,
                file="bench/surat.pdf",
                original_name="surat.pdf",
                content_type="application/pdf",
                size=1000,
            )
            for n, proposal in enumerate(created)
        ],
        batch_size=2000,
    )
    answers = []
    for n, proposal in enumerate(created):
        for section, text in zip(sections if n < proposals else old_sections, texts[n], strict=True):
            answers.append(Answer(proposal=proposal, section=section, text=text, version=1))
        if len(answers) >= 4000:
            Answer.objects.bulk_create(answers)
            answers = []
    Answer.objects.bulk_create(answers)
    Award.objects.bulk_create(
        [Award(innovation=innovations[n], year=2021, tier=Award.Tier.TOP_99) for n in range(0, proposals, 97)]
        + [Award(innovation=innovations[n], year=2023, tier=Award.Tier.TOP_99) for n in range(0, proposals, 194)]
        + [Award(innovation=innovations[n], year=2022, tier=Award.Tier.TOP_45) for n in range(13, proposals, 500)]
    )
    Innovation.objects.filter(pk__in=[innovations[n].pk for n in range(17, proposals, 250)]).update(
        started_on=date(2025, 6, 1)
    )
    words = sum(len(section.split()) for text in texts[:proposals] for section in text)
    return current, [proposal.pk for proposal in created], planted, words


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{model}, os.cpu_count()={os.cpu_count()}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=3500, help="forwarded proposals in the edition screened")
    parser.add_argument("--past", type=int, default=3000, help="proposals of a past edition to compare with")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()

    database = setup_django()
    from judging.models import NearDuplicatePair
    from judging.services import run_screening_checks

    started = time.monotonic()
    edition, ids, planted, words = build(proposals=options.proposals, past=options.past, seed=options.seed)
    print(f"database: {database}")
    print(f"machine: {machine()}")
    print(
        f"data: {options.proposals} proposals ({words / options.proposals:,.0f} words each on average) "
        f"+ {options.past} past proposals, built in {time.monotonic() - started:.1f} s"
    )
    for label in ("cold (every fingerprint computed)", "warm (re-run, fingerprints kept)"):
        started, cpu = time.monotonic(), time.process_time()
        run = run_screening_checks(edition=edition)
        elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
        flagged = {
            tuple(sorted((ids.index(first), ids.index(second))))
            for first, second in NearDuplicatePair.objects.values_list("proposal_id", "other_id")
        }
        found = sum(1 for pair in planted if tuple(sorted(pair)) in flagged)
        print(
            f"{label}: {elapsed:.1f} s (CPU {cpu:.1f} s), {run.proposals_checked} checked "
            f"against {run.compared_with} past, {run.candidate_pairs} candidate pairs, "
            f"{run.flagged_pairs} flagged pairs, planted copies found {found}/{len(planted)}"
        )
    load = os.getloadavg()[0]
    print(f"os.cpu_count(): {os.cpu_count()}, load average at the end: {load:.2f}")


if __name__ == "__main__":
    main()
