"""Hand-written proposal texts for the near-duplicate tests: an original, a lightly edited copy
(sentences reordered, names and numbers changed, a few words swapped), and two independent texts,
one on the same topic and one on another."""

ORIGINAL_SUMMARY = (
    "Layanan Adminduk Keliling adalah inovasi Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya "
    "yang mendatangi warga langsung di kelurahan. Petugas membawa mobil layanan yang dilengkapi perangkat "
    "perekaman data, pencetak kartu dan jaringan internet satelit. Warga lanjut usia, penyandang disabilitas "
    "dan warga yang tinggal jauh dari kantor dinas tidak perlu lagi antre sejak subuh. Jadwal kunjungan "
    "diumumkan setiap hari Senin melalui media sosial kelurahan dan pengeras suara masjid."
)
ORIGINAL_BACKGROUND = (
    "Sebelum inovasi ini berjalan, rata-rata waktu pengurusan kartu keluarga mencapai 14 hari kerja. "
    "Banyak warga harus datang tiga sampai empat kali karena berkas yang dibawa belum lengkap. "
    "Pada tahun 2019 tercatat 12.450 pengaduan tentang antrean panjang di kantor dinas. "
    "Tujuan inovasi adalah mendekatkan layanan kepada warga, memangkas waktu tunggu dan memastikan "
    "setiap penduduk memiliki dokumen kependudukan yang sah. "
    "Petugas memeriksa kelengkapan berkas di tempat sehingga warga langsung tahu apa yang masih kurang. "
    "Data yang direkam di mobil layanan dikirim ke pusat data kependudukan pada hari yang sama. "
    "Setelah satu tahun, waktu pengurusan turun menjadi dua hari kerja dan pengaduan berkurang hingga 80 persen. "
    "Kelurahan yang paling jauh kini dikunjungi dua kali dalam sebulan sesuai kesepakatan dengan camat. "
    "Biaya operasional ditanggung anggaran dinas sebesar Rp 350.000.000 per tahun tanpa pungutan kepada warga."
)

# The same proposal "written" by another agency: sentences reordered, every name and number
# changed, and a few words replaced.
COPY_SUMMARY = (
    "Petugas membawa mobil layanan yang dilengkapi perangkat perekaman data, pencetak kartu dan jaringan "
    "internet satelit. Pelayanan Dukcapil Jemput Bola adalah inovasi Dinas Kependudukan dan Pencatatan Sipil "
    "Kabupaten Banyuwangi yang mendatangi warga langsung di kelurahan. Jadwal kunjungan diumumkan setiap hari "
    "Selasa melalui media sosial kelurahan dan pengeras suara masjid. Warga lanjut usia, penyandang disabilitas "
    "dan warga yang tinggal jauh dari kantor dinas tidak perlu lagi antre sejak pagi."
)
COPY_BACKGROUND = (
    "Banyak warga harus datang tiga sampai empat kali karena berkas yang dibawa belum lengkap. "
    "Sebelum inovasi ini berjalan, rata-rata waktu pengurusan kartu keluarga mencapai 21 hari kerja. "
    "Pada tahun 2020 tercatat 8.310 pengaduan tentang antrean panjang di kantor dinas. "
    "Data yang direkam di mobil layanan dikirim ke pusat data kependudukan pada hari yang sama. "
    "Tujuan inovasi adalah mendekatkan layanan kepada masyarakat, memangkas waktu tunggu dan memastikan "
    "setiap penduduk memiliki dokumen kependudukan yang sah. "
    "Petugas memeriksa kelengkapan berkas di tempat sehingga warga langsung tahu apa yang masih kurang. "
    "Kelurahan yang paling jauh kini dikunjungi dua kali dalam sebulan sesuai kesepakatan dengan camat. "
    "Setelah satu tahun, waktu pengurusan turun menjadi tiga hari kerja dan pengaduan berkurang hingga 75 persen. "
    "Biaya operasional ditanggung anggaran dinas sebesar Rp 410.000.000 per tahun tanpa pungutan kepada warga."
)

