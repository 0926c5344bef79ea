"""Demo proposals: every state of the chain in the open edition, and complete proposals (with their
Top 99 awards) in the archived 2023 edition. Runs after the agencies and competitions demos."""

import io
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from accounts.models import User
from agencies.models import Agency, Unit
from competitions.models import Edition, Group, IdentificationQuestion, Sdg
from submissions import services
from submissions.models import Answer, Attachment, Award, IdentificationAnswer, Innovation, Proposal, ProposalEvent

S = Proposal.Status

SENTENCES = [
    "Sebelum inovasi ini, warga harus datang berkali-kali ke kantor dan menunggu berjam-jam untuk satu layanan.",
    "Inovasi ini memindahkan layanan ke tempat warga berada dengan petugas keliling dan aplikasi sederhana.",
    "Waktu layanan turun dari rata-rata empat belas hari menjadi dua hari kerja sejak penerapan pertama.",
    "Kepuasan masyarakat diukur setiap triwulan melalui survei dan naik dari 72 menjadi 91 persen.",
    "Kebaruan inovasi terletak pada penggabungan data kependudukan, jadwal kunjungan dan pesan singkat otomatis.",
    "Pelaksanaan didukung peraturan kepala daerah, anggaran rutin dan kerja sama dengan kelurahan serta puskesmas.",
    "Sumber daya yang digunakan meliputi dua belas petugas terlatih, satu kendaraan layanan dan perangkat tablet.",
    "Keberlanjutan dijaga melalui standar operasional prosedur, pelatihan berkala dan pelibatan tokoh masyarakat.",
    "Kelompok rentan seperti lansia, penyandang disabilitas dan warga di daerah terpencil menjadi sasaran utama.",
    "Tiga daerah lain telah mempelajari inovasi ini dan dua di antaranya mulai menerapkannya pada tahun berikutnya.",
    "Data layanan dipantau melalui dasbor harian sehingga hambatan di lapangan cepat diketahui dan ditangani.",
    "Masyarakat menyampaikan pengaduan dan usulan perbaikan melalui kanal daring yang dijawab paling lama tiga hari.",
]

OPEN_PROPOSALS = [
    # (agency, unit, title, state, writer local part)
    (
        "Pemerintah Kota Surabaya",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Klinik Kependudukan Keliling",
        S.DRAFT,
        "upp",
    ),
    (
        "Pemerintah Kota Surabaya",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Akta Lahir Langsung dari Rumah Sakit",
        S.SUBMITTED,
        "upp",
    ),
    ("Pemerintah Kota Surabaya", "Puskesmas Kota", "Posyandu Lansia Digital", S.RETURNED, "upp.puskesmas"),
    (
        "Pemerintah Kota Surabaya",
        "Dinas Komunikasi dan Informatika",
        "Surabaya Satu Pintu Pengaduan",
        S.FORWARDED,
        "adminlokal",
    ),
    ("Pemerintah Kota Surabaya", "Puskesmas Kota", "Ambulans Gratis Tanpa Antre", S.WITHDRAWN, "upp.puskesmas"),
    (
        "Pemerintah Kabupaten Banyuwangi",
        "Mal Pelayanan Publik",
        "Layanan Perizinan Malam Hari",
        S.FORWARDED,
        "upp.banyuwangi",
    ),
    (
        "Pemerintah Kabupaten Banyuwangi",
        "Dinas Kesehatan",
        "Jemput Bola Imunisasi Desa",
        S.DRAFT,
        "adminlokal.banyuwangi",
    ),
    (
        "Pemerintah Provinsi Nusa Tenggara Timur",
        "Rumah Sakit Umum Daerah",
        "Rujukan Terpadu Pulau Terluar",
        S.SUBMITTED,
        "upp.ntt",
    ),
]

