"""Demo competitions for `manage.py seed_demo` (idempotent).

- The national organiser and its secretariat, evaluator and panelist.
- KIPP 2023, archived: the 2023-era form (Kelompok Umum, Replikasi and Khusus sections with their
  word limits, identification questions, attachments), 11 categories, the five statutory criteria,
  documents, announcements and the four-day extension of proposal entry. It is built through the
  services (publish, extend, archive), so its audit trail is the real one.
- KIPP <this year>, published: a copy of 2023 whose stages are set around today, so proposal entry
  is open for about three more weeks whenever the demo is seeded.
"""

from datetime import date, timedelta
from importlib import import_module

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.demo import DEMO_DOMAIN
from accounts.models import User
from competitions import services
from competitions.models import (
    Announcement,
    AttachmentType,
    Category,
    Criterion,
    Edition,
    EditionDocument,
    FormSection,
    Group,
    IdentificationQuestion,
    Organiser,
    OrganiserMembership,
    Sdg,
    Stage,
    StageKind,
)
from competitions.models.publicity import document_path
from competitions.timing import end_of_day_wib, start_of_day_wib, wib_date

NATIONAL = "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
K = StageKind

DESCRIPTION = (
    "Kompetisi Inovasi Pelayanan Publik (KIPP) mengajak kementerian, lembaga, pemerintah daerah, BUMN dan "
    "BUMD menampilkan inovasi yang mengubah cara mereka melayani masyarakat. Proposal ditulis oleh Unit "
    "Pelayanan Publik (UPP), diverifikasi oleh Admin Lokal instansi, lalu dinilai oleh Tim Evaluasi dan Tim "
    "Panel Independen."
)
DESCRIPTION_EN = (
    "The Public Service Innovation Competition (KIPP) invites ministries, agencies, local governments and "
    "state- and region-owned enterprises to present innovations that changed how they serve citizens. "
    "Proposals are written by public-service units (UPP), checked by their agency's Admin Lokal, then "
    "assessed by the Evaluation Team and the Independent Panel."
)

# 2023 schedule: (kind, first day, last day). Proposal entry first closed on 1 May and was extended.
SCHEDULE_2023 = [
    (K.AGENCY_REGISTRATION, date(2023, 2, 13), date(2023, 3, 12)),
    (K.PROPOSAL_ENTRY, date(2023, 3, 13), date(2023, 5, 1)),
    (K.ADMIN_LOKAL_REVIEW, date(2023, 5, 6), date(2023, 5, 12)),
    (K.ADMINISTRATIVE_SCREENING, date(2023, 5, 15), date(2023, 5, 31)),
    (K.DESK_EVALUATION, date(2023, 6, 5), date(2023, 6, 30)),
    (K.PANEL_REVIEW, date(2023, 7, 3), date(2023, 7, 21)),
    (K.PUBLIC_OBJECTION, date(2023, 7, 24), date(2023, 7, 28)),
    (K.PRESENTATION, date(2023, 8, 7), date(2023, 8, 25)),
    (K.FINAL_DECISION, date(2023, 9, 4), date(2023, 9, 29)),
    (K.PUBLICATION, date(2023, 10, 2), date(2023, 12, 15)),
]

# Days relative to today (first day, last day) for the open edition: entry closes in three weeks.
SCHEDULE_NOW = [
    (K.AGENCY_REGISTRATION, -45, -22),
    (K.PROPOSAL_ENTRY, -21, 21),
    (K.ADMIN_LOKAL_REVIEW, 22, 26),
    (K.ADMINISTRATIVE_SCREENING, 29, 42),
    (K.DESK_EVALUATION, 45, 66),
    (K.PANEL_REVIEW, 70, 84),
    (K.PUBLIC_OBJECTION, 87, 91),
    (K.PRESENTATION, 98, 115),
    (K.FINAL_DECISION, 120, 135),
    (K.PUBLICATION, 140, 200),
]

