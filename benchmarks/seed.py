#!/usr/bin/env python
"""National-scale data for the benchmarks of issue 13: ten years of KIPP in one PostgreSQL database.

    .venv/bin/python benchmarks/seed.py [--editions 10] [--proposals 5000] [--agencies 600] [--jurors 60]
        [--database sinovik_bench] [--media /tmp/sinovik-bench-media] [--seed 2026]

Drops and creates the PostgreSQL database `--database` on 127.0.0.1:5432 (user postgres; only names
beginning with `sinovik_bench` are accepted, so the portal's own `sinovik` database and every other
one are never touched), migrates it and seeds it with bulk inserts: no signals, no notifications,
no Celery tasks, no emails. What it holds, with the default arguments:

- 600 verified agencies of every kind (kementerian, lembaga, provinsi, kabupaten, kota, BUMN and
  BUMD under their local government) over the real regions loaded by the migrations; 3 to 8 UPPs
  each; one or two Admin Lokal per agency (a BUMD uses its local government's) and one or two UPP
  staff per unit, with verified email addresses; everyone signs in with BENCH_PASSWORD;
- the national organiser, two secretariat members and 60 jurors: 3/4 Tim Evaluasi (some with a
  home agency, for conflicts of interest), 1/4 Tim Panel Independen;
- 10 editions, 2017-2026, built as competitions.demo builds one: the ten stages on the 2023
  calendar, Kelompok Umum/Replikasi/Khusus with their form sections and word limits, categories
  (3 in 2022, 10 in 2021, 11 otherwise), identification questions, attachment types, the five
  criteria for the desk evaluation and the interview, announcements; all archived but 2026;
- 5,000 proposals per edition (50,000) of innovations that come back across the years (Khusus
  entries are earlier winners, Replikasi ones name an earlier Top 99, some Umum entries return),
  most submitted in the last 48 hours: an answer per form section at 55-97% of its word limit
  (Indonesian-like prose from a pre-built pool of sentences), identification answers, SDGs and
  the status history; about a quarter never reached the organiser, the rest passed or failed
  screening;
- per edition: the desk-evaluation round (3 reviews per passed proposal, a score per criterion,
  conflicted juror-agency pairs kept apart and recorded), confirmed nominations to the Tim Panel
  Independen, the plenary round, the interview round of the finalists with its reviews, shortlist
  drafts, DecisionBatch and Decision rows with their announcements, and Award rows for the Top 99,
  the Khusus finalists, the Top 45 and the Outstanding Achievement (5);
- the showcase: every edition released, a published PublicProfile per awarded innovation with two
  generated 640x480 JPEG photos and thumbnails (files under `--media`, passed as MEDIA_ROOT), then
  showcase.services.refresh_profile on each: filter fields, awards, SDGs and the search vector.

Prints the seconds of each phase, the rows per table, the core count and the total. The same
arguments give the same data (random.Random(--seed)). Use the result with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/sinovik_bench and MEDIA_ROOT=<--media>.
`seed(Scale(...))` seeds whatever database Django is connected to (tests/benchmarks/test_seed.py
runs it at a tiny scale in the test database).

The other scripts of this folder each seed a throwaway database of their own and print one figure:
showcase.py (list, search and detail under gunicorn beside a bare view), surge.py (deadline surge
of autosaving and submitting UPP users), ranking.py (ranking of a 3,500-proposal round), book.py
(the 99-entry book beside plain WeasyPrint), screening.py (screening checks with duplicate
detection over 3,500 proposals).
"""

import argparse
import itertools
import os
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LAST_YEAR = 2026
DOMAIN = "bench.sinovik.test"
BENCH_PASSWORD = "Bench-Sandi-2026"  # noqa: S105 (a benchmark database, printed in the docstring)
DATABASE_NAME = re.compile(r"^sinovik_bench\w*$")
DEFAULT_MEDIA = Path("/tmp/sinovik-bench-media")


@dataclass(frozen=True)
class Scale:
    editions: int = 10
    proposals: int = 5000  # per edition
    agencies: int = 600
    jurors: int = 60
    seed: int = 2026
    photos_per_profile: int = 2