ARCHIVED_PROPOSALS = [
    # (agency, unit, title, award tier or None)
    ("Pemerintah Kabupaten Banyuwangi", "Mal Pelayanan Publik", "Smart Kampung Banyuwangi", Award.Tier.TOP_45),
    (
        "Pemerintah Kabupaten Sumedang",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Tahu Sumedang: Data Terpadu Kependudukan",
        Award.Tier.TOP_99,
    ),
    (
        "Pemerintah Kota Makassar",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dottoro'ta: Dokter Keliling Makassar",
        Award.Tier.OUTSTANDING,
    ),
    ("Pemerintah Kabupaten Kulon Progo", "Dinas Kesehatan", "Bela Beli Kulon Progo Sehat", Award.Tier.TOP_99),
    ("Pemerintah Provinsi Jawa Tengah", "Badan Pendapatan Daerah", "Samsat Keliling Desa", None),
    ("Kementerian Kesehatan", "Direktorat Pelayanan Publik", "Sehat Jiwa Daring", Award.Tier.TOP_99),
]


def text_for(limit: int, seed: int) -> str:
    """Indonesian prose within `limit` words (about 80% of it), different for each seed."""
    words: list[str] = []
    index = seed
    while True:
        sentence = SENTENCES[index % len(SENTENCES)].split()
        if len(words) + len(sentence) > max(limit * 0.8, 8):
            break
        words.extend(sentence)
        index += 5
    return " ".join(words) or " ".join(SENTENCES[seed % len(SENTENCES)].split()[:limit])