CATEGORIES = [
    ("Tata Kelola Pemerintahan yang Baik", "Good Governance"),
    ("Pelayanan Kesehatan", "Health Services"),
    ("Pendidikan dan Kebudayaan", "Education and Culture"),
    ("Pemberdayaan Ekonomi, Koperasi dan UMKM", "Economic Empowerment, Cooperatives and SMEs"),
    ("Lingkungan Hidup dan Perubahan Iklim", "Environment and Climate Change"),
    ("Perlindungan Sosial dan Pengentasan Kemiskinan", "Social Protection and Poverty Reduction"),
    ("Administrasi Kependudukan dan Perizinan", "Civil Registration and Licensing"),
    ("Infrastruktur, Perhubungan dan Tata Ruang", "Infrastructure, Transport and Spatial Planning"),
    ("Ketahanan Pangan dan Pertanian", "Food Security and Agriculture"),
    ("Pariwisata dan Ekonomi Kreatif", "Tourism and the Creative Economy"),
    ("Penanggulangan Bencana, Ketertiban dan Keamanan", "Disaster Management, Public Order and Safety"),
]

# (title, English title, word limit, evidence files, guidance)
SECTIONS = {
    Group.Kind.UMUM: [
        ("Ringkasan", "Summary", 200, 0, "Gambaran singkat inovasi: masalah, solusi dan hasilnya."),
        (
            "Latar Belakang dan Tujuan",
            "Background and Objectives",
            300,
            3,
            "Masalah pelayanan yang dihadapi dan tujuan inovasi.",
        ),
        ("Kebaruan/Nilai Tambah", "Novelty and Added Value", 200, 3, "Apa yang baru dibanding layanan sebelumnya."),
        ("Implementasi", "Implementation", 200, 3, "Langkah pelaksanaan dan pihak yang terlibat."),
        (
            "Signifikansi",
            "Significance",
            600,
            5,
            "Dampak sebelum dan sesudah inovasi, dan bagaimana dampak itu diukur.",
        ),
        (
            "Adaptabilitas: Replikasi yang Sudah Dilakukan",
            "Adaptability: Replications So Far",
            100,
            3,
            "Apakah inovasi sudah direplikasi, di mana dan oleh siapa.",
        ),
        (
            "Adaptabilitas: Potensi Replikasi",
            "Adaptability: Replication Potential",
            200,
            0,
            "Mengapa dan bagaimana inovasi dapat diterapkan di tempat lain.",
        ),
        ("Sumber Daya", "Resources", 200, 3, "Sumber daya manusia, anggaran dan sarana yang digunakan."),
        (
            "Strategi Keberlanjutan",
            "Sustainability Strategy",
            500,
            5,
            "Keberlanjutan secara kelembagaan, manajerial dan sosial.",
        ),
    ],
    Group.Kind.REPLIKASI: [
        ("Ringkasan", "Summary", 200, 0, "Gambaran singkat inovasi replikasi dan hasilnya."),
        ("Inspirasi", "Inspiration", 100, 0, "Inovasi Top 99 mana yang direplikasi, dan mengapa."),
        ("Proses Replikasi", "Replication Process", 200, 3, "Bagaimana inovasi diadaptasi dan diterapkan."),
        ("Faktor Pembeda", "Distinguishing Factors", 100, 0, "Apa yang berbeda dari inovasi aslinya."),
        ("Signifikansi", "Significance", 600, 5, "Dampak sebelum dan sesudah replikasi, dan cara mengukurnya."),
        ("Strategi Keberlanjutan", "Sustainability Strategy", 500, 3, "Bagaimana replikasi dipertahankan."),
    ],
    Group.Kind.KHUSUS: [
        ("Pembaruan", "Renewal", 200, 3, "Apa yang diperbarui sejak inovasi menjadi pemenang."),
        ("Adaptabilitas", "Adaptability", 200, 3, "Replikasi yang terjadi sejak inovasi menang."),
        ("Penguatan Keberlanjutan", "Strengthened Sustainability", 300, 3, "Langkah penguatan keberlanjutan."),
        ("Evaluasi", "Evaluation", 300, 3, "Hasil evaluasi inovasi dan tindak lanjutnya."),
    ],
}

GROUPS = [
    # (kind, name, English name, quota, minimum age in years, by invitation, description)
    (Group.Kind.UMUM, "Kelompok Umum", "General Group", 10, 1, False, "Terbuka bagi semua instansi peserta."),
    (
        Group.Kind.REPLIKASI,
        "Kelompok Replikasi",
        "Replication Group",
        5,
        1,
        False,
        "Inovasi yang mereplikasi inovasi Top 99 tahun sebelumnya.",
    ),
    (
        Group.Kind.KHUSUS,
        "Kelompok Khusus",
        "Special Group",
        1,
        2,
        True,
        "Pemenang tahun-tahun sebelumnya yang diundang oleh Kementerian PANRB.",
    ),
]

