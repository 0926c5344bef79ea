"""Demo showcase (idempotent; runs after the agencies, competitions, submissions and judging demos).

- KIPP 2021 and KIPP 2022, archived, with the little structure their history needs (groups with a
  Ringkasan section, categories), their Top 99 innovations across the provinces (eastern and 3T
  regions among them), awards, a Replikasi, and the proposals that did not make it, for the funnel.
- More 2023 finalists beside the ones the submissions demo wrote.
- Public profiles for all of them through the services: drafted from the proposals, given English
  text for some and generated photos, approved and published. One 2022 profile stays a draft, to
  show that unapproved text never reaches the public.
"""

import io
import random
from datetime import date, timedelta

from PIL import Image, ImageDraw

from accounts.models import User
from agencies.models import Agency, Unit
from competitions.models import Category, Edition, FormSection, Group, Organiser, Sdg
from competitions.timing import end_of_day_wib
from showcase import services
from showcase.models import PublicProfile
from submissions.models import Answer, Award, Innovation, Proposal

T = Award.Tier
L = Innovation.Lifecycle

CATEGORIES = {
    2021: [
        ("Tata Kelola Pemerintahan yang Baik", "Good Governance"),
        ("Pelayanan Kesehatan", "Health Services"),
        ("Pendidikan dan Kebudayaan", "Education and Culture"),
        ("Pemberdayaan Masyarakat dan UMKM", "Community and SME Empowerment"),
        ("Lingkungan Hidup", "Environment"),
        ("Perlindungan Sosial", "Social Protection"),
        ("Administrasi Kependudukan", "Civil Registration"),
        ("Infrastruktur dan Perhubungan", "Infrastructure and Transport"),
        ("Ketahanan Pangan", "Food Security"),
        ("Pariwisata", "Tourism"),
    ],
    2022: [
        ("Transformasi Digital Pelayanan Publik", "Digital Transformation of Public Services"),
        ("Pelayanan Publik yang Inklusif", "Inclusive Public Services"),
        ("Pemulihan Ekonomi dan Ketahanan Masyarakat", "Economic Recovery and Community Resilience"),
    ],
}