# Another agency's own innovation on the same topic (population documents), written independently.
SAME_TOPIC_SUMMARY = (
    "Si Dukun Online memungkinkan penduduk Kabupaten Sleman mengurus akta kelahiran, kartu keluarga dan "
    "kartu identitas anak dari rumah. Pemohon mengunggah foto berkas melalui aplikasi, lalu operator dinas "
    "memverifikasi dan menerbitkan dokumen dalam bentuk elektronik yang dapat dicetak sendiri. Warga tidak "
    "perlu datang ke kantor kecuali untuk perekaman sidik jari dan foto kartu tanda penduduk elektronik."
)
SAME_TOPIC_BACKGROUND = (
    "Kantor dinas hanya memiliki enam loket sementara permohonan harian bisa mencapai lima ratus berkas. "
    "Antrean mengular hingga ke halaman dan banyak pemohon pulang tanpa dilayani. "
    "Kami ingin setiap keluarga dapat memperoleh dokumen kependudukan tanpa kehilangan hari kerja. "
    "Aplikasi dikembangkan bersama perguruan tinggi setempat dan diuji coba di tiga kecamatan. "
    "Operator menerima notifikasi setiap kali berkas baru masuk dan wajib menanggapi dalam satu hari. "
    "Dokumen yang terbit ditandatangani secara elektronik sehingga sah tanpa cap basah. "
    "Pemohon dapat memantau status berkasnya dan menerima pesan singkat ketika dokumen selesai. "
    "Dalam enam bulan pertama, kunjungan ke kantor dinas turun lebih dari separuh."
)

# A different topic altogether.
OTHER_TOPIC_SUMMARY = (
    "Posyandu Remaja Sehat mengajak pelajar sekolah menengah memeriksa tekanan darah, berat badan dan kadar "
    "hemoglobin setiap bulan. Kader remaja dilatih puskesmas untuk mencatat hasil pemeriksaan dan memberi "
    "penyuluhan tentang gizi seimbang, kesehatan reproduksi dan bahaya rokok kepada teman sebayanya."
)
OTHER_TOPIC_BACKGROUND = (
    "Survei puskesmas menunjukkan banyak remaja putri mengalami anemia tanpa menyadarinya. "
    "Remaja jarang datang ke puskesmas karena merasa sehat dan malu bertanya. "
    "Dengan kader sebaya, pemeriksaan menjadi kegiatan yang akrab dan menyenangkan. "
    "Tablet tambah darah dibagikan di sekolah dan kepatuhan minum dipantau melalui kartu kendali. "
    "Guru bimbingan konseling ikut mendampingi remaja yang membutuhkan rujukan."
)

ORIGINAL = {"summary": ORIGINAL_SUMMARY, "background": ORIGINAL_BACKGROUND}
COPY = {"summary": COPY_SUMMARY, "background": COPY_BACKGROUND}
SAME_TOPIC = {"summary": SAME_TOPIC_SUMMARY, "background": SAME_TOPIC_BACKGROUND}
OTHER_TOPIC = {"summary": OTHER_TOPIC_SUMMARY, "background": OTHER_TOPIC_BACKGROUND}


def joined(texts: dict) -> str:
    return "\n".join(texts.values())


_VOCABULARY = """
pelayanan warga dinas kecamatan aplikasi data laporan petugas antrean dokumen izin usaha sekolah pasien
puskesmas jalan air bersih sampah pasar nelayan petani bantuan sosial pajak retribusi kendaraan perpustakaan
anak ibu hamil lansia disabilitas desa kelurahan jaringan internet pengaduan survei kepuasan waktu biaya
prosedur persyaratan verifikasi jadwal kunjungan pelatihan kader relawan koperasi bank sampah posyandu
"""
_WORDS = tuple(_VOCABULARY.split())


def unique_text(seed: str) -> dict:
    """Two sections of text no other seed shares more than single words with."""
    import random

    chooser = random.Random(seed)
    sections = []
    for length in (60, 90):
        sentences = []
        while sum(len(sentence.split()) for sentence in sentences) < length:
            words = chooser.sample(_WORDS, 9)
            sentences.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
        sections.append(" ".join(sentences))
    return {"summary": sections[0], "background": sections[1]}