# (key, question, English question, kind, required, depends on key)
QUESTIONS = [
    ("aplikasi", "Apakah inovasi berbasis aplikasi?", "Is the innovation an application?", "yes_no", True, None),
    ("nama_aplikasi", "Nama aplikasi", "Name of the application", "short_text", True, "aplikasi"),
    ("alamat_aplikasi", "Alamat web atau tautan unduh aplikasi", "Web or download address", "url", True, "aplikasi"),
    (
        "spbe_terintegrasi",
        "Apakah aplikasi terintegrasi dengan aplikasi umum SPBE?",
        "Is the application integrated with the common e-government (SPBE) applications?",
        "yes_no",
        True,
        "aplikasi",
    ),
    (
        "pernah_top99",
        "Apakah inovasi ini pernah masuk Top 99 KIPP?",
        "Was it a Top 99 finalist before?",
        "yes_no",
        True,
        None,
    ),
    ("tahun_top99", "Tahun masuk Top 99", "Year it was in the Top 99", "year", True, "pernah_top99"),
    ("judul_top99", "Judul inovasi saat masuk Top 99", "Its title then", "short_text", True, "pernah_top99"),
    (
        "video_youtube",
        "Tautan video YouTube (maksimal 5 menit)",
        "YouTube video link (at most 5 minutes)",
        "youtube",
        True,
        None,
    ),
]

# (name, English name, extensions, KB, files, required, only for group kind)
ATTACHMENTS = [
    ("Surat Pernyataan Implementasi Inovasi", "Statement of implementation", "pdf", 2048, 1, True, None),
    ("Surat Pernyataan Kepemilikan Inovasi (Individu/Tim)", "Statement of authorship", "pdf", 2048, 1, True, None),
    ("Surat Pernyataan Kesediaan Direplikasi", "Statement of willingness to be replicated", "pdf", 2048, 1, True, None),
    ("Surat Pernyataan Replikasi", "Signed replication statement", "pdf", 2048, 1, True, Group.Kind.REPLIKASI),
    ("Foto Sebelum Inovasi", "Photos before", "jpg,jpeg,png", 1024, 3, True, None),
    ("Foto Sesudah Inovasi", "Photos after", "jpg,jpeg,png", 1024, 3, True, None),
    ("Foto Sampul", "Cover photo", "jpg,jpeg,png", 2048, 1, True, None),
]

# The five statutory criteria: (name, English name, desk weight, description).
CRITERIA = [
    ("Kebaruan", "Novelty", 25, "Inovasi merupakan gagasan baru atau penyempurnaan yang bermakna."),
    ("Efektif", "Effectiveness", 20, "Inovasi mencapai tujuannya dengan hasil yang terukur."),
    ("Bermanfaat", "Benefit", 25, "Inovasi memberi manfaat nyata bagi masyarakat."),
    ("Dapat Direplikasi", "Replicability", 15, "Inovasi dapat ditiru atau diadaptasi oleh instansi lain."),
    ("Berkelanjutan", "Sustainability", 15, "Inovasi terus berjalan dan didukung kelembagaan."),
]


def seed() -> None:
    _restore_sdgs()
    organiser = _national_organiser()
    secretariat = User.objects.get(email=f"sekretariat@{DEMO_DOMAIN}")
    archived = Edition.objects.filter(slug="kipp-2023").first() or _build_2023(organiser, by=secretariat)
    _open_edition(source=archived, by=secretariat)


def _restore_sdgs() -> None:
    # A migration loads the 17 SDGs, but browser tests flush the database between tests; put them
    # back so every demo (submissions' proposals pick SDGs) finds them.
    for number, name, name_en in import_module("competitions.migrations.0003_load_sdgs").SDGS:
        Sdg.objects.update_or_create(number=number, defaults={"name": name, "name_en": name_en})


def _national_organiser() -> Organiser:
    organiser, _ = Organiser.objects.get_or_create(
        name=NATIONAL,
        defaults={"short_name": "KemenPAN-RB", "kind": Organiser.Kind.NATIONAL, "website": "https://www.menpan.go.id"},
    )
    for local_part, role in [
        ("sekretariat", OrganiserMembership.Role.SECRETARIAT),
        ("evaluator", OrganiserMembership.Role.EVALUATOR),
        ("panelis", OrganiserMembership.Role.PANELIST),
    ]:
        user = User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}")
        OrganiserMembership.objects.get_or_create(user=user, organiser=organiser, role=role)
    return organiser