# (year, agency, unit, title, English title, tier, category (Indonesian), SDGs, problem, solution,
#  English summary, lifecycle)
INNOVATIONS = [
    (
        2021,
        "Pemerintah Kabupaten Sumba Barat Daya",
        "Dinas Kesehatan",
        "Sahabat Ibu Hamil: Pendampingan Persalinan di Desa Terpencil",
        "Friends of Expectant Mothers: Birth Support in Remote Villages",
        T.OUTSTANDING,
        "Pelayanan Kesehatan",
        (3, 5),
        "Banyak ibu hamil di desa terpencil melahirkan di rumah tanpa tenaga kesehatan karena jarak ke puskesmas "
        "bisa mencapai empat jam perjalanan.",
        "Kader desa mendata setiap kehamilan, bidan mengunjungi ibu secara terjadwal, dan rumah tunggu kelahiran "
        "disiapkan di dekat puskesmas menjelang persalinan.",
        "In remote villages many mothers gave birth at home, hours away from the nearest health centre. Village "
        "cadres now register every pregnancy, midwives visit on a schedule and a waiting house near the health "
        "centre takes mothers in before their due date. Births attended by health workers rose from 61 to 94 percent "
        "in three years.",
        L.ACTIVE,
    ),
    (
        2021,
        "Pemerintah Kabupaten Jayawijaya",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Honai Adminduk: Pelayanan Dokumen Kependudukan Jemput Bola di Lembah Baliem",
        "Honai Adminduk: Civil Registration Brought to the Baliem Valley",
        T.TOP_45,
        "Administrasi Kependudukan",
        (16, 10),
        "Warga di distrik pegunungan harus berjalan kaki berhari-hari ke Wamena hanya untuk mengurus akta kelahiran "
        "dan kartu keluarga.",
        "Petugas membawa perangkat perekaman ke honai adat di setiap distrik, bekerja sama dengan gereja dan kepala "
        "suku, sehingga dokumen selesai di tempat.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "Pemerintah Kota Surabaya",
        "Dinas Komunikasi dan Informatika",
        "Sapa Warga Surabaya",
        "Surabaya Citizen Hotline",
        T.TOP_99,
        "Tata Kelola Pemerintahan yang Baik",
        (16,),
        "Pengaduan warga tersebar di banyak saluran dan sering tidak terjawab karena tidak jelas perangkat daerah "
        "mana yang bertanggung jawab.",
        "Semua pengaduan masuk ke satu kanal, diteruskan otomatis ke perangkat daerah terkait dan dipantau hingga "
        "selesai dengan batas waktu tiga hari.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "Pemerintah Kabupaten Banyuwangi",
        "Mal Pelayanan Publik",
        "Lapak Desa: Layanan Perizinan Keliling Desa",
        "",
        T.TOP_45,
        "Tata Kelola Pemerintahan yang Baik",
        (8, 16),
        "Pelaku usaha mikro di desa jarang mengurus izin usaha karena harus datang ke kota kabupaten dan "
        "kehilangan satu hari kerja.",
        "Mobil layanan perizinan berkeliling desa sesuai jadwal pasar, dan izin usaha mikro terbit di tempat dalam "
        "waktu kurang dari satu jam.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "Pemerintah Kota Makassar",
        "Puskesmas Kota",
        "Sombere' Lansia: Layanan Kesehatan Lansia di Rumah",
        "",
        T.TOP_99,
        "Pelayanan Kesehatan",
        (3, 10),
        "Lansia yang tinggal sendiri sulit datang ke puskesmas sehingga penyakit kronis mereka terlambat ditangani.",
        "Tim puskesmas mengunjungi lansia di rumah, memeriksa kesehatan secara rutin dan mengirim obat melalui kader "
        "kelurahan.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "Pemerintah Provinsi Nusa Tenggara Timur",
        "Rumah Sakit Umum Daerah",
        "Telemedisin Pulau Terluar",
        "Telemedicine for the Outer Islands",
        T.TOP_99,
        "Pelayanan Kesehatan",
        (3, 9),
        "Puskesmas di pulau-pulau kecil tidak memiliki dokter spesialis, sementara rujukan ke rumah sakit provinsi "
        "bergantung pada cuaca dan jadwal kapal.",
        "Dokter spesialis rumah sakit provinsi memberikan konsultasi jarak jauh melalui video dan pesan, sehingga "
        "hanya pasien yang benar-benar perlu dirujuk yang diberangkatkan.",
        "Health centres on small islands have no specialists, and referrals depend on the weather and the ferry. "
        "Specialists at the provincial hospital now consult by video and messaging, so only the patients who truly "
        "need it make the crossing.",
        L.ACTIVE,
    ),
    (
        2021,
        "Kementerian Kesehatan",
        "Pusat Data dan Informasi",
        "SehatPedia: Rekam Medis Terpadu untuk Puskesmas",
        "",
        T.TOP_99,
        "Pelayanan Kesehatan",
        (3, 9),
        "Riwayat pasien tercatat di kertas dan tidak berpindah ketika pasien berobat ke puskesmas lain.",
        "Rekam medis elektronik yang terhubung antarpuskesmas memungkinkan petugas melihat riwayat pengobatan "
        "pasien di mana pun pasien datang.",
        "",
        L.DEVELOPING,
    ),
    (
        2021,
        "Pemerintah Kabupaten Kulon Progo",
        "Dinas Kesehatan",
        "Gerakan Bela Beli Pangan Lokal untuk Gizi Anak",
        "",
        T.TOP_99,
        "Ketahanan Pangan",
        (2, 3),
        "Angka balita kurang gizi tinggi padahal desa menghasilkan sayur, telur dan ikan yang cukup.",
        "Makanan tambahan balita di posyandu dibeli dari petani dan peternak desa, dan ibu-ibu dilatih memasak menu "
        "bergizi dari bahan lokal.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "PT PLN (Persero)",
        "Divisi Layanan Pelanggan",
        "Listrik Desa Terang Sepanjang Malam",
        "",
        T.TOP_99,
        "Infrastruktur dan Perhubungan",
        (7,),
        "Desa-desa di ujung jaringan hanya mendapat listrik enam jam sehari dari pembangkit diesel.",
        "Pembangkit tenaga surya komunal dengan baterai dikelola bersama koperasi desa sehingga listrik menyala "
        "sepanjang malam.",
        "",
        L.STOPPED,
    ),
    (
        2021,
        "Pemerintah Kota Balikpapan",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Bank Sampah Digital Warga",
        "",
        T.TOP_99,
        "Lingkungan Hidup",
        (11, 12),
        "Sampah rumah tangga menumpuk di tempat pembuangan sementara dan sedikit yang dipilah.",
        "Warga menyetor sampah terpilah ke bank sampah kelurahan dan saldonya dapat dipakai untuk membayar iuran "
        "air dan dokumen kependudukan.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "Pemerintah Kabupaten Badung",
        "Mal Pelayanan Publik",
        "Desa Wisata Ramah Disabilitas",
        "Disability-Friendly Tourist Villages",
        T.TOP_99,
        "Pariwisata",
        (8, 10),
        "Wisatawan dan warga penyandang disabilitas tidak dapat menikmati desa wisata karena jalur dan fasilitasnya "
        "tidak ramah.",
        "Desa wisata membangun jalur landai, toilet aksesibel dan melatih pemandu berbahasa isyarat bersama "
        "komunitas disabilitas.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "Badan Pusat Statistik",
        "Direktorat Layanan",
        "Pojok Statistik Kampus",
        "",
        T.TOP_99,
        "Pendidikan dan Kebudayaan",
        (4, 17),
        "Mahasiswa dan peneliti daerah kesulitan mendapatkan data statistik resmi dan memahami cara memakainya.",
        "Pojok layanan statistik dibuka di perguruan tinggi dengan konsultasi data, pelatihan dan akses data "
        "mikro yang aman.",
        "",
        L.DEVELOPING,
    ),
    (
        2021,
        "Pemerintah Kabupaten Nias",
        "Puskesmas Kecamatan",
        "Ambulans Laut Nias",
        "Nias Sea Ambulance",
        T.TOP_45,
        "Pelayanan Kesehatan",
        (3,),
        "Pasien gawat darurat dari pulau-pulau kecil di sekitar Nias sering terlambat tiba di rumah sakit.",
        "Kapal cepat berperlengkapan medis siaga 24 jam dan dapat dipanggil melalui satu nomor darurat.",
        "",
        L.ACTIVE,
    ),
    (
        2021,
        "Pemerintah Kota Padang",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Siaga Tsunami Berbasis Warga",
        "",
        T.TOP_99,
        "Lingkungan Hidup",
        (11, 13),
        "Warga pesisir tidak tahu jalur evakuasi dan waktu yang tersedia jika gempa besar terjadi.",
        "Setiap rukun warga memiliki relawan siaga, peta evakuasi dan latihan rutin yang tercatat di aplikasi "
        "kelurahan.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Kabupaten Lombok Utara",
        "Dinas Kesehatan",
        "Posyandu Keluarga Tangguh Pascagempa",
        "Resilient Family Health Posts after the Earthquake",
        T.OUTSTANDING,
        "Pelayanan Publik yang Inklusif",
        (3, 11),
        "Setelah gempa, banyak posyandu rusak dan keluarga di pengungsian kehilangan layanan kesehatan dasar.",
        "Posyandu didirikan kembali di hunian sementara dengan layanan ibu, anak, lansia dan dukungan psikososial "
        "dalam satu hari kunjungan.",
        "After the earthquake many village health posts were destroyed. They were rebuilt in the temporary "
        "settlements with care for mothers, children and the elderly plus psychosocial support in a single visit.",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Kota Denpasar",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Adminduk Satu Jam",
        "One-Hour Civil Registration",
        T.TOP_45,
        "Transformasi Digital Pelayanan Publik",
        (16,),
        "Perubahan data kependudukan memerlukan tiga kali kedatangan dan waktu tunggu hingga dua minggu.",
        "Permohonan diajukan daring, diverifikasi petugas pada hari yang sama, dan dokumen dicetak mandiri di "
        "anjungan kelurahan.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Kabupaten Bantaeng",
        "Puskesmas Kecamatan",
        "Brigade Siaga Bencana Kesehatan",
        "",
        T.TOP_45,
        "Pemulihan Ekonomi dan Ketahanan Masyarakat",
        (3, 11),
        "Banjir musiman memutus akses warga ke puskesmas dan obat-obatan.",
        "Brigade kesehatan desa dengan stok obat, perahu karet dan jalur komunikasi radio siap bergerak dalam "
        "satu jam.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Provinsi Papua",
        "Dinas Kesehatan",
        "Mama Papua Sehat",
        "",
        T.TOP_99,
        "Pelayanan Publik yang Inklusif",
        (3, 5),
        "Angka kematian ibu di kampung-kampung pedalaman tetap tinggi karena pemeriksaan kehamilan jarang dilakukan.",
        "Mama-mama kader kampung dilatih mengenali tanda bahaya kehamilan dan terhubung langsung dengan bidan "
        "melalui radio dan telepon satelit.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Kota Kupang",
        "Dinas Komunikasi dan Informatika",
        "Kupang Satu Data",
        "",
        T.TOP_99,
        "Transformasi Digital Pelayanan Publik",
        (16, 17),
        "Data antarperangkat daerah berbeda-beda sehingga perencanaan dan bantuan sosial sering salah sasaran.",
        "Portal satu data kota menyatukan data sektoral dengan standar dan wali data yang jelas.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Kabupaten Kutai Kartanegara",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Sungai Mahakam Melayani: Kapal Layanan Publik",
        "",
        T.TOP_99,
        "Pelayanan Publik yang Inklusif",
        (10, 16),
        "Desa-desa di tepi Sungai Mahakam hanya dapat dicapai dengan perahu dan jarang tersentuh layanan pemerintah.",
        "Kapal layanan terpadu menyusuri sungai setiap bulan membawa layanan kependudukan, kesehatan dan "
        "perizinan sekaligus.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "PT Kereta Api Indonesia (Persero)",
        "Unit Transformasi Digital",
        "Tiket Mudah untuk Penyandang Disabilitas",
        "Easy Tickets for Passengers with Disabilities",
        T.TOP_99,
        "Pelayanan Publik yang Inklusif",
        (10,),
        "Penumpang penyandang disabilitas kesulitan memesan tiket dan bantuan naik kereta.",
        "Pemesanan tiket menyediakan pilihan pendampingan dan kursi roda, dan petugas stasiun menerima notifikasi "
        "sebelum penumpang tiba.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Kabupaten Bojonegoro",
        "Mal Pelayanan Publik",
        "Petani Pintar: Kartu Tani Digital",
        "",
        T.TOP_99,
        "Pemulihan Ekonomi dan Ketahanan Masyarakat",
        (2, 8),
        "Penyaluran pupuk bersubsidi sering tidak tepat sasaran dan petani tidak tahu kuota mereka.",
        "Kartu tani digital mencatat lahan, kuota dan penebusan pupuk sehingga petani dan kios dapat memeriksanya "
        "kapan saja.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Provinsi Jawa Timur",
        "Badan Pendapatan Daerah",
        "Samsat Budiman: Bayar Pajak Kendaraan di Minimarket",
        "",
        T.TOP_45,
        "Transformasi Digital Pelayanan Publik",
        (16, 17),
        "Wajib pajak harus antre di kantor Samsat pada jam kerja untuk membayar pajak kendaraan tahunan.",
        "Pajak kendaraan dapat dibayar di minimarket dan kantor pos, dan pengesahan STNK dilakukan secara elektronik.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Perumda Air Minum Kota Makassar",
        "Divisi Layanan Pelanggan",
        "Air Bersih Lorong",
        "",
        T.TOP_99,
        "Pemulihan Ekonomi dan Ketahanan Masyarakat",
        (6,),
        "Warga di lorong-lorong padat tidak terjangkau jaringan pipa dan membeli air dengan harga mahal.",
        "Sambungan komunal dengan meteran bersama dikelola warga lorong dengan tarif sosial.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Kementerian Agama",
        "Direktorat Pelayanan Publik",
        "Pusaka: Layanan Keagamaan dalam Satu Aplikasi",
        "",
        T.TOP_99,
        "Transformasi Digital Pelayanan Publik",
        (16,),
        "Layanan nikah, haji, zakat dan pendidikan keagamaan tersebar di banyak kantor dan formulir.",
        "Satu aplikasi menyatukan informasi dan pendaftaran layanan keagamaan dengan pelacakan status permohonan.",
        "",
        L.ACTIVE,
    ),
    (
        2022,
        "Pemerintah Kabupaten Sleman",
        "Puskesmas Kecamatan",
        "Lumbung Pangan Mataraman",
        "",
        T.TOP_99,
        "Pemulihan Ekonomi dan Ketahanan Masyarakat",
        (2,),
        "Saat pandemi, keluarga rentan kehilangan penghasilan dan kekurangan bahan pangan.",
        "Lumbung pangan desa dikelola bersama dan menyalurkan bahan pangan kepada keluarga yang membutuhkan.",
        "",
        L.DEVELOPING,
    ),
    (
        2023,
        "Pemerintah Kota Bandung",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Bandung Sadayana: Layanan Adminduk Inklusif",
        "Bandung for Everyone: Inclusive Civil Registration",
        T.TOP_45,
        "Administrasi Kependudukan dan Perizinan",
        (10, 16),
        "Penyandang disabilitas, lansia dan warga panti belum memiliki dokumen kependudukan.",
        "Petugas mendatangi panti, rumah singgah dan rumah warga berkebutuhan khusus dengan perekaman keliling.",
        "Persons with disabilities, older people and residents of care homes often had no identity documents. "
        "Registration officers now visit care homes, shelters and homes with mobile recording kits.",
        L.ACTIVE,
    ),
    (
        2023,
        "Pemerintah Kota Jayapura",
        "Dinas Komunikasi dan Informatika",
        "Kampung Nelayan Cerdas Jayapura",
        "",
        T.TOP_99,
        "Pemberdayaan Ekonomi, Koperasi dan UMKM",
        (8, 14),
        "Nelayan kampung menjual hasil tangkapan dengan harga rendah karena tidak tahu harga pasar.",
        "Papan informasi harga dan pesan singkat harian menghubungkan nelayan dengan pembeli dan koperasi.",
        "",
        L.ACTIVE,
    ),
    (
        2023,
        "Pemerintah Kota Semarang",
        "Puskesmas Kota",
        "Si Cantik: Cegah Anak Stunting",
        "",
        T.TOP_99,
        "Pelayanan Kesehatan",
        (2, 3),
        "Kasus stunting terlambat terdeteksi karena pengukuran balita tidak tercatat rapi.",
        "Kader posyandu mencatat tinggi dan berat balita di aplikasi, dan balita berisiko langsung dikunjungi "
        "petugas gizi.",
        "",
        L.ACTIVE,
    ),
    (
        2023,
        "Pemerintah Provinsi Kalimantan Timur",
        "Dinas Kesehatan",
        "Puskesmas Terapung Mahakam",
        "",
        T.TOP_99,
        "Pelayanan Kesehatan",
        (3, 14),
        "Kampung di hulu sungai jauh dari puskesmas dan hanya dapat dicapai lewat air.",
        "Kapal puskesmas terapung singgah di setiap kampung dua kali sebulan dengan dokter, bidan dan obat.",
        "",
        L.ACTIVE,
    ),
    (
        2023,
        "Pemerintah Kabupaten Sumba Barat Daya",
        "Puskesmas Kecamatan",
        "Air Sehat Sumba",
        "",
        T.TOP_99,
        "Lingkungan Hidup dan Perubahan Iklim",
        (6,),
        "Pada musim kemarau warga mengambil air dari sumber yang jauh dan tercemar.",
        "Penampungan air hujan dan penyaring sederhana dibangun bersama warga dan dipantau kualitasnya oleh puskesmas.",
        "",
        L.ACTIVE,
    ),
]

