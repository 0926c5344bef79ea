"""Awarded innovations with published public profiles, built the way the competition leaves them
(through the showcase services), books defined through the publications service, and helpers
that read a PDF the way a reader would (pdftotext from poppler-utils)."""

import io
import re
import subprocess
from pathlib import Path

from agencies.models import Agency
from competitions.models import Edition, Sdg
from publications import services
from publications.models import Book
from showcase import services as showcase
from showcase.demo import demo_photo
from showcase.models import PublicProfile
from submissions.models import Answer, Award
from tests.showcase.factories import agency_in, awarded_innovation, publish_edition

SIGNIFIKANSI = (
    "Sebelum inovasi, warga menunggu empat belas hari untuk akta kelahiran. Kini dokumen selesai dalam dua hari "
    "kerja. Kepuasan masyarakat naik dari 72 menjadi 91 persen menurut survei triwulanan."
)


def published_winners(edition: Edition, by, *, extra: int = 0) -> list[PublicProfile]:
    """Three (plus `extra` Top 99) awarded innovations with published profiles, photos and a results section."""
    jayawijaya = agency_in("Kabupaten Jayawijaya", name="Pemerintah Kabupaten Jayawijaya", kind=Agency.Kind.KABUPATEN)
    surabaya = agency_in("Kota Surabaya", name="Pemerintah Kota Surabaya Lama")
    ministry = agency_in(None, name="Kementerian Kesehatan", kind=Agency.Kind.KEMENTERIAN)
    rows = [
        (
            "Honai Adminduk: Dokumen Kependudukan di Lembah Baliem",
            jayawijaya,
            Award.Tier.OUTSTANDING,
            "Administrasi Kependudukan",
            (10, 16),
        ),
        ("Klinik Kependudukan Keliling", surabaya, Award.Tier.TOP_45, "Administrasi Kependudukan", (16,)),
        ("Sehat Jiwa Daring", ministry, Award.Tier.TOP_99, "Pelayanan Kesehatan", (3,)),
    ]
    rows += [
        (f"Layanan Inovasi Daerah {index}", None, Award.Tier.TOP_99, "Pelayanan Kesehatan", (3,))
        for index in range(extra)
    ]
    for number in (3, 10, 16):
        Sdg.objects.get_or_create(number=number, defaults={"name": f"Tujuan {number}", "name_en": f"Goal {number}"})
    for title, agency, tier, category, sdgs in rows:
        innovation = awarded_innovation(
            edition=edition,
            title=title,
            agency=agency,
            tier=tier,
            category=category,
            sdgs=sdgs,
            summary=f"Ringkasan {title}: petugas mendatangi warga dan menyelesaikan layanan di tempat.",
        )
        proposal = innovation.proposals.get(edition=edition)
        section, _ = proposal.group.sections.get_or_create(
            edition=edition, title="Signifikansi", defaults={"order": 4, "word_limit": 600}
        )
        Answer.objects.create(proposal=proposal, section=section, text=SIGNIFIKANSI)
    profiles = showcase.draft_profiles_for(edition=edition, by=by)
    for profile in profiles:
        showcase.add_photo(profile=profile, by=by, upload=io.BytesIO(demo_photo(profile.innovation_id)))
    profiles = publish_edition(edition, by)
    honai = PublicProfile.objects.get(title__startswith="Honai")
    honai.title_en = "Honai Adminduk: Civil Registration in the Baliem Valley"
    honai.summary_en = "Civil registration brought to traditional houses in the Baliem Valley."
    showcase.save_profile(profile=honai, by=by)
    return sorted(PublicProfile.objects.filter(pk__in=[p.pk for p in profiles]), key=lambda p: p.title)


def book_of(edition: Edition, *, by, **fields) -> Book:
    values = {
        "title": "Top 99 Inovasi Pelayanan Publik 2023",
        "title_en": "Top 99 Public Service Innovations 2023",
        "isbn": "978-602-1234-56-3",
        "language": Book.Language.BOTH,
        "grouping": Book.Grouping.CATEGORY,
        "foreword": "Kata pengantar buku inovasi.",
        "foreword_by": "Menteri PANRB",
        **fields,
    }
    return services.save_book(book=Book(edition=edition, **values), by=by)


def pages_of(path: Path | str) -> list[str]:
    """The text of each page, as pdftotext reads it (layout kept)."""
    # poppler-utils' pdftotext on a file the test made.
    output = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return output.stdout.split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


def toc_page_numbers(pages: list[str], titles: list[str], *, heading: str, until: str) -> dict[str, int]:
    """{title: page number} read from the table of contents: the pages from the one with `heading`
    to the one before the first that contains `until` (the first chapter's label, compared without
    spaces: letter-spaced capitals come out of pdftotext as "B A B")."""
    start = next(index for index, text in enumerate(pages) if heading in text)
    marker = "".join(until.split())
    end = next(index for index, text in enumerate(pages) if index > start and marker in "".join(text.split()))
    toc = flat(" ".join(pages[start:end]))
    found = {}
    for title in titles:
        match = re.search(re.escape(flat(title)) + r" (\d+)\b", toc)
        if match:
            found[title] = int(match.group(1))
    return found


def fonts_of(path: Path | str) -> list[list[str]]:
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    return [line.split() for line in output.splitlines()[2:] if line.strip()]
