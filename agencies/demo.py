"""Demo agencies: ~45 verified agencies of every type across many provinces, with UPPs and people,
and a few requests waiting for the secretariat (one of them a likely duplicate)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from accounts.demo import demo_user
from agencies import services
from agencies.models import AccountRequest, Agency, Membership, Region, Unit

K = Agency.Kind
UNITS_BY_KIND = {
    K.KEMENTERIAN: ["Sekretariat Jenderal", "Direktorat Pelayanan Publik", "Pusat Data dan Informasi"],
    K.LEMBAGA: ["Biro Umum", "Direktorat Layanan", "Unit Layanan Terpadu"],
    K.PROVINSI: ["Badan Pendapatan Daerah", "Dinas Kesehatan", "Rumah Sakit Umum Daerah"],
    K.KABUPATEN: [
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Kesehatan",
        "Mal Pelayanan Publik",
        "Puskesmas Kecamatan",
    ],
    K.KOTA: ["Dinas Kependudukan dan Pencatatan Sipil", "Dinas Komunikasi dan Informatika", "Puskesmas Kota"],
    K.BUMN: ["Divisi Layanan Pelanggan", "Unit Transformasi Digital"],
    K.BUMD: ["Divisi Layanan Pelanggan"],
}

# (name, kind, region name or None, parent name or None)
AGENCIES = [
    ("Kementerian Kesehatan", K.KEMENTERIAN, None, None),
    ("Kementerian Agama", K.KEMENTERIAN, None, None),
    ("Kementerian Keuangan", K.KEMENTERIAN, None, None),
    ("Kementerian Dalam Negeri", K.KEMENTERIAN, None, None),
    ("Kementerian Hukum", K.KEMENTERIAN, None, None),
    ("Badan Pusat Statistik", K.LEMBAGA, None, None),
    ("Badan Pengawas Obat dan Makanan", K.LEMBAGA, None, None),
    ("Badan Kepegawaian Negara", K.LEMBAGA, None, None),
    ("Lembaga Administrasi Negara", K.LEMBAGA, None, None),
    ("Pemerintah Provinsi Jawa Timur", K.PROVINSI, "Jawa Timur", None),
    ("Pemerintah Provinsi Jawa Tengah", K.PROVINSI, "Jawa Tengah", None),
    ("Pemerintah Provinsi Sulawesi Selatan", K.PROVINSI, "Sulawesi Selatan", None),
    ("Pemerintah Provinsi Nusa Tenggara Timur", K.PROVINSI, "Nusa Tenggara Timur", None),
    ("Pemerintah Provinsi Papua", K.PROVINSI, "Papua", None),
    ("Pemerintah Provinsi Kalimantan Timur", K.PROVINSI, "Kalimantan Timur", None),
    ("Pemerintah Aceh", K.PROVINSI, "Aceh", None),
    ("Pemerintah Daerah Istimewa Yogyakarta", K.PROVINSI, "Daerah Istimewa Yogyakarta", None),
    ("Pemerintah Kabupaten Banyuwangi", K.KABUPATEN, "Kabupaten Banyuwangi", None),
    ("Pemerintah Kabupaten Sumedang", K.KABUPATEN, "Kabupaten Sumedang", None),
    ("Pemerintah Kabupaten Kulon Progo", K.KABUPATEN, "Kabupaten Kulon Progo", None),
    ("Pemerintah Kabupaten Sleman", K.KABUPATEN, "Kabupaten Sleman", None),
    ("Pemerintah Kabupaten Bantaeng", K.KABUPATEN, "Kabupaten Bantaeng", None),
    ("Pemerintah Kabupaten Gowa", K.KABUPATEN, "Kabupaten Gowa", None),
    ("Pemerintah Kabupaten Sumba Barat Daya", K.KABUPATEN, "Kabupaten Sumba Barat Daya", None),
    ("Pemerintah Kabupaten Jayawijaya", K.KABUPATEN, "Kabupaten Jayawijaya", None),
    ("Pemerintah Kabupaten Kutai Kartanegara", K.KABUPATEN, "Kabupaten Kutai Kartanegara", None),
    ("Pemerintah Kabupaten Lombok Utara", K.KABUPATEN, "Kabupaten Lombok Utara", None),
    ("Pemerintah Kabupaten Badung", K.KABUPATEN, "Kabupaten Badung", None),
    ("Pemerintah Kabupaten Bojonegoro", K.KABUPATEN, "Kabupaten Bojonegoro", None),
    ("Pemerintah Kabupaten Nias", K.KABUPATEN, "Kabupaten Nias", None),
    ("Pemerintah Kota Surabaya", K.KOTA, "Kota Surabaya", None),
    ("Pemerintah Kota Makassar", K.KOTA, "Kota Makassar", None),
    ("Pemerintah Kota Semarang", K.KOTA, "Kota Semarang", None),
    ("Pemerintah Kota Bandung", K.KOTA, "Kota Bandung", None),
    ("Pemerintah Kota Denpasar", K.KOTA, "Kota Denpasar", None),
    ("Pemerintah Kota Kupang", K.KOTA, "Kota Kupang", None),
    ("Pemerintah Kota Jayapura", K.KOTA, "Kota Jayapura", None),
    ("Pemerintah Kota Balikpapan", K.KOTA, "Kota Balikpapan", None),
    ("Pemerintah Kota Padang", K.KOTA, "Kota Padang", None),
    ("PT PLN (Persero)", K.BUMN, None, None),
    ("PT Kereta Api Indonesia (Persero)", K.BUMN, None, None),
    ("PT Pos Indonesia (Persero)", K.BUMN, None, None),
    ("PT Bank Pembangunan Daerah Jawa Timur Tbk", K.BUMD, "Jawa Timur", "Pemerintah Provinsi Jawa Timur"),
    ("Perumda Air Minum Kota Makassar", K.BUMD, "Kota Makassar", "Pemerintah Kota Makassar"),
]

# Demo people: (email local part, full name, agency, unit or None for Admin Lokal)
PEOPLE = [
    ("adminlokal", "Agus Prasetyo", "Pemerintah Kota Surabaya", None),
    ("upp", "Dewi Lestari", "Pemerintah Kota Surabaya", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("upp.puskesmas", "Rudi Hartono", "Pemerintah Kota Surabaya", "Puskesmas Kota"),
    ("adminlokal.banyuwangi", "Made Wirawan", "Pemerintah Kabupaten Banyuwangi", None),
    ("upp.banyuwangi", "Siti Rahmawati", "Pemerintah Kabupaten Banyuwangi", "Mal Pelayanan Publik"),
    ("adminlokal.makassar", "Andi Baso", "Pemerintah Kota Makassar", None),
    ("adminlokal.ntt", "Yohanes Bria", "Pemerintah Provinsi Nusa Tenggara Timur", None),
    ("upp.ntt", "Maria Tefa", "Pemerintah Provinsi Nusa Tenggara Timur", "Rumah Sakit Umum Daerah"),
    ("adminlokal.kemenkes", "dr. Hendra Wijaya", "Kementerian Kesehatan", None),
    ("adminlokal.jayawijaya", "Yakob Wenda", "Pemerintah Kabupaten Jayawijaya", None),
]

PENDING_REQUESTS = [
    # (agency name, kind, region, admin name, admin email local part, confirm email?)
    ("Pemerintah Kabupaten Merauke", K.KABUPATEN, "Kabupaten Merauke", "Fransiskus Gebze", "permohonan.merauke", True),
    ("Pemkot Surabaya", K.KOTA, "Kota Surabaya", "Bambang Hariyadi", "permohonan.surabaya", True),
    ("Pemerintah Kabupaten Sikka", K.KABUPATEN, "Kabupaten Sikka", "Theresia Da Silva", "permohonan.sikka", False),
]


def demo_letter() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("surat-permohonan.pdf", buffer.getvalue(), content_type="application/pdf")


def seed() -> None:
    regions = {region.name: region for region in Region.objects.all()}
    for name, kind, region_name, parent_name in AGENCIES:
        parent = Agency.objects.get(name=parent_name) if parent_name else None
        agency, _ = Agency.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "region": regions.get(region_name),
                "parent": parent,
                "status": Agency.Status.VERIFIED,
                "email": f"layanan@{_slug(name)}.go.id",
            },
        )
        if agency.verified_at is None:
            agency.verified_at = agency.created_at
            agency.save(update_fields=["verified_at"])
        for unit_name in UNITS_BY_KIND[kind]:
            Unit.objects.get_or_create(agency=agency, name=unit_name)

    for local_part, full_name, agency_name, unit_name in PEOPLE:
        user = demo_user(local_part, full_name)
        agency = Agency.objects.get(name=agency_name)
        unit = Unit.objects.get(agency=agency, name=unit_name) if unit_name else None
        role = Membership.Role.UPP_STAFF if unit else Membership.Role.ADMIN_LOKAL
        Membership.objects.get_or_create(
            user=user,
            agency=agency,
            unit=unit,
            role=role,
            defaults={"position": "Kepala Bagian Organisasi" if not unit else ""},
        )

    for name, kind, region_name, admin_name, local_part, confirm in PENDING_REQUESTS:
        if AccountRequest.objects.filter(agency__name=name).exists():
            continue
        account_request = services.request_account(
            name=name,
            kind=kind,
            region=regions[region_name],
            parent=None,
            address="Jl. Raya No. 1",
            email=f"organisasi@{_slug(name)}.go.id",
            phone="0971-321000",
            website="",
            admin_name=admin_name,
            admin_position="Kepala Bagian Organisasi",
            admin_email=f"{local_part}@sinovik.test",
            admin_phone="0812-0000-0000",
            letter=demo_letter(),
        )
        if confirm:
            services.confirm_request_email(account_request=account_request)


def _slug(name: str) -> str:
    words = name.lower().replace("pemerintah ", "").replace("(persero)", "").split()
    return "".join(word for word in words if word.isalnum())[:30]
