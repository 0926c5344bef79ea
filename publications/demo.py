"""Demo publications (idempotent; after every other demo, as publications come at the end of an
edition's history, interviews' panel included): for the archived KIPP 2023 edition,
its bilingual book, built now if it has never been (about a dozen entries: a few seconds), and
its certificates, issued and generated (for the winners and for the evaluators of its jury)."""

import logging

from accounts.models import User
from competitions.models import Edition
from publications import services
from publications.models import Book

logger = logging.getLogger(__name__)

FOREWORD = (
    "Inovasi pelayanan publik bukan lagi pilihan, melainkan kebutuhan. Buku ini menghimpun inovasi terbaik "
    "Kompetisi Inovasi Pelayanan Publik (KIPP) 2023 dari kementerian, lembaga, pemerintah daerah dan badan usaha "
    "milik negara dan daerah di seluruh Indonesia.\n\n"
    "Setiap inovasi di dalamnya lahir dari keberanian aparatur untuk mengubah cara melayani: mendatangi warga di "
    "desa terpencil, menyederhanakan prosedur, dan memanfaatkan teknologi secara tepat guna. Kami berharap buku "
    "ini menjadi sumber inspirasi dan rujukan replikasi, sesuai semangat Satu Instansi Satu Inovasi."
)
FOREWORD_EN = (
    "Public-service innovation is no longer a choice but a necessity. This book brings together the best "
    "innovations of the 2023 Public Service Innovation Competition (KIPP) from ministries, agencies, local "
    "governments and state- and region-owned enterprises across Indonesia.\n\n"
    "We hope it inspires other agencies to replicate them, in the spirit of One Agency, One Innovation."
)


def seed_after_all() -> None:
    edition = Edition.objects.filter(slug="kipp-2023").first()
    secretariat = User.objects.filter(email="sekretariat@sinovik.test").first()
    if edition is None or secretariat is None:
        return
    book = Book.objects.filter(edition=edition).order_by("pk").first()
    if book is None:
        book = services.save_book(
            book=Book(
                edition=edition,
                title="Top 99 Inovasi Pelayanan Publik 2023",
                title_en="Top 99 Public Service Innovations 2023",
                isbn="978-602-1234-56-3",
                language=Book.Language.BOTH,
                grouping=Book.Grouping.CATEGORY,
                foreword=FOREWORD,
                foreword_en=FOREWORD_EN,
                foreword_by="Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
                colophon="Penyusun: Tim Sekretariat KIPP 2023\nPenyunting: Deputi Bidang Pelayanan Publik",
            ),
            by=secretariat,
        )
    if not book.has_file and not book.in_progress:
        # seed_demo runs in one transaction, so the task queued after commit would run only at the
        # end (or on a worker); build now, directly, as the task would.
        services.request_book_build(book=book, by=secretariat)
        book.refresh_from_db()
        try:
            services.build_book(book_id=book.pk, token=str(book.build_token))
        except Exception:
            logger.exception("The demo book could not be built; generate it from the publications page.")
    services.issue_certificates(edition=edition)
    services.generate_certificates(edition_id=edition.pk)