# (year, agency, unit, title, replicated title, tier)
REPLICATIONS = [
    (
        2022,
        "Pemerintah Kabupaten Gowa",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Replikasi Honai Adminduk: Jemput Bola di Pegunungan Gowa",
        "Honai Adminduk: Pelayanan Dokumen Kependudukan Jemput Bola di Lembah Baliem",
        T.TOP_99,
    ),
]
# A profile the secretariat has not approved: it stays off the public site.
KEPT_AS_DRAFT = {"Lumbung Pangan Mataraman"}
# Earlier winners invited back (Kelompok Khusus).
KHUSUS_FINALISTS = [(2023, "Sahabat Ibu Hamil: Pendampingan Persalinan di Desa Terpencil")]
VIDEOS = {
    "Sahabat Ibu Hamil: Pendampingan Persalinan di Desa Terpencil": "https://www.youtube.com/watch?v=sinovik2021a",
    "Adminduk Satu Jam": "https://youtu.be/sinovik2022b",
}
IMPACT = [
    "Waktu layanan turun dari rata-rata dua minggu menjadi dua hari kerja sejak penerapan pertama.",
    "Kepuasan masyarakat diukur setiap triwulan dan naik dari 72 menjadi 91 persen.",
    "Inovasi ini didukung peraturan kepala daerah, anggaran rutin dan kerja sama dengan desa serta kelurahan.",
    "Kelompok rentan seperti lansia, penyandang disabilitas dan warga di daerah terpencil menjadi sasaran utama.",
    "Tiga daerah lain telah mempelajari inovasi ini dan dua di antaranya mulai menerapkannya.",
]
PALETTE = [(140, 29, 24), (20, 108, 67), (11, 94, 138), (179, 92, 0), (94, 53, 177), (0, 105, 92)]