# --- Words -------------------------------------------------------------------------------------------

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
jaringan server basis pusat operator admin pengguna akun keamanan privasi transparansi akuntabilitas
partisipasi kolaborasi pemangku kepentingan swasta perguruan tinggi komunitas media sosialisasi
edukasi kampanye penyuluhan pendampingan pemantauan evaluasi laporan bulanan triwulan anggaran
belanja efisiensi efektivitas dampak manfaat perubahan sebelum sesudah penurunan kenaikan persen
jumlah rata-rata target capaian indikator kinerja standar minimal mutu keberlanjutan kelembagaan
peraturan keputusan surat edaran bupati wali kota gubernur kepala bidang seksi staf replikasi
adaptasi daerah lain wilayah terpencil pesisir pegunungan perbatasan tertinggal akses jarak tempuh
transportasi perahu kapal jembatan listrik sinyal telepon pesan notifikasi pembayaran nontunai
tagihan rekening bank kartu identitas keluarga akta kelahiran kematian perkawinan penduduk
kependudukan catatan sipil rekam cetak kesehatan gizi stunting imunisasi vaksin obat rujukan
gawat darurat ambulans bencana banjir longsor kebakaran evakuasi posko logistik pemulihan mitigasi
risiko lingkungan hidup pohon taman kebersihan daur ulang kompos limbah energi surya pariwisata
budaya kerajinan produk lokal pemasaran daring promosi pelaku ekonomi kreatif pemuda perempuan
kelompok rentan miskin tenaga kerja magang keterampilan
"""
VOCABULARY = _VOCABULARY.split()
WEIGHTS = [1 / (rank + 1) ** 0.9 for rank in range(len(VOCABULARY))]
CONNECTIVES = ["Selain itu,", "Oleh karena itu,", "Dengan demikian,", "Namun,", "Kemudian,", "Sementara itu,"]
_TOWNS = """Surabaya Banyuwangi Sleman Makassar Kupang Jayapura Sorong Ambon Ternate Mataram Denpasar Kendari
Palu Manado Gorontalo Mamuju Pontianak Samarinda Banjarmasin Medan Padang Pekanbaru Jambi Bengkulu
Palembang Serang Bandung Semarang Yogyakarta Malang Kediri Jember Madiun Bojonegoro Merauke Wamena"""
TOWNS = _TOWNS.split()
SERVICES = [
    "akta kelahiran",
    "kartu keluarga",
    "izin usaha",
    "layanan kesehatan ibu dan anak",
    "rujukan pasien",
    "bantuan sosial",
    "pembayaran pajak daerah",
    "pengaduan warga",
    "air bersih",
    "pengelolaan sampah",
    "imunisasi balita",
    "pendataan penduduk rentan",
]
TEMPLATES = [
    "Sebelum inovasi ini, warga {town} harus menempuh {n} kilometer untuk mengurus {service}.",
    "Waktu penyelesaian {service} turun dari {n} hari menjadi {m} hari kerja setelah inovasi berjalan.",
    "Kepuasan masyarakat terhadap {service} naik dari {m} menjadi {n} persen menurut survei triwulan.",
    "Petugas mendatangi warga di {town} dengan mobil layanan sesuai jadwal pasar dan posyandu.",
    "Sebanyak {k} kader desa dilatih untuk membantu warga lansia dan penyandang disabilitas.",
    "Inovasi ini didukung peraturan kepala daerah, anggaran rutin dan kerja sama dengan puskesmas.",
    "Data layanan dipantau setiap hari melalui dasbor yang terbuka bagi pimpinan dan masyarakat.",
    "Pengaduan tentang {service} dijawab paling lama {m} hari melalui kanal daring dan pesan singkat.",
    "Replikasi telah dilakukan oleh {m} daerah lain dengan penyesuaian kondisi setempat.",
    "Biaya yang dikeluarkan warga untuk {service} berkurang rata-rata Rp{k}.000 per kunjungan.",
    "Jumlah warga yang terlayani meningkat dari {k} menjadi {kk} orang dalam satu tahun.",
    "Keberlanjutan dijaga dengan standar operasional prosedur, pelatihan petugas dan alokasi anggaran.",
]


class Prose:
    """Indonesian-like sentences built once, then drawn to a word count: cheap for 50,000 proposals."""

    def __init__(self, rng: random.Random, size: int = 20_000):
        self.rng = rng
        sentences = [self._sentence() for _ in range(size)]
        self.sentences = sentences
        self.lengths = [len(sentence.split()) for sentence in sentences]

    def _sentence(self) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            n, m = rng.randint(5, 60), rng.randint(1, 14)
            return rng.choice(TEMPLATES).format(
                town=rng.choice(TOWNS),
                service=rng.choice(SERVICES),
                n=n,
                m=m,
                k=rng.randint(12, 950),
                kk=rng.randint(1000, 48_000),
            )
        words = rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(9, 24))
        if rng.random() < 0.35:
            words.insert(rng.randint(1, len(words)), rng.choice(TOWNS))
        if rng.random() < 0.3:
            words.insert(rng.randint(1, len(words)), f"{rng.randint(2, 9800):,}".replace(",", "."))
        text = " ".join(words)
        if rng.random() < 0.2:
            text = f"{rng.choice(CONNECTIVES)} {text}"
        return text[0].upper() + text[1:] + "."

    def text(self, words: int) -> str:
        """About `words` words (never more), in paragraphs of four to six sentences."""
        pick, sentences, lengths = self.rng.randrange, self.sentences, self.lengths
        size = len(sentences)
        parts, count, misses, in_paragraph = [], 0, 0, 0
        while misses < 3:
            index = pick(size)
            if count + lengths[index] > words:
                misses += 1
                continue
            if in_paragraph >= 5:
                parts.append("\n\n")
                in_paragraph = 0
            elif parts:
                parts.append(" ")
            parts.append(sentences[index])
            count += lengths[index]
            in_paragraph += 1
        return "".join(parts)


# --- Names -------------------------------------------------------------------------------------------

KEMENTERIAN = [
    "Kementerian Dalam Negeri",
    "Kementerian Keuangan",
    "Kementerian Agama",
    "Kementerian Kesehatan",
    "Kementerian Sosial",
    "Kementerian Ketenagakerjaan",
    "Kementerian Perindustrian",
    "Kementerian Perdagangan",
    "Kementerian Energi dan Sumber Daya Mineral",
    "Kementerian Pekerjaan Umum",
    "Kementerian Perhubungan",
    "Kementerian Komunikasi dan Digital",
    "Kementerian Pertanian",
    "Kementerian Kehutanan",
    "Kementerian Kelautan dan Perikanan",
    "Kementerian Desa dan Pembangunan Daerah Tertinggal",
    "Kementerian Agraria dan Tata Ruang",
    "Kementerian Lingkungan Hidup",
    "Kementerian Pariwisata",
    "Kementerian Koperasi",
    "Kementerian Usaha Mikro, Kecil, dan Menengah",
    "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
    "Kementerian Pemuda dan Olahraga",
    "Kementerian Investasi dan Hilirisasi",
    "Kementerian Perumahan dan Kawasan Permukiman",
    "Kementerian Imigrasi dan Pemasyarakatan",
    "Kementerian Kependudukan dan Pembangunan Keluarga",
    "Kementerian Transmigrasi",
    "Kementerian Pelindungan Pekerja Migran Indonesia",
    "Kementerian Ekonomi Kreatif",
    "Kementerian Kebudayaan",
    "Kementerian Pendidikan Dasar dan Menengah",
    "Kementerian Pendidikan Tinggi, Sains, dan Teknologi",
    "Kementerian Hukum",
]
LEMBAGA = [
    "Badan Pusat Statistik",
    "Badan Kepegawaian Negara",
    "Badan Nasional Penanggulangan Bencana",
    "Badan Pengawas Obat dan Makanan",
    "Badan Meteorologi, Klimatologi, dan Geofisika",
    "Badan Riset dan Inovasi Nasional",
    "Lembaga Administrasi Negara",
    "Arsip Nasional Republik Indonesia",
    "Perpustakaan Nasional Republik Indonesia",
    "Badan Siber dan Sandi Negara",
    "Badan Informasi Geospasial",
    "Badan Standardisasi Nasional",
    "Badan Nasional Pencarian dan Pertolongan",
    "Badan Narkotika Nasional",
    "Badan Pengawasan Keuangan dan Pembangunan",
    "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah",
    "Badan Karantina Indonesia",
    "Badan Gizi Nasional",
    "Badan Pangan Nasional",
    "Kepolisian Negara Republik Indonesia",
    "Kejaksaan Republik Indonesia",
    "Badan Kependudukan dan Keluarga Berencana Nasional",
    "BPJS Kesehatan",
    "BPJS Ketenagakerjaan",
    "Mahkamah Agung",
    "Badan Pengawas Tenaga Nuklir",
    "Badan Nasional Pengelola Perbatasan",
    "Lembaga Penyiaran Publik Radio Republik Indonesia",
    "Badan Penyelenggara Jaminan Produk Halal",
    "Badan Kepegawaian Daerah Terpadu",
]
BUMN = [
    "PT PLN (Persero)",
    "PT Pertamina (Persero)",
    "PT Telkom Indonesia (Persero) Tbk",
    "PT Kereta Api Indonesia (Persero)",
    "PT Pos Indonesia (Persero)",
    "PT Bank Rakyat Indonesia (Persero) Tbk",
    "PT Bank Mandiri (Persero) Tbk",
    "PT Bank Negara Indonesia (Persero) Tbk",
    "PT Bank Tabungan Negara (Persero) Tbk",
    "PT Pelabuhan Indonesia (Persero)",
    "PT Angkasa Pura Indonesia",
    "PT Pegadaian",
    "PT Permodalan Nasional Madani",
    "PT Jasa Marga (Persero) Tbk",
    "PT ASDP Indonesia Ferry (Persero)",
    "PT Pelayaran Nasional Indonesia (Persero)",
    "Perum Bulog",
    "PT Pupuk Indonesia (Persero)",
    "PT Bio Farma (Persero)",
    "PT Jasa Raharja",
    "PT Taspen (Persero)",
    "PT Asabri (Persero)",
    "Perum Perhutani",
    "Perum Damri",
    "PT Semen Indonesia (Persero) Tbk",
    "PT Hutama Karya (Persero)",
    "PT Perkebunan Nusantara III (Persero)",
    "PT Sarana Multi Infrastruktur (Persero)",
    "PT Industri Kereta Api (Persero)",
    "PT Perusahaan Gas Negara Tbk",
    "Perum Jamkrindo",
    "PT Sucofindo",
    "PT Surveyor Indonesia",
    "PT Asuransi Kredit Indonesia",
    "PT Kimia Farma Tbk",
    "PT Garuda Indonesia (Persero) Tbk",
    "PT Len Industri (Persero)",
    "PT Pindad",
    "PT Dirgantara Indonesia",
    "PT Wijaya Karya (Persero) Tbk",
]
BUMD = [
    "Perumda Air Minum Tirta {short}",
    "Perumda Pasar {short}",
    "PT BPR {short}",
    "Perumda Aneka Usaha {short}",
    "PT Bank Pembangunan Daerah {short}",
    "Perumda Transportasi {short}",
]
LOCAL_UNITS = [
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Kesehatan",
    "RSUD {town}",
    "Puskesmas {town}",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Sosial",
    "Badan Pendapatan Daerah",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Pendidikan",
    "Kecamatan {town}",
    "Dinas Koperasi dan UMKM",
    "Dinas Pertanian",
    "Dinas Pariwisata",
    "Badan Penanggulangan Bencana Daerah",
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Komunikasi dan Informatika",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
]
CENTRAL_UNITS = [
    "Biro Organisasi dan Tata Laksana",
    "Pusat Data dan Informasi",
    "Direktorat Pelayanan Publik",
    "Balai Besar {town}",
    "Kantor Wilayah {town}",
    "Unit Layanan Terpadu",
    "Pusat Pengaduan Masyarakat",
    "Direktorat Sistem Informasi",
    "Balai Pelatihan {town}",
    "Kantor Pelayanan {town}",
]
COMPANY_UNITS = [
    "Unit Layanan Pelanggan",
    "Kantor Cabang {town}",
    "Divisi Teknologi Informasi",
    "Unit Pelaksana {town}",
    "Divisi Pelayanan",
    "Kantor Area {town}",
    "Unit Tanggung Jawab Sosial dan Lingkungan",
]
_FIRST_NAMES = """Agus Budi Sri Dewi Siti Rina Eko Andi Wahyu Nur Ahmad Putri Dian Hendra Yusuf Ratna Fajar Indah
Rizky Maria Made Ketut Yohanes Fransiska Abdul Teuku Cut Lestari Bambang Yohana Samuel Irma"""
FIRST_NAMES = _FIRST_NAMES.split()
_LAST_NAMES = """Santoso Wijaya Saputra Hidayat Rahmawati Siregar Nasution Harahap Simanjuntak Pratama Kurniawan
Setiawan Wulandari Susanto Gunawan Rahman Hasibuan Manurung Sitompul Tanjung Nugroho Suryadi Purba
Wenda Rumbiak Pattiasina Daulay Syahputra Mandagi Latuconsina"""
LAST_NAMES = _LAST_NAMES.split()
UNIVERSITIES = [
    "Universitas Indonesia",
    "Universitas Gadjah Mada",
    "Universitas Airlangga",
    "Universitas Hasanuddin",
    "Universitas Padjadjaran",
    "Universitas Diponegoro",
    "Universitas Brawijaya",
    "Universitas Cenderawasih",
    "Universitas Sumatera Utara",
    "Universitas Nusa Cendana",
]
_TITLE_PREFIXES = "Layanan Sistem Gerakan Program Aplikasi Klinik Posko Kampung Rumah Mobil Gerai Pojok Jaringan Pusat"
TITLE_PREFIXES = _TITLE_PREFIXES.split()
TITLE_SUBJECTS = [
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
    "Gizi Balita",
    "UMKM Naik Kelas",
    "Sertifikat Tanah Cepat",
    "Disabilitas Berdaya",
]
_TITLE_PLACES = "Desa Kelurahan Pesisir Pegunungan Perbatasan Kota Pulau Lembah Kecamatan Nusantara Kampung Sekolah"
TITLE_PLACES = _TITLE_PLACES.split()
_SYLLABLES = "SI MA TA KA LA PA GER CEP SE HAT MAS DU KU BER SA TU NA RI PEN DEK JO LI MO PIN TAR"
SYLLABLES = _SYLLABLES.split()
COMMENTS = [
    "Kebaruan cukup jelas, tetapi data dampak perlu diperkuat dengan pembanding sebelum dan sesudah.",
    "Inovasi relevan dengan masalah pelayanan setempat dan didukung regulasi daerah.",
    "Uraian keberlanjutan baik; anggaran rutin dan SOP sudah tersedia.",
    "Potensi replikasi tinggi, namun bukti replikasi di daerah lain belum dilampirkan.",
    "Dampak terukur dengan survei kepuasan, meski metode pengukurannya perlu dijelaskan.",
    "Proposal ringkas dan konsisten; beberapa angka capaian perlu sumber data.",
]
THEMES = [
    "Inovasi Pelayanan Publik untuk Indonesia Maju",
    "Pelayanan Publik yang Inklusif dan Berkelanjutan",
    "Transformasi Digital Pelayanan Publik",
    "Inovasi untuk Pemulihan Ekonomi",
    "Pelayanan Publik yang Berdampak",
]

# Shares of the agencies by kind (of 600: 34, 30, 38, 300, 90, 40, 68).
KIND_SHARES = [
    ("kementerian", 34),
    ("lembaga", 30),
    ("provinsi", 38),
    ("kabupaten", 300),
    ("kota", 90),
    ("bumn", 40),
    ("bumd", 68),
]
# How many proposals an agency of each kind tends to enter.
KIND_WEIGHTS = {
    "kementerian": 1.4,
    "lembaga": 0.8,
    "provinsi": 1.4,
    "kabupaten": 1.0,
    "kota": 1.1,
    "bumn": 0.6,
    "bumd": 0.3,
}
LOCAL_GOVERNMENTS = {"provinsi", "kabupaten", "kota"}
# Of all proposals: how many never reached the organiser, by status; of those that did, how many failed.
STUCK = [("draft", 0.15), ("submitted", 0.04), ("returned", 0.03), ("withdrawn", 0.02)]
FAILED_SHARE = 0.08


def short_region(name: str) -> str:
    for prefix in ("Kabupaten ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# --- The seeder --------------------------------------------------------------------------------------


class Seeder:
    def __init__(self, scale: Scale, log: Callable[[str], None]):
        self.scale = scale
        self.log = log
        self.rng = random.Random(scale.seed)
        self.timings: dict[str, float] = defaultdict(float)
        self.titles: set[str] = set()

    def phase(self, name: str, started: float) -> None:
        self.timings[name] += time.perf_counter() - started

    def run(self) -> dict[str, float]:
        from django.db import transaction

        self.begun = started = time.perf_counter()
        self.prose = Prose(self.rng)
        self.phase("text pool", started)
        started = time.perf_counter()
        with transaction.atomic():
            self.people_and_agencies()
        self.phase("agencies, units and people", started)
        self.past_top99: list[tuple] = []  # (innovation id, agency index, title, year)
        self.past_winners: list[tuple] = []  # (innovation id, agency index, unit id, title, year)
        self.returning: list[tuple] = []  # (innovation id, agency index, unit id, title)
        self.editions = []
        first = LAST_YEAR - self.scale.editions + 1
        for year in range(first, LAST_YEAR + 1):
            with transaction.atomic():
                started = time.perf_counter()
                edition = self.edition(year)
                self.phase("editions and forms", started)
                started = time.perf_counter()
                entries = self.proposals(edition)
                self.phase("proposals, answers and history", started)
                started = time.perf_counter()
                finalists = self.jury(edition, entries)
                self.phase("jury rounds, reviews and scores", started)
                started = time.perf_counter()
                self.decisions(edition, entries, finalists)
                self.phase("decisions and awards", started)
            self.editions.append(edition)
            self.log(f"  {year}: {len(entries)} proposals ({time.perf_counter() - self.begun:.0f} s)")
        started = time.perf_counter()
        with transaction.atomic():
            self.showcase()
        self.phase("showcase profiles, photos and search", started)
        return dict(self.timings)

    # --- Agencies and people ---------------------------------------------------------------------

    def people_and_agencies(self) -> None:
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password
        from django.utils import timezone

        from agencies.models import Agency, Membership, Region, Unit
        from competitions.demo import NATIONAL
        from competitions.models import Organiser, OrganiserMembership
        from jury.models import JurorProfile

        rng, count = self.rng, self.scale.agencies
        now = timezone.now()
        regions = list(Region.objects.select_related("province"))
        by_level = defaultdict(list)
        for region in regions:
            by_level[region.level].append(region)
        for level in by_level.values():
            rng.shuffle(level)
        total_share = sum(share for _kind, share in KIND_SHARES)
        wanted = {kind: max(1, round(count * share / total_share)) for kind, share in KIND_SHARES}
        wanted["kabupaten"] += count - sum(wanted.values())
        level_of = {"provinsi": "province", "kabupaten": "regency", "kota": "city"}
        names = {"kementerian": KEMENTERIAN, "lembaga": LEMBAGA, "bumn": BUMN}

        def numbered(base: list[str], index: int) -> str:
            return base[index % len(base)] + (f" {index // len(base) + 1}" if index >= len(base) else "")

        governments, others = [], []
        for kind, _share in KIND_SHARES:
            for index in range(wanted[kind]):
                if kind in level_of:
                    pool = by_level[level_of[kind]]
                    region = pool[index % len(pool)]
                    name = f"Pemerintah {'Provinsi ' if kind == 'provinsi' else ''}{region.name}"
                    if index >= len(pool):
                        name += f" {index // len(pool) + 1}"
                    governments.append(Agency(name=name, kind=kind, region=region))
                elif kind in names:
                    others.append(Agency(name=numbered(names[kind], index), kind=kind))
        agencies = governments + others
        for position, agency in enumerate(agencies):
            agency.email = f"organisasi{position}@instansi.{DOMAIN}"
            agency.phone = f"021-{5_000_000 + position}"
            agency.status = Agency.Status.VERIFIED
            agency.verified_at = now
        Agency.objects.bulk_create(agencies, batch_size=1000)
        locals_ = [agency for agency in governments if agency.kind != "provinsi"] or governments
        bumds, bumd_names = [], set()
        for index in range(wanted["bumd"]):
            parent = locals_[rng.randrange(len(locals_))] if locals_ else None
            short = short_region(parent.region.name) if parent else f"Daerah {index}"
            name = rng.choice(BUMD).format(short=short)
            while name in bumd_names:
                name = f"{name} {index}"
            bumd_names.add(name)
            bumds.append(
                Agency(
                    name=name,
                    kind="bumd",
                    parent=parent,
                    region=parent.region if parent else None,
                    email=f"bumd{index}@instansi.{DOMAIN}",
                    status=Agency.Status.VERIFIED,
                    verified_at=now,
                )
            )
        Agency.objects.bulk_create(bumds, batch_size=1000)
        self.agencies = agencies + bumds
        self.agency_weights = [KIND_WEIGHTS[agency.kind] * rng.uniform(0.5, 1.5) for agency in self.agencies]
        position_of = {agency.pk: position for position, agency in enumerate(self.agencies)}
        self.agency_parent = [position_of.get(agency.parent_id) for agency in self.agencies]
        self.agency_province = [
            (agency.region.province_region.code if agency.region else None) for agency in self.agencies
        ]

        units = []
        for agency in self.agencies:
            pool = (
                LOCAL_UNITS
                if agency.kind in LOCAL_GOVERNMENTS
                else COMPANY_UNITS
                if agency.kind in ("bumn", "bumd")
                else CENTRAL_UNITS
            )
            chosen = set()
            for template in rng.sample(pool, min(len(pool), rng.randint(3, 8))):
                name = template.format(town=rng.choice(TOWNS))
                if name in chosen:
                    continue
                chosen.add(name)
                units.append(
                    Unit(
                        agency=agency,
                        name=name,
                        head_name=self.person(),
                        email=f"upp{len(units)}@unit.{DOMAIN}",
                        phone=f"08{rng.randint(11, 13)}{rng.randint(10_000_000, 99_999_999)}",
                    )
                )
        Unit.objects.bulk_create(units, batch_size=2000)
        self.units_of: dict[int, list] = defaultdict(list)
        for unit in units:
            self.units_of[position_of[unit.agency_id]].append(unit)

        User = get_user_model()
        password = make_password(BENCH_PASSWORD)
        people, memberships = [], []

        def user(local: str) -> object:
            person = User(email=f"{local}@{DOMAIN}", full_name=self.person(), password=password, date_joined=now)
            people.append(person)
            return person

        for position, agency in enumerate(self.agencies):
            if agency.kind == "bumd":
                continue  # a BUMD uses its local government's Admin Lokal
            for number in range(1 + (rng.random() < 0.2)):
                memberships.append(
                    Membership(
                        user=user(f"admin{position}-{number}"),
                        agency=agency,
                        role=Membership.Role.ADMIN_LOKAL,
                        position="Kepala Bagian Organisasi",
                    )
                )
        for index, unit in enumerate(units):
            for number in range(1 + (rng.random() < 0.3)):
                memberships.append(
                    Membership(
                        user=user(f"upp{index}-{number}"),
                        agency_id=unit.agency_id,
                        unit=unit,
                        role=Membership.Role.UPP_STAFF,
                        position="Analis Kebijakan",
                    )
                )
        secretariat = [user(f"sekretariat{number}") for number in range(2)]
        jurors = [user(f"juri{number}") for number in range(self.scale.jurors)]
        User.objects.bulk_create(people, batch_size=2000)
        Membership.objects.bulk_create(memberships, batch_size=2000)
        EmailAddress.objects.bulk_create(
            (EmailAddress(user=person, email=person.email, verified=True, primary=True) for person in people),
            batch_size=2000,
        )
        self.staff_of: dict[int, list] = defaultdict(list)  # unit id -> users
        self.admins_of: dict[int, list] = defaultdict(list)  # agency index -> users
        for membership in memberships:
            if membership.unit_id:
                self.staff_of[membership.unit_id].append(membership.user)
            else:
                self.admins_of[position_of[membership.agency_id]].append(membership.user)
        for position, parent in enumerate(self.agency_parent):
            if parent is not None:
                self.admins_of[position] = self.admins_of[parent]

        self.organiser = Organiser.objects.create(
            name=NATIONAL, short_name="KemenPAN-RB", kind=Organiser.Kind.NATIONAL, website="https://www.menpan.go.id"
        )
        self.secretariat = secretariat[0]
        evaluators_count = max(1, round(len(jurors) * 0.75)) if len(jurors) > 1 else len(jurors)
        self.evaluators, self.panelists = jurors[:evaluators_count], jurors[evaluators_count:] or jurors[:1]
        OrganiserMembership.objects.bulk_create(
            [OrganiserMembership(user=person, organiser=self.organiser, role="secretariat") for person in secretariat]
            + [
                OrganiserMembership(user=person, organiser=self.organiser, role="evaluator")
                for person in self.evaluators
            ]
            + [OrganiserMembership(user=person, organiser=self.organiser, role="panelist") for person in self.panelists]
        )
        # One evaluator in ten works for an agency that enters proposals: the source of conflicts.
        self.home_of: dict[int, int] = {}
        profiles = []
        for person in jurors:
            home = rng.randrange(len(self.agencies)) if person in self.evaluators and rng.random() < 0.1 else None
            if home is not None:
                self.home_of[person.pk] = home
            profiles.append(
                JurorProfile(
                    user=person,
                    agency=self.agencies[home] if home is not None else None,
                    affiliation=rng.choice(UNIVERSITIES) if home is None else "",
                )
            )
        JurorProfile.objects.bulk_create(profiles)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def conflicted(self, juror_id: int, agency: int) -> bool:
        """The round's default rules: own agency, parent or child, same province for local governments."""
        home = self.home_of.get(juror_id)
        if home is None:
            return False
        if agency == home or self.agency_parent[agency] == home or self.agency_parent[home] == agency:
            return True
        kinds = (self.agencies[home].kind, self.agencies[agency].kind)
        return (
            all(kind in LOCAL_GOVERNMENTS for kind in kinds)
            and self.agency_province[home] is not None
            and self.agency_province[home] == self.agency_province[agency]
        )

    # --- An edition ----------------------------------------------------------------------------------

    def edition(self, year: int):
        from competitions import demo
        from competitions.models import (
            Announcement,
            AttachmentType,
            Category,
            Criterion,
            Edition,
            EditionStatusChange,
            FormSection,
            Group,
            IdentificationQuestion,
            Stage,
        )
        from competitions.timing import end_of_day_wib, start_of_day_wib

        archived = year < LAST_YEAR
        edition = Edition.objects.create(
            organiser=self.organiser,
            name=f"Kompetisi Inovasi Pelayanan Publik (KIPP) {year}",
            short_name=f"KIPP {year}",
            slug=f"kipp-{year}",
            year=year,
            theme=THEMES[year % len(THEMES)],
            description=demo.DESCRIPTION,
            description_en=demo.DESCRIPTION_EN,
            legal_basis="Peraturan Menteri PANRB tentang Pedoman Kompetisi Inovasi Pelayanan Publik",
            helpdesk="sinovik@menpan.go.id",
            status=Edition.Status.ARCHIVED if archived else Edition.Status.PUBLISHED,
        )
        changes = [EditionStatusChange(edition=edition, from_status="draft", to_status="published")]
        if archived:
            changes.append(EditionStatusChange(edition=edition, from_status="published", to_status="archived"))
        EditionStatusChange.objects.bulk_create(changes)
        stages = {}
        for kind, first, last in demo.SCHEDULE_2023:
            stages[kind] = Stage(
                edition=edition,
                kind=kind,
                starts_at=start_of_day_wib(first.replace(year=year)),
                ends_at=end_of_day_wib(last.replace(year=year)),
                final_weight={"desk_evaluation": 70, "presentation": 30}.get(kind, 0),
                passing_grade=Decimal(75) if kind == "desk_evaluation" else None,
            )
        Stage.objects.bulk_create(stages.values())
        groups = {}
        for order, (kind, name, name_en, quota, age, invitation, description) in enumerate(demo.GROUPS):
            groups[kind] = Group(
                edition=edition,
                kind=kind,
                name=name,
                name_en=name_en,
                order=order,
                quota_per_agency=quota,
                minimum_age_years=age,
                by_invitation=invitation,
                description=description,
            )
        Group.objects.bulk_create(groups.values())
        sections = {
            kind: FormSection.objects.bulk_create(
                FormSection(
                    edition=edition,
                    group=groups[kind],
                    order=position,
                    title=title,
                    title_en=title_en,
                    word_limit=limit,
                    guidance=guidance,
                    evidence_max_files=evidence,
                )
                for position, (title, title_en, limit, evidence, guidance) in enumerate(demo.SECTIONS[kind])
            )
            for kind in groups
        }
        category_count = {2021: 10, 2022: 3}.get(year, len(demo.CATEGORIES))
        categories = Category.objects.bulk_create(
            Category(edition=edition, order=order, name=name, name_en=name_en)
            for order, (name, name_en) in enumerate(demo.CATEGORIES[:category_count])
        )
        questions = {}
        for order, (key, label, label_en, kind, required, depends_on) in enumerate(demo.QUESTIONS):
            questions[key] = IdentificationQuestion.objects.create(
                edition=edition,
                order=order,
                key=key,
                label=label,
                label_en=label_en,
                kind=kind,
                required=required,
                shown_if=questions.get(depends_on),
            )
        questions["inovasi_asal"] = IdentificationQuestion.objects.create(
            edition=edition,
            group=groups["replikasi"],
            order=len(demo.QUESTIONS),
            key="inovasi_asal",
            label="Inovasi Top 99 yang direplikasi (judul, instansi, tahun)",
            label_en="The Top 99 innovation replicated (title, agency, year)",
        )
        AttachmentType.objects.bulk_create(
            AttachmentType(
                edition=edition,
                group=groups[only] if only else None,
                order=order,
                name=name,
                name_en=name_en,
                allowed_extensions=extensions,
                max_size_kb=size,
                max_files=files,
                required=required,
            )
            for order, (name, name_en, extensions, size, files, required, only) in enumerate(demo.ATTACHMENTS)
        )
        criteria = {
            stage_kind: Criterion.objects.bulk_create(
                Criterion(
                    edition=edition,
                    stage=stages[stage_kind],
                    order=order,
                    name=name,
                    name_en=name_en,
                    weight=weight if stage_kind == "desk_evaluation" else 20,
                    description=description,
                )
                for order, (name, name_en, weight, description) in enumerate(demo.CRITERIA)
            )
            for stage_kind in ("desk_evaluation", "presentation")
        }
        entry = stages["proposal_entry"]
        Announcement.objects.bulk_create(
            [
                Announcement(
                    edition=edition,
                    number=f"B/{40 + year % 17}/PP.00.05/{year}",
                    title=f"Peluncuran Kompetisi Inovasi Pelayanan Publik Tahun {year}",
                    body=f"Kompetisi Inovasi Pelayanan Publik Tahun {year} dibuka.",
                    published_at=entry.starts_at - timedelta(days=3),
                ),
                Announcement(
                    edition=edition,
                    number=f"B/{150 + year % 23}/PP.00.05/{year}",
                    title=f"Hasil Seleksi Administrasi KIPP {year}",
                    body="Daftar proposal yang lolos seleksi administrasi dan dilanjutkan ke tahap evaluasi.",
                    published_at=stages["administrative_screening"].ends_at + timedelta(seconds=1),
                ),
            ]
        )
        edition.bench = {
            "stages": stages,
            "groups": groups,
            "sections": sections,
            "categories": categories,
            "questions": questions,
            "criteria": criteria,
        }
        return edition

    # --- Proposals -----------------------------------------------------------------------------------

    def new_title(self) -> str:
        rng = self.rng
        while True:
            acronym = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
            title = f"{acronym}: {rng.choice(TITLE_PREFIXES)} {rng.choice(TITLE_SUBJECTS)} {rng.choice(TITLE_PLACES)}"
            if title not in self.titles:
                self.titles.add(title)
                return title

    def proposals(self, edition) -> list[dict]:
        """Enter `scale.proposals` proposals in `edition`; returns one dict per proposal for the jury."""
        from django.db.models import F, Value
        from django.db.models.functions import Coalesce

        from competitions.models import GroupInvitation, Sdg
        from submissions.models import Answer, IdentificationAnswer, Innovation, Proposal, ProposalEvent

        rng, bench, year = self.rng, edition.bench, edition.year
        stages, groups = bench["stages"], bench["groups"]
        total = self.scale.proposals
        entry_opens, entry_closes = stages["proposal_entry"].starts_at, stages["proposal_entry"].ends_at
        review_ends = stages["admin_lokal_review"].ends_at
        screened_at = stages["administrative_screening"].ends_at - timedelta(hours=6)

        # Khusus: earlier winners, invited, at most one per agency.
        khusus, invited = [], set()
        for winner in rng.sample(self.past_winners, len(self.past_winners)):
            if len(khusus) >= round(total * 0.03):
                break
            if winner[1] not in invited:
                invited.add(winner[1])
                khusus.append(winner)
        GroupInvitation.objects.bulk_create(
            GroupInvitation(group=groups["khusus"], agency=self.agencies[agency], note=f"Pemenang {won}")
            for _innovation, agency, _unit, _title, won in khusus
        )
        replikasi_count = round(total * 0.15) if self.past_top99 else 0
        umum_count = total - len(khusus) - replikasi_count

        # Agencies for Umum and Replikasi, within their quota while any agency has room.
        used = defaultdict(int)
        indices = range(len(self.agencies))
        cumulative = list(itertools.accumulate(self.agency_weights))

        def agency_for(kind: str, quota: int) -> int:
            for _attempt in range(30):
                agency = rng.choices(indices, cum_weights=cumulative)[0]
                if used[(agency, kind)] < quota:
                    used[(agency, kind)] += 1
                    return agency
            return agency

        specs = []  # (group kind, agency, unit, existing innovation id or None, title, replicates)
        in_edition = set()
        returning = rng.sample(self.returning, min(len(self.returning), round(umum_count * 0.15)))
        for innovation, agency, unit, title in returning:
            if innovation in in_edition:
                continue
            used[(agency, "umum")] += 1
            in_edition.add(innovation)
            specs.append(("umum", agency, unit, innovation, title, None))
        for innovation, agency, unit, title, _won in khusus:
            if innovation not in in_edition:
                in_edition.add(innovation)
                specs.append(("khusus", agency, unit, innovation, title, None))
        while len(specs) < total - replikasi_count:
            agency = agency_for("umum", 10)
            specs.append(("umum", agency, rng.choice(self.units_of[agency]), None, self.new_title(), None))
        for _ in range(replikasi_count):
            agency = agency_for("replikasi", 5)
            target = rng.choice(self.past_top99)
            for _attempt in range(5):
                if target[1] != agency:
                    break
                target = rng.choice(self.past_top99)
            specs.append(("replikasi", agency, rng.choice(self.units_of[agency]), None, self.new_title(), target))

        closing_day = entry_closes.date()
        new = [spec for spec in specs if spec[3] is None]
        innovations = Innovation.objects.bulk_create(
            (
                Innovation(
                    title=title,
                    agency_id=self.agencies[agency].pk,
                    unit_id=unit.pk,
                    started_on=closing_day - timedelta(days=rng.randint(400, 2400)),
                    innovator_kind=rng.choice(["team", "team", "individual"]),
                    innovators=self.innovators(),
                    lifecycle=rng.choice(["active"] * 8 + ["developing", "stopped"]),
                )
                for _kind, agency, unit, _existing, title, _target in new
            ),
            batch_size=2000,
        )
        innovation_ids = iter(innovation.pk for innovation in innovations)

        statuses = [status for status, _share in STUCK] + ["reached"]
        shares = [share for _status, share in STUCK] + [1 - sum(share for _status, share in STUCK)]
        categories = bench["categories"]
        category_weights = [rng.uniform(0.4, 1.6) for _ in categories]
        entries, proposals = [], []
        for kind, agency, unit, existing, title, target in specs:
            status = "reached" if kind == "khusus" else rng.choices(statuses, shares)[0]
            if status == "reached":
                status = "failed" if rng.random() < FAILED_SHARE else "passed"
            # Most proposals arrive in the last 48 hours before closing.
            submitted_at = forwarded_at = None
            if status != "draft" and status != "withdrawn":
                submitted_at = max(entry_opens, entry_closes - timedelta(hours=rng.expovariate(1 / 30)))
                submitted_at = submitted_at.replace(microsecond=0)
            if status in ("passed", "failed"):
                forwarded_at = min(review_ends, submitted_at + timedelta(hours=rng.uniform(1, 120)))
            innovation_id = existing or next(innovation_ids)
            staff = self.staff_of[unit.pk] or self.admins_of[agency]
            author = (staff[0] if staff else self.secretariat).pk
            entry = {
                "kind": kind,
                "agency": agency,
                "unit": unit,
                "innovation": innovation_id,
                "title": title,
                "status": status,
                "author": author,
                "submitted_at": submitted_at,
                "forwarded_at": forwarded_at,
                "quality": rng.uniform(3.0, 9.2),
                "replicates": target,
            }
            entries.append(entry)
            proposals.append(
                Proposal(
                    innovation_id=innovation_id,
                    edition_id=edition.pk,
                    group_id=groups[kind].pk,
                    category_id=rng.choices(categories, category_weights)[0].pk,
                    title=title,
                    replicates_id=target[0] if target else None,
                    truthfulness_declared_at=submitted_at,
                    status=status,
                    version=rng.randint(1, 30),
                    created_by_id=author,
                    submitted_at=submitted_at,
                    forwarded_at=forwarded_at,
                )
            )
        Proposal.objects.bulk_create(proposals, batch_size=2000)
        for entry, proposal in zip(entries, proposals, strict=True):
            entry["proposal"] = proposal.pk
        # bulk_create stamps "now" on auto_now(_add) fields: give the rows the dates of their edition.
        Innovation.objects.filter(pk__in=[innovation.pk for innovation in innovations]).update(
            created_at=entry_opens + timedelta(days=2)
        )
        Proposal.objects.filter(edition=edition).update(
            created_at=Coalesce(F("submitted_at"), Value(entry_closes)) - timedelta(days=12),
            updated_at=Coalesce(F("forwarded_at"), F("submitted_at"), Value(entry_closes - timedelta(days=2))),
        )

        # Answers in slices, so that only a few thousand texts are held at once.
        sections = bench["sections"]
        for start in range(0, len(entries), 1000):
            answers = []
            for entry in entries[start : start + 1000]:
                written = sections[entry["kind"]]
                if entry["status"] in ("draft", "withdrawn"):
                    written = written[: rng.randint(0, len(written))]
                when = entry["submitted_at"] or entry_opens + (entry_closes - entry_opens) * rng.random()
                for section in written:
                    answers.append(
                        Answer(
                            proposal_id=entry["proposal"],
                            section_id=section.pk,
                            text=self.prose.text(int(section.word_limit * rng.uniform(0.55, 0.97))),
                            version=rng.randint(1, 40),
                            updated_at=when,
                            updated_by_id=entry["author"],
                        )
                    )
            Answer.objects.bulk_create(answers, batch_size=1000)

        questions = bench["questions"]
        identification, links, events = [], [], []
        sdg_ids = list(Sdg.objects.order_by("number").values_list("pk", flat=True))
        through = Proposal.sdgs.through
        for entry in entries:
            pk, title = entry["proposal"], entry["title"]

            def answer(key: str, value: str, pk=pk) -> None:
                identification.append(IdentificationAnswer(proposal_id=pk, question_id=questions[key].pk, value=value))

            application = rng.random() < 0.45
            answer("aplikasi", "yes" if application else "no")
            if application:
                acronym = title.split(":")[0]
                answer("nama_aplikasi", acronym)
                answer("alamat_aplikasi", f"https://{acronym.lower()}.go.id")
                answer("spbe_terintegrasi", rng.choice(["yes", "no"]))
            earlier = entry["kind"] == "khusus"
            answer("pernah_top99", "yes" if earlier else "no")
            if earlier:
                answer("tahun_top99", str(year - rng.randint(1, 3)))
                answer("judul_top99", title)
            video = "".join(
                rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-") for _ in range(11)
            )
            answer("video_youtube", f"https://www.youtube.com/watch?v={video}")
            if entry["replicates"]:
                _innovation, agency, original, won = entry["replicates"]
                answer("inovasi_asal", f"{original}, {self.agencies[agency].name}, {won}")
            if sdg_ids:
                for sdg in rng.sample(sdg_ids, rng.randint(1, 3)):
                    links.append(through(proposal_id=pk, sdg_id=sdg))
            events.extend(self.history(entry, screened_at))
        IdentificationAnswer.objects.bulk_create(identification, batch_size=5000)
        through.objects.bulk_create(links, batch_size=5000)
        ProposalEvent.objects.bulk_create(events, batch_size=5000)

        # Proposals come back: Umum entries that were not winners may enter a later edition again.
        self.returning.extend(
            (entry["innovation"], entry["agency"], entry["unit"], entry["title"])
            for entry in entries
            if entry["kind"] == "umum" and entry["status"] in ("failed", "passed") and rng.random() < 0.08
        )
        return entries

    def innovators(self) -> str:
        rng = self.rng
        lines = []
        for role in ["Ketua Tim", "Anggota", "Anggota"][: rng.randint(1, 3)]:
            name = self.person()
            mail = name.lower().replace(" ", ".")
            lines.append(f"{name}, {role}, 08{rng.randint(1_000_000_000, 9_999_999_999)}, {mail}@{DOMAIN}")
        return "\n".join(lines)

    def history(self, entry: dict, screened_at: datetime) -> list:
        from submissions.models import ProposalEvent

        rng, status, pk = self.rng, entry["status"], entry["proposal"]
        author = entry["author"]
        admins = self.admins_of[entry["agency"]]
        admin = admins[0].pk if admins else author
        submitted = entry["submitted_at"]
        started = (submitted or screened_at) - timedelta(days=rng.randint(3, 40))
        events = [ProposalEvent(proposal_id=pk, from_status="", to_status="draft", actor_id=author, at=started)]
        if status == "withdrawn":
            events.append(
                ProposalEvent(proposal_id=pk, from_status="draft", to_status="withdrawn", actor_id=author, at=started)
            )
        if submitted is None:
            return events
        events.append(
            ProposalEvent(proposal_id=pk, from_status="draft", to_status="submitted", actor_id=author, at=submitted)
        )
        if status == "returned":
            events.append(
                ProposalEvent(
                    proposal_id=pk,
                    from_status="submitted",
                    to_status="returned",
                    actor_id=admin,
                    comment="Lengkapi data dampak sebelum dan sesudah inovasi.",
                    at=submitted + timedelta(hours=5),
                )
            )
        if entry["forwarded_at"]:
            events.append(
                ProposalEvent(
                    proposal_id=pk,
                    from_status="submitted",
                    to_status="forwarded",
                    actor_id=admin,
                    at=entry["forwarded_at"],
                )
            )
            events.append(
                ProposalEvent(
                    proposal_id=pk,
                    from_status="forwarded",
                    to_status=status,
                    actor_id=self.secretariat.pk,
                    at=screened_at,
                )
            )
        return events

    # --- Jury ----------------------------------------------------------------------------------------

    def jury(self, edition, entries: list[dict]) -> dict:
        """Desk evaluation by Tim Evaluasi, nominations, the TPI plenary and the interviews."""
        from jury.models import Assignment, ConflictDeclaration, Nomination, Panel, PanelMember, Round

        rng, bench, year = self.rng, edition.bench, edition.year
        stages = bench["stages"]
        desk_stage = stages["desk_evaluation"]
        desk_panel = Panel.objects.create(edition=edition, stage=desk_stage, name=f"Tim Evaluasi KIPP {year}")
        PanelMember.objects.bulk_create(PanelMember(panel=desk_panel, user=person) for person in self.evaluators)
        desk = Round.objects.create(
            panel=desk_panel,
            name="Penilaian Desk",
            opens_at=desk_stage.starts_at,
            closes_at=desk_stage.ends_at,
            reviewers_per_proposal=3,
        )
        passed = [entry for entry in entries if entry["status"] == "passed"]
        jurors = list(self.evaluators)
        rng.shuffle(jurors)
        assigned, cursor, skipped = [], 0, set()
        for entry in passed:
            chosen = []
            for _step in range(len(jurors) * 2):
                if len(chosen) == min(3, len(jurors)):
                    break
                juror = jurors[cursor % len(jurors)]
                cursor += 1
                if juror in chosen:
                    continue
                if self.conflicted(juror.pk, entry["agency"]):
                    skipped.add((juror.pk, entry["agency"]))
                    continue
                chosen.append(juror)
            assigned.extend((entry, juror) for juror in chosen)
        ConflictDeclaration.objects.bulk_create(
            ConflictDeclaration(
                edition=edition,
                round=desk,
                juror_id=juror,
                agency=self.agencies[agency],
                reason="Terdeteksi dari instansi asal juri",
                source=ConflictDeclaration.Source.DETECTED,
                created_at=desk.opens_at,
            )
            for juror, agency in sorted(skipped)
        )
        Assignment.objects.bulk_create(
            (
                Assignment(
                    round_id=desk.pk,
                    juror_id=juror.pk,
                    proposal_id=entry["proposal"],
                    created_by_id=self.secretariat.pk,
                    created_at=desk.opens_at,
                )
                for entry, juror in assigned
            ),
            batch_size=5000,
        )
        desk_means = self.reviews(desk, assigned, bench["criteria"]["desk_evaluation"])

        ranked = sorted(
            (entry for entry in passed if entry["proposal"] in desk_means), key=lambda e: -desk_means[e["proposal"]]
        )
        size = min(99, len(ranked))
        nominated = ranked[: min(len(ranked), max(2 * size, len(ranked) // 15))]
        confirmed_at = desk_stage.ends_at + timedelta(days=1)
        Nomination.objects.bulk_create(
            Nomination(
                round=desk,
                proposal_id=entry["proposal"],
                status=Nomination.Status.CONFIRMED,
                nominated_by=self.secretariat,
                nominated_at=desk_stage.ends_at,
                confirmed_by=self.secretariat,
                confirmed_at=confirmed_at,
            )
            for entry in nominated
        )
        # The TPI plenary picks the finalists from the nominees; Khusus entries have a list of their own.
        top99 = [entry for entry in nominated if entry["kind"] != "khusus"][:size]
        khusus = [entry for entry in ranked if entry["kind"] == "khusus"][:15]
        review_stage = stages["panel_review"]
        plenary_panel = Panel.objects.create(
            edition=edition, stage=review_stage, name=f"Tim Panel Independen KIPP {year}"
        )
        PanelMember.objects.bulk_create(PanelMember(panel=plenary_panel, user=person) for person in self.panelists)
        plenary = Round.objects.create(
            panel=plenary_panel,
            name="Sidang Pleno TPI",
            opens_at=review_stage.starts_at,
            closes_at=review_stage.ends_at,
            source_round=desk,
        )
        finalists = top99 + khusus  # the plenary's lists never overlap: Khusus entries are apart
        Nomination.objects.bulk_create(
            Nomination(
                round=plenary,
                proposal_id=entry["proposal"],
                status=Nomination.Status.CONFIRMED,
                nominated_by=self.secretariat,
                nominated_at=review_stage.ends_at,
                confirmed_by=self.secretariat,
                confirmed_at=review_stage.ends_at,
            )
            for entry in finalists
        )
        interview_stage = stages["presentation"]
        interview_panel = Panel.objects.create(
            edition=edition, stage=interview_stage, name=f"Panel Wawancara KIPP {year}"
        )
        PanelMember.objects.bulk_create(PanelMember(panel=interview_panel, user=person) for person in self.panelists)
        interview = Round.objects.create(
            panel=interview_panel,
            name="Presentasi dan Wawancara",
            opens_at=interview_stage.starts_at,
            closes_at=interview_stage.ends_at,
            source_round=plenary,
            is_blind=False,
        )
        panel = list(self.panelists)
        pairs = [
            (entry, panel[(index + slot) % len(panel)])
            for index, entry in enumerate(finalists)
            for slot in range(min(3, len(panel)))
        ]
        Assignment.objects.bulk_create(
            Assignment(
                round=interview,
                juror=juror,
                proposal_id=entry["proposal"],
                created_by=self.secretariat,
                created_at=interview.opens_at,
            )
            for entry, juror in pairs
        )
        interview_means = self.reviews(interview, pairs, bench["criteria"]["presentation"])
        return {
            "desk": desk,
            "interview": interview,
            "desk_means": desk_means,
            "interview_means": interview_means,
            "top99": top99,
            "khusus": khusus,
        }

    def reviews(self, round, pairs: list[tuple], criteria: list) -> dict[int, float]:
        """Submitted reviews with a score per criterion; returns each proposal's mean total."""
        from jury.models import Review, Score

        rng = self.rng
        leniency = defaultdict(lambda: rng.uniform(-1.0, 1.0))
        span = (round.closes_at - round.opens_at).total_seconds()
        reviews, values, totals = [], [], defaultdict(list)
        weights = [criterion.weight for criterion in criteria]
        for entry, juror in pairs:
            base = entry["quality"] + leniency[juror.pk]
            scores = [min(10, max(1, round_half(base + rng.gauss(0, 0.9)))) for _ in criteria]
            total = Decimal(sum(value * weight for value, weight in zip(scores, weights, strict=True))) / 10
            total = total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            at = (round.opens_at + timedelta(seconds=rng.uniform(0.2, 0.98) * span)).replace(microsecond=0)
            reviews.append(
                Review(
                    round_id=round.pk,
                    juror_id=juror.pk,
                    proposal_id=entry["proposal"],
                    status=Review.Status.SUBMITTED,
                    overall_comment=rng.choice(COMMENTS),
                    total=total,
                    submitted_at=at,
                    updated_at=at,
                )
            )
            values.append(scores)
            totals[entry["proposal"]].append(float(total))
        Review.objects.bulk_create(reviews, batch_size=5000)
        Score.objects.bulk_create(
            (
                Score(review_id=review.pk, criterion_id=criterion.pk, value=value)
                for review, scores in zip(reviews, values, strict=True)
                for criterion, value in zip(criteria, scores, strict=True)
            ),
            batch_size=10_000,
        )
        return {proposal: sum(values) / len(values) for proposal, values in totals.items()}

    # --- Decisions -----------------------------------------------------------------------------------

    def decisions(self, edition, entries: list[dict], finalists: dict) -> None:
        from competitions.models import Announcement
        from judging.models import Decision, DecisionBatch, ShortlistDraft
        from submissions.models import Award

        year, stages = edition.year, edition.bench["stages"]
        desk_means, interview_means = finalists["desk_means"], finalists["interview_means"]

        def final(entry: dict) -> float:
            pk = entry["proposal"]
            return 0.7 * desk_means.get(pk, 0) + 0.3 * interview_means.get(pk, 0)

        top99 = finalists["top99"]
        top45 = sorted(top99, key=final, reverse=True)[: min(45, len(top99))]
        outstanding = top45[:5]
        lists = [
            ("top99", top99, finalists["desk"], desk_means, stages["panel_review"].ends_at, 245),
            (
                "khusus_finalist",
                finalists["khusus"],
                finalists["desk"],
                desk_means,
                stages["panel_review"].ends_at,
                246,
            ),
            ("top45", top45, finalists["interview"], None, stages["final_decision"].ends_at, 310),
            ("outstanding", outstanding, finalists["interview"], None, stages["final_decision"].ends_at, 311),
        ]
        decisions, awards = [], []
        for tier, chosen, source, means, decided_at, number in lists:
            if not chosen:
                continue
            scores = (
                {str(pk): mean for pk, mean in means.items()}
                if means is not None
                else {str(entry["proposal"]): final(entry) for entry in top99}
            )
            draft = ShortlistDraft.objects.create(
                edition=edition,
                round=source,
                size=len(chosen),
                selected=[entry["proposal"] for entry in chosen],
                scores=scores,
                total=sum(scores.get(str(entry["proposal"]), 0) for entry in chosen),
                created_by=self.secretariat,
            )
            label = Award.Tier(tier).label
            announcement = Announcement.objects.create(
                edition=edition,
                number=f"B/{number}/PP.00.05/{year}",
                title=f"{label} Kompetisi Inovasi Pelayanan Publik Tahun {year}",
                body=f"Penetapan {label} Kompetisi Inovasi Pelayanan Publik Tahun {year}.",
                published_at=decided_at,
            )
            batch = DecisionBatch.objects.create(
                edition=edition,
                draft=draft,
                tier=tier,
                number=announcement.number,
                letter_date=decided_at.date(),
                announcement=announcement,
                applied_by=self.secretariat,
            )
            for entry in chosen:
                decisions.append(Decision(batch=batch, proposal_id=entry["proposal"], tier=tier))
                awards.append(Award(innovation_id=entry["innovation"], year=year, tier=tier, edition=edition))
        Decision.objects.bulk_create(decisions)
        Award.objects.bulk_create(awards)
        self.past_top99.extend((e["innovation"], e["agency"], e["title"], year) for e in top99)
        self.past_winners.extend((e["innovation"], e["agency"], e["unit"], e["title"], year) for e in top45)
        winners = {entry["innovation"] for entry in top45}
        self.returning = [item for item in self.returning if item[0] not in winners]

    # --- Showcase ------------------------------------------------------------------------------------

    def showcase(self) -> None:
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        from django.utils import timezone
        from django.utils.text import slugify

        from showcase import caching
        from showcase.models import ProfileEvent, PublicProfile, ShowcasePhoto, ShowcaseRelease, photo_path
        from showcase.services import SUMMARY_SECTION, refresh_profile
        from submissions.models import Answer, Award, IdentificationAnswer, Proposal

        rng, now = self.rng, timezone.now()
        ShowcaseRelease.objects.bulk_create(
            ShowcaseRelease(
                edition=edition,
                published_at=edition.bench["stages"]["publication"].starts_at,
                published_by=self.secretariat,
            )
            for edition in self.editions
        )
        # The proposal of the latest edition in which each awarded innovation won.
        latest = {}
        for innovation, edition_id in Award.objects.order_by("year").values_list("innovation", "edition"):
            latest[innovation] = edition_id
        proposals = {
            proposal.innovation_id: proposal
            for proposal in Proposal.objects.filter(innovation__in=list(latest)).select_related(
                "innovation__unit", "innovation__agency"
            )
            if latest[proposal.innovation_id] == proposal.edition_id
        }
        # The summary as showcase.services drafts it: the "Ringkasan" answer, else the first section's.
        answers = defaultdict(list)
        for proposal, title, order, text in Answer.objects.filter(
            proposal__in=[proposal.pk for proposal in proposals.values()]
        ).values_list("proposal", "section__title", "section__order", "text"):
            answers[proposal].append((title.strip().lower() != SUMMARY_SECTION, order, text))
        summaries = {proposal: min(texts)[2].strip() for proposal, texts in answers.items()}
        videos = dict(
            IdentificationAnswer.objects.filter(
                proposal__in=[proposal.pk for proposal in proposals.values()], question__kind="youtube"
            ).values_list("proposal", "value")
        )
        profiles = []
        for proposal in proposals.values():
            unit, agency = proposal.innovation.unit, proposal.innovation.agency
            published_at = now - timedelta(days=rng.randint(1, 60))
            profiles.append(
                PublicProfile(
                    innovation_id=proposal.innovation_id,
                    slug=slugify(proposal.title)[:80],
                    title=proposal.title,
                    summary=summaries.get(proposal.pk, ""),
                    contact_name=unit.head_name or unit.name,
                    contact_email=unit.email or agency.email,
                    contact_phone=unit.phone or agency.phone,
                    video_url=videos.get(proposal.pk, "")[:200],
                    status=PublicProfile.Status.PUBLISHED,
                    approved_by=self.secretariat,
                    approved_at=published_at - timedelta(days=2),
                    published_at=published_at,
                )
            )
        PublicProfile.objects.bulk_create(profiles, batch_size=1000)
        ProfileEvent.objects.bulk_create(
            ProfileEvent(profile=profile, from_status=before, to_status=after, actor=self.secretariat)
            for profile in profiles
            for before, after in [("", "draft"), ("draft", "approved"), ("approved", "published")]
        )
        images = [photo_pair(seed) for seed in range(24)]
        photos = []
        for profile in profiles:
            for order in range(self.scale.photos_per_profile):
                image, thumbnail = images[rng.randrange(len(images))]
                photos.append(
                    ShowcasePhoto(
                        profile=profile,
                        image=default_storage.save(photo_path(None, "photo.jpg"), ContentFile(image)),
                        thumbnail=default_storage.save(photo_path(None, "thumbnail.jpg"), ContentFile(thumbnail)),
                        width=640,
                        height=480,
                        thumbnail_width=480,
                        thumbnail_height=360,
                        caption="Foto sesudah inovasi" if order else "Foto sampul",
                        order=order,
                    )
                )
        ShowcasePhoto.objects.bulk_create(photos, batch_size=2000)
        covers = {}
        for photo in photos:
            covers.setdefault(photo.profile_id, photo)
        for profile in profiles:
            profile.cover = covers.get(profile.pk)
        PublicProfile.objects.bulk_update(profiles, ["cover"], batch_size=1000)
        # The showcase's own code fills what the list filters and searches on (search vector included).
        for profile in profiles:
            refresh_profile(profile=profile)
        caching.invalidate()
        average = sum(len(image) + len(thumbnail) for image, thumbnail in images) / len(images) / 1024
        self.log(f"  showcase: {len(profiles)} profiles, {len(photos)} photos ({average:.0f} KB with thumbnail)")


def round_half(value: float) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def photo_pair(seed: int) -> tuple[bytes, bytes]:
    """A 640x480 JPEG (a few KB: sky, hills, a building) and its 480x360 thumbnail."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), (rng.randint(90, 160), rng.randint(150, 210), rng.randint(200, 250)))
    draw = ImageDraw.Draw(image)
    ground = (rng.randint(40, 110), rng.randint(110, 170), rng.randint(40, 90))
    draw.polygon(
        [(0, 330), (200, rng.randint(220, 300)), (420, 320), (640, rng.randint(240, 310)), (640, 480), (0, 480)],
        fill=ground,
    )
    left = rng.randint(60, 380)
    draw.rectangle([left, 250, left + rng.randint(120, 200), 400], fill=(rng.randint(180, 240), 220, 200))
    draw.polygon([(left - 20, 250), (left + 90, 180), (left + 220, 250)], fill=(160, 50, 40))
    draw.ellipse([500, 40, 570, 110], fill=(250, 220, 120))
    thumbnail = image.resize((480, 360))
    return _jpeg(image), _jpeg(thumbnail)


def _jpeg(image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=70, optimize=True)
    return buffer.getvalue()


def seed(scale: Scale, *, log: Callable[[str], None] = print) -> dict[str, float]:
    """Seed the database Django is connected to (empty but migrated) at `scale`; returns the seconds
    of each phase. Photos go to default_storage (MEDIA_ROOT)."""
    return Seeder(scale, log).run()


def row_counts() -> list[tuple[str, int]]:
    from django.apps import apps

    counts = []
    for model in apps.get_models(include_auto_created=True):
        number = model._default_manager.count()
        if number:
            counts.append((model._meta.db_table, number))
    return sorted(counts)


# --- Command line ------------------------------------------------------------------------------------


def recreate_database(name: str) -> None:
    import psycopg2

    if not DATABASE_NAME.match(name):
        raise SystemExit(f"refusing to drop {name!r}: the benchmark database's name must begin with sinovik_bench")
    connection = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=int, default=10)
    parser.add_argument("--proposals", type=int, default=5000, help="per edition")
    parser.add_argument("--agencies", type=int, default=600)
    parser.add_argument("--jurors", type=int, default=60)
    parser.add_argument("--database", default="sinovik_bench")
    parser.add_argument("--media", type=Path, default=DEFAULT_MEDIA, help="MEDIA_ROOT for the photos")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not 1 <= args.editions <= LAST_YEAR - 2000:
        parser.error("--editions must be between 1 and 26")

    begun = time.perf_counter()
    recreate_database(args.database)
    shutil.rmtree(args.media / "showcase", ignore_errors=True)
    args.media.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    os.environ["MEDIA_ROOT"] = str(args.media)
    os.environ.pop("REDIS_URL", None)  # Celery eager and a local cache; nothing is queued anyway
    os.environ["DJANGO_SETTINGS_MODULE"] = "sinovik.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    timings = {"drop, create and migrate": time.perf_counter() - begun}
    with connection.cursor() as cursor:
        # Durability of a throwaway database is worth nothing; the commit wait is.
        cursor.execute("SET synchronous_commit TO off")
    print(
        f"seeding {args.database}: {args.editions} editions x {args.proposals} proposals, "
        f"{args.agencies} agencies, {args.jurors} jurors; photos under {args.media}",
        flush=True,
    )
    scale = Scale(
        editions=args.editions, proposals=args.proposals, agencies=args.agencies, jurors=args.jurors, seed=args.seed
    )
    timings.update(seed(scale, log=lambda message: print(message, flush=True)))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # statistics and visibility map, as autovacuum would by now
    timings["vacuum analyze"] = time.perf_counter() - started

    print("\nphases (seconds):")
    for name, seconds in timings.items():
        print(f"  {name:<40} {seconds:8.1f}")
    print("\nrows per table:")
    for table, number in row_counts():
        print(f"  {table:<45} {number:>10,}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    files = sum(1 for path in (args.media / "showcase").rglob("*.jpg"))
    print(f"\ndatabase size: {size}; photo files: {files} under {args.media}")
    print(f"cores: {os.cpu_count()}")
    print(f"total: {time.perf_counter() - begun:.1f} s")
    print(f"\nuse it: DATABASE_URL={os.environ['DATABASE_URL']} MEDIA_ROOT={args.media}")


if __name__ == "__main__":
    main()