def pdf_bytes(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def jpeg_bytes(seed: int, size=(800, 600)) -> bytes:
    colours = [(140, 29, 24), (20, 108, 67), (11, 94, 215), (179, 92, 0)]
    image = Image.new("RGB", size, colours[seed % len(colours)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def answer_for(question: IdentificationQuestion) -> str:
    kinds = IdentificationQuestion.Kind
    return {
        kinds.YES_NO: "no",
        kinds.CHOICE: (question.choice_list or [""])[0],
        kinds.NUMBER: "12",
        kinds.YEAR: "2021",
        kinds.DATE: "2021-03-01",
        kinds.URL: "https://inovasi.example.go.id",
        kinds.YOUTUBE: "https://www.youtube.com/watch?v=sinovikdemo",
        kinds.EMAIL: "inovasi@example.go.id",
    }.get(question.kind, "Dinas Kependudukan dan Pencatatan Sipil")


def fill(proposal: Proposal, *, by: User, seed: int, through_services: bool) -> None:
    """Answer every section, question and required attachment of `proposal`."""
    from competitions.forms_definition import FormDefinition

    form = FormDefinition.for_group(proposal.group)
    for offset, section in enumerate(form.sections):
        text = text_for(section.word_limit, seed + offset)
        if through_services:
            services.save_answer(proposal=proposal, section_id=section.pk, text=text, base_version=0, by=by)
        else:
            Answer.objects.update_or_create(proposal=proposal, section=section, defaults={"text": text, "version": 1})
    answers = {question.pk: answer_for(question) for question in form.questions if question.shown_if_id is None}
    category = proposal.edition.categories.all()[seed % max(proposal.edition.categories.count(), 1)]
    sdgs = list(Sdg.objects.filter(number__in=[3, 10, 16][: 1 + seed % 3]))
    started = date(proposal.edition.year - 3, 1 + seed % 12, 1)
    if through_services:
        services.save_identification(
            proposal=proposal,
            base_version=proposal.version,
            by=by,
            title=proposal.title,
            category=category,
            sdgs=sdgs,
            started_on=started,
            innovator_kind="team",
            innovators="Dewi Lestari, ketua tim, 0812-0000-0001, dewi@example.go.id",
            replicates=None,
            answers=answers,
        )
    else:
        Proposal.objects.filter(pk=proposal.pk).update(category=category)
        proposal.sdgs.set(sdgs)
        Innovation.objects.filter(pk=proposal.innovation_id).update(started_on=started, innovators="Tim inovasi")
        for question_id, value in answers.items():
            IdentificationAnswer.objects.update_or_create(
                proposal=proposal, question_id=question_id, defaults={"value": value}
            )
    for kind in form.attachment_types:
        if not kind.required or proposal.attachments.filter(attachment_type=kind).exists():
            continue
        is_image = not set(kind.extensions) & {"pdf"}
        content = jpeg_bytes(seed) if is_image else pdf_bytes(str(kind))
        name = f"{kind.name[:40]}.{'jpg' if is_image else 'pdf'}"
        attachment = Attachment(
            proposal=proposal,
            attachment_type=kind,
            original_name=name,
            size=len(content),
            content_type="image/jpeg" if is_image else "application/pdf",
            uploaded_by=by,
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
    if through_services:
        services.declare_truthfulness(proposal=proposal, by=by)
    else:
        Proposal.objects.filter(pk=proposal.pk).update(truthfulness_declared_at=timezone.now())
    proposal.refresh_from_db()


def seed() -> None:
    year = timezone.localdate().year
    open_edition = Edition.objects.filter(slug=f"kipp-{year}").first()
    archived = Edition.objects.filter(slug="kipp-2023").first()
    if archived:
        _seed_archived(archived)
    if open_edition and open_edition.is_entry_open():
        _seed_open(open_edition)


def _user(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@sinovik.test")


def _seed_open(edition: Edition) -> None:
    umum = edition.groups.get(kind=Group.Kind.UMUM)
    admins = {
        "Pemerintah Kota Surabaya": "adminlokal",
        "Pemerintah Kabupaten Banyuwangi": "adminlokal.banyuwangi",
        "Pemerintah Provinsi Nusa Tenggara Timur": "adminlokal.ntt",
    }
    for seed, (agency_name, unit_name, title, state, writer) in enumerate(OPEN_PROPOSALS):
        if Proposal.objects.filter(edition=edition, title=title).exists():
            continue
        unit = Unit.objects.get(agency__name=agency_name, name=unit_name)
        by, admin = _user(writer), _user(admins[agency_name])
        proposal = services.start_proposal(edition=edition, group=umum, unit=unit, title=title, by=by)
        if state == S.DRAFT:
            section = umum.sections.order_by("order").first()
            services.save_answer(
                proposal=proposal, section_id=section.pk, text=text_for(section.word_limit, seed), base_version=0, by=by
            )
            continue
        if state == S.WITHDRAWN:
            services.transition(proposal=proposal, to=S.WITHDRAWN, by=by, comment="Inovasi akan diajukan tahun depan.")
            continue
        fill(proposal, by=by, seed=seed, through_services=True)
        services.transition(proposal=proposal, to=S.SUBMITTED, by=by)
        if state == S.RETURNED:
            section = umum.sections.order_by("order").first()
            services.return_with_comments(
                proposal=proposal,
                by=admin,
                comment="Mohon lengkapi data sebelum dan sesudah inovasi.",
                section_comments={section.pk: "Tambahkan angka capaian yang terukur."},
            )
        elif state == S.FORWARDED:
            services.transition(proposal=proposal, to=S.FORWARDED, by=admin)


def _seed_archived(edition: Edition) -> None:
    umum = edition.groups.get(kind=Group.Kind.UMUM)
    closes = edition.entry_closes_at or timezone.now()
    for seed, (agency_name, unit_name, title, tier) in enumerate(ARCHIVED_PROPOSALS):
        if Proposal.objects.filter(edition=edition, title=title).exists():
            continue
        agency = Agency.objects.get(name=agency_name)
        unit = Unit.objects.get(agency=agency, name=unit_name)
        innovation = Innovation.objects.create(title=title, agency=agency, unit=unit)
        # Earlier years are history, loaded as they ended rather than replayed through the deadlines.
        proposal = Proposal.objects.create(
            innovation=innovation,
            edition=edition,
            group=umum,
            title=title,
            status=S.PASSED,
            submitted_at=closes - timedelta(days=3),
            forwarded_at=closes - timedelta(days=1),
        )
        fill(proposal, by=None, seed=seed + 20, through_services=False)
        for to, days in [(S.DRAFT, 30), (S.SUBMITTED, 3), (S.FORWARDED, 1), (S.PASSED, -14)]:
            ProposalEvent.objects.create(
                proposal=proposal, from_status="", to_status=to, at=closes - timedelta(days=days)
            )
        if tier:
            Award.objects.get_or_create(
                innovation=innovation, year=edition.year, tier=tier, defaults={"edition": edition}
            )
            if tier != Award.Tier.TOP_99:
                Award.objects.get_or_create(
                    innovation=innovation, year=edition.year, tier=Award.Tier.TOP_99, defaults={"edition": edition}
                )