def _build_2023(organiser: Organiser, *, by: User) -> Edition:
    edition = Edition.objects.create(
        organiser=organiser,
        name="Kompetisi Inovasi Pelayanan Publik (KIPP) 2023",
        short_name="KIPP 2023",
        slug="kipp-2023",
        year=2023,
        theme="Inovasi Pelayanan Publik untuk Pemulihan Ekonomi dan Transformasi Digital",
        theme_en="Public-service innovation for economic recovery and digital transformation",
        description=DESCRIPTION,
        description_en=DESCRIPTION_EN,
        legal_basis=(
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi tentang Pedoman "
            "Kompetisi Inovasi Pelayanan Publik di Lingkungan Kementerian/Lembaga, Pemerintah Daerah, "
            "Badan Usaha Milik Negara, dan Badan Usaha Milik Daerah"
        ),
        helpdesk="sinovik@menpan.go.id",
    )
    stages = {
        kind: Stage.objects.create(
            edition=edition, kind=kind, starts_at=start_of_day_wib(first), ends_at=end_of_day_wib(last)
        )
        for kind, first, last in SCHEDULE_2023
    }
    Stage.objects.filter(pk=stages[K.DESK_EVALUATION].pk).update(final_weight=70, passing_grade=75)
    Stage.objects.filter(pk=stages[K.PRESENTATION].pk).update(final_weight=30)
    _build_form(edition, stages)
    _add_documents(edition, guideline="Petunjuk Teknis KIPP 2023")
    Announcement.objects.create(
        edition=edition,
        number="B/52/PP.00.05/2023",
        title="Peluncuran Kompetisi Inovasi Pelayanan Publik Tahun 2023",
        body="Kompetisi Inovasi Pelayanan Publik Tahun 2023 dibuka. Pengisian proposal dimulai 13 Maret 2023.",
        published_at=start_of_day_wib(date(2023, 3, 10)),
    )
    Announcement.objects.create(
        edition=edition,
        number="B/187/PP.00.05/2023",
        title="Hasil Seleksi Administrasi KIPP 2023",
        body="Daftar proposal yang lolos seleksi administrasi dan dilanjutkan ke tahap evaluasi proposal.",
        published_at=start_of_day_wib(date(2023, 6, 2)),
    )
    # The Top 99 announcement (B/245/PP.00.05/2023) comes with its decision letter from judging's demo.
    services.change_edition_status(edition=edition, to=Edition.Status.PUBLISHED, by=by, note="Peluncuran KIPP 2023")
    edition.refresh_from_db()
    # Proposal entry was extended once, the way it happened: the system was hard to reach near the deadline.
    services.extend_stage(
        stage=stages[K.PROPOSAL_ENTRY],
        new_end=end_of_day_wib(date(2023, 5, 5)),
        reason="Diperpanjang empat hari karena gangguan akses sistem menjelang batas waktu.",
        by=by,
    )
    services.change_edition_status(edition=edition, to=Edition.Status.ARCHIVED, by=by, note="Kompetisi selesai")
    return edition