def demo_photo(seed: int) -> bytes:
    """A small generated picture: sky, ground, buildings and people as simple shapes."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    colour = PALETTE[seed % len(PALETTE)]
    image = Image.new("RGB", (960, 640), tuple(min(255, c + 150) for c in colour))
    draw = ImageDraw.Draw(image)
    draw.ellipse((760, 60, 880, 180), fill=(250, 210, 90))
    draw.rectangle((0, 450, 960, 640), fill=tuple(max(0, c - 20) for c in colour))
    for index in range(5):
        left = 60 + index * 170 + rng.randint(-20, 20)
        top = rng.randint(220, 330)
        draw.rectangle((left, top, left + 120, 450), fill=(245, 245, 240), outline=(60, 60, 60), width=3)
        draw.polygon([(left - 10, top), (left + 60, top - 60), (left + 130, top)], fill=colour)
        draw.rectangle((left + 45, 390, left + 75, 450), fill=(90, 60, 40))
    for index in range(7):
        x = 80 + index * 125 + rng.randint(-15, 15)
        draw.ellipse((x, 470, x + 30, 500), fill=(70, 45, 30))
        draw.rounded_rectangle((x - 8, 500, x + 38, 580), radius=12, fill=PALETTE[(seed + index) % len(PALETTE)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78)
    return buffer.getvalue()


def seed() -> None:
    organiser = Organiser.objects.filter(kind=Organiser.Kind.NATIONAL).order_by("pk").first()
    secretariat = User.objects.filter(email="sekretariat@sinovik.test").first()
    if organiser is None or secretariat is None:
        return
    editions = {year: _edition(organiser, year) for year in CATEGORIES}
    archived_2023 = Edition.objects.filter(slug="kipp-2023").first()
    if archived_2023:
        editions[2023] = archived_2023
    innovations = {}
    for index, row in enumerate(INNOVATIONS):
        year = row[0]
        if year in editions:
            innovations[row[3]] = _innovation(editions[year], row, seed=index)
    for year, agency_name, unit_name, title, original, tier in REPLICATIONS:
        if year in editions and original in innovations:
            innovations[title] = _replication(
                editions[year], agency_name, unit_name, title, innovations[original], tier
            )
    for year, title in KHUSUS_FINALISTS:
        if year in editions and title in innovations:
            Award.objects.get_or_create(
                innovation=innovations[title],
                year=year,
                tier=T.KHUSUS_FINALIST,
                defaults={"edition": editions[year]},
            )
    for year in (2021, 2022):
        _unsuccessful(editions[year], count=18 if year == 2021 else 24)
    for year in sorted(editions):
        _profiles(editions[year], by=secretariat)


def _edition(organiser: Organiser, year: int) -> Edition:
    edition, created = Edition.objects.get_or_create(
        slug=f"kipp-{year}",
        defaults={
            "organiser": organiser,
            "name": f"Kompetisi Inovasi Pelayanan Publik (KIPP) {year}",
            "short_name": f"KIPP {year}",
            "year": year,
            "status": Edition.Status.ARCHIVED,
            "theme": "Inovasi Pelayanan Publik untuk Indonesia Tangguh",
            "theme_en": "Public-service innovation for a resilient Indonesia",
        },
    )
    if created:
        for order, (kind, name, name_en) in enumerate(
            [
                (Group.Kind.UMUM, "Kelompok Umum", "General Group"),
                (Group.Kind.REPLIKASI, "Kelompok Replikasi", "Replication Group"),
            ]
        ):
            group = Group.objects.create(edition=edition, kind=kind, name=name, name_en=name_en, order=order)
            FormSection.objects.create(
                edition=edition, group=group, order=0, title="Ringkasan", title_en="Summary", word_limit=200
            )
        for order, (name, name_en) in enumerate(CATEGORIES[year]):
            Category.objects.create(edition=edition, order=order, name=name, name_en=name_en)
    return edition


def _unit(agency_name: str, unit_name: str) -> Unit:
    agency = Agency.objects.get(name=agency_name)
    unit, _ = Unit.objects.get_or_create(
        agency=agency,
        name=unit_name,
        defaults={"email": f"inovasi@{agency.email.split('@')[-1] or 'contoh.go.id'}", "phone": "(021) 555-0100"},
    )
    return unit


def _innovation(edition: Edition, row: tuple, *, seed: int) -> Innovation:
    year, agency_name, unit_name, title, _title_en, tier, category, sdgs, problem, solution, _en, lifecycle = row
    existing = Innovation.objects.filter(title=title, agency__name=agency_name).first()
    if existing:
        return existing
    unit = _unit(agency_name, unit_name)
    innovation = Innovation.objects.create(
        title=title,
        agency=unit.agency,
        unit=unit,
        started_on=date(year - 3, 1 + seed % 12, 1),
        lifecycle=lifecycle,
        innovators="Tim inovasi",
    )
    umum = edition.groups.get(kind=Group.Kind.UMUM)
    proposal = _passed_proposal(
        edition, umum, innovation, title, category=Category.objects.get(edition=edition, name=category)
    )
    summary = " ".join([problem, solution, IMPACT[seed % len(IMPACT)], IMPACT[(seed + 2) % len(IMPACT)]])
    Answer.objects.create(proposal=proposal, section=umum.sections.order_by("order").first(), text=summary, version=1)
    proposal.sdgs.set(Sdg.objects.filter(number__in=sdgs))
    _award(innovation, edition, tier)
    return innovation


def _replication(edition, agency_name, unit_name, title, original: Innovation, tier) -> Innovation:
    existing = Innovation.objects.filter(title=title, agency__name=agency_name).first()
    if existing:
        return existing
    unit = _unit(agency_name, unit_name)
    innovation = Innovation.objects.create(
        title=title, agency=unit.agency, unit=unit, started_on=date(edition.year - 2, 2, 1), innovators="Tim inovasi"
    )
    group = edition.groups.get(kind=Group.Kind.REPLIKASI)
    proposal = _passed_proposal(
        edition, group, innovation, title, category=edition.categories.order_by("order").last(), replicates=original
    )
    Answer.objects.create(
        proposal=proposal,
        section=group.sections.order_by("order").first(),
        version=1,
        text=(
            f"Inovasi ini mereplikasi {original.title} dari {original.agency.name}. Petugas membawa perekaman "
            "dokumen kependudukan ke dusun-dusun di pegunungan bersama kepala desa dan tokoh adat. Dalam satu "
            "tahun, cakupan akta kelahiran anak naik dari 58 menjadi 90 persen."
        ),
    )
    proposal.sdgs.set(Sdg.objects.filter(number__in=[10, 16]))
    _award(innovation, edition, tier)
    return innovation


def _passed_proposal(edition, group, innovation, title, *, category, replicates=None) -> Proposal:
    closes = end_of_day_wib(date(edition.year, 4, 30))
    return Proposal.objects.create(
        innovation=innovation,
        edition=edition,
        group=group,
        category=category,
        title=title,
        replicates=replicates,
        status=Proposal.Status.PASSED,
        submitted_at=closes - timedelta(days=3),
        forwarded_at=closes - timedelta(days=1),
        truthfulness_declared_at=closes - timedelta(days=3),
    )


def _award(innovation: Innovation, edition: Edition, tier: str) -> None:
    Award.objects.get_or_create(innovation=innovation, year=edition.year, tier=tier, defaults={"edition": edition})
    if tier in (T.TOP_45, T.OUTSTANDING):
        Award.objects.get_or_create(
            innovation=innovation, year=edition.year, tier=T.TOP_99, defaults={"edition": edition}
        )


def _unsuccessful(edition: Edition, *, count: int) -> None:
    """Proposals of `edition` that did not become finalists, so its funnel has a wide top."""
    if Proposal.objects.filter(edition=edition, title__startswith="Inovasi Layanan ").exists():
        return
    units = list(Unit.objects.select_related("agency").order_by("pk")[:40])
    umum = edition.groups.get(kind=Group.Kind.UMUM)
    statuses = [Proposal.Status.FAILED, Proposal.Status.PASSED, Proposal.Status.FORWARDED, Proposal.Status.DRAFT]
    for index in range(count):
        unit = units[index % len(units)]
        title = f"Inovasi Layanan {unit.name} {edition.year}-{index + 1}"
        innovation = Innovation.objects.create(title=title, agency=unit.agency, unit=unit)
        Proposal.objects.create(
            innovation=innovation, edition=edition, group=umum, title=title, status=statuses[index % len(statuses)]
        )


def _profiles(edition: Edition, *, by: User) -> None:
    english = {row[3]: (row[4], row[10]) for row in INNOVATIONS}
    for profile in services.draft_profiles_for(edition=edition, by=by):
        profile.refresh_from_db()
        if profile.status != PublicProfile.Status.DRAFT:
            continue
        title_en, summary_en = english.get(profile.title, ("", ""))
        if title_en or summary_en or profile.title in VIDEOS:
            profile.title_en = title_en
            profile.summary_en = summary_en
            profile.video_url = VIDEOS.get(profile.title, profile.video_url)
            services.save_profile(profile=profile, by=by)
        if profile.photos.count() < 2:
            for offset in range(3 - profile.photos.count()):
                services.add_photo(
                    profile=profile,
                    by=by,
                    upload=io.BytesIO(demo_photo(profile.innovation_id * 7 + offset)),
                    caption="Petugas melayani warga" if offset == 0 else "",
                    caption_en="Staff serving residents" if offset == 0 and title_en else "",
                )
        if profile.title not in KEPT_AS_DRAFT:
            services.approve_profile(profile=profile, by=by)
    services.publish_profiles(edition=edition, by=by)