def _build_form(edition: Edition, stages: dict[str, Stage]) -> None:
    groups = {}
    for order, (kind, name, name_en, quota, age, invitation, description) in enumerate(GROUPS):
        groups[kind] = Group.objects.create(
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
        for position, (title, title_en, limit, evidence, guidance) in enumerate(SECTIONS[kind]):
            FormSection.objects.create(
                edition=edition,
                group=groups[kind],
                order=position,
                title=title,
                title_en=title_en,
                word_limit=limit,
                guidance=guidance,
                evidence_max_files=evidence,
            )
    for order, (name, name_en) in enumerate(CATEGORIES):
        Category.objects.create(edition=edition, order=order, name=name, name_en=name_en)
    questions = {}
    for order, (key, label, label_en, kind, required, depends_on) in enumerate(QUESTIONS):
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
    IdentificationQuestion.objects.create(
        edition=edition,
        group=groups[Group.Kind.REPLIKASI],
        order=len(QUESTIONS),
        key="inovasi_asal",
        label="Inovasi Top 99 yang direplikasi (judul, instansi, tahun)",
        label_en="The Top 99 innovation replicated (title, agency, year)",
    )
    for order, (name, name_en, extensions, size, files, required, only) in enumerate(ATTACHMENTS):
        AttachmentType.objects.create(
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
    for order, (name, name_en, weight, description) in enumerate(CRITERIA):
        Criterion.objects.create(
            edition=edition,
            stage=stages[K.DESK_EVALUATION],
            order=order,
            name=name,
            name_en=name_en,
            weight=weight,
            description=description,
        )
        Criterion.objects.create(
            edition=edition,
            stage=stages[K.PRESENTATION],
            order=order,
            name=name,
            name_en=name_en,
            weight=20,
            description=description,
        )


def _open_edition(*, source: Edition, by: User) -> Edition:
    today = wib_date(timezone.now())
    year = today.year
    edition = Edition.objects.filter(slug=f"kipp-{year}").first()
    if edition is None:
        edition = services.clone_edition(edition=source, by=by, year=year)
        edition.theme = "Inovasi Pelayanan Publik yang Berdampak dan Berkelanjutan"
        edition.theme_en = "Public-service innovation with lasting impact"
        edition.legal_basis = source.legal_basis
        edition.save(update_fields=["theme", "theme_en", "legal_basis"])
        _place_stages(edition, today)
        _add_documents(edition, guideline=f"Petunjuk Teknis KIPP {year}")
        Announcement.objects.create(
            edition=edition,
            number=f"B/48/PP.00.05/{year}",
            title=f"Peluncuran Kompetisi Inovasi Pelayanan Publik Tahun {year}",
            body=(
                f"Kompetisi Inovasi Pelayanan Publik Tahun {year} resmi dibuka. Admin Lokal diminta memastikan "
                "akun UPP telah dibuat dan proposal diteruskan sebelum batas waktu pengisian."
            ),
            published_at=start_of_day_wib(today + timedelta(days=-21)),
        )
        services.change_edition_status(
            edition=edition, to=Edition.Status.PUBLISHED, by=by, note=f"Peluncuran KIPP {year}"
        )
    else:
        # A demo seeded weeks ago would have closed by now: keep proposal entry open around today.
        _place_stages(edition, today)
    return edition


def _place_stages(edition: Edition, today: date) -> None:
    for kind, first, last in SCHEDULE_NOW:
        Stage.objects.filter(edition=edition, kind=kind).update(
            starts_at=start_of_day_wib(today + timedelta(days=first)),
            ends_at=end_of_day_wib(today + timedelta(days=last)),
        )


def _add_documents(edition: Edition, *, guideline: str) -> None:
    for order, (kind, title, title_en, filename, lines) in enumerate(
        [
            (
                EditionDocument.Kind.GUIDELINE,
                guideline,
                f"Technical guidelines {edition.year}",
                f"petunjuk-teknis-kipp-{edition.year}.pdf",
                ["Jadwal, kelompok, kategori, formulir dan kriteria penilaian", edition.name],
            ),
            (
                EditionDocument.Kind.TEMPLATE,
                "Templat Surat Pernyataan",
                "Statement templates",
                f"templat-surat-pernyataan-{edition.year}.pdf",
                ["Templat surat pernyataan implementasi, kepemilikan dan kesediaan direplikasi"],
            ),
        ]
    ):
        document = EditionDocument(edition=edition, kind=kind, title=title, title_en=title_en, order=order)
        _attach(document, path=document_path(document, filename), content=_simple_pdf(title, lines))
        document.save()


def _attach(instance, *, path: str, content: bytes) -> None:
    # Reuse the file a previous seeding wrote, so re-seeding a fresh database adds no copies.
    if default_storage.exists(path):
        instance.file.name = path
    else:
        instance.file.save(path.rsplit("/", 1)[-1], ContentFile(content), save=False)


def _simple_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text, written by hand (no PDF library needed)."""

    def escape(text: str) -> str:
        return (
            text.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )

    text = [f"BT /F1 20 Tf 72 770 Td ({escape(title)}) Tj ET"]
    for index, line in enumerate([*lines, "Dokumen contoh untuk demo SiNovik."]):
        text.append(f"BT /F1 11 Tf 72 {740 - 18 * index} Td ({escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(output)
