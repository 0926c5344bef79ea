from accounts.demo import DEMO_DOMAIN
from accounts.models import User
from agencies.models import Agency, Membership, Unit

AGENCIES = [
    (
        "Pemerintah Kota Surabaya",
        Agency.Kind.KOTA,
        ["Dinas Kependudukan dan Pencatatan Sipil", "Puskesmas Kenjeran", "Dinas Komunikasi dan Informatika"],
    ),
    ("Pemerintah Kabupaten Banyuwangi", Agency.Kind.KABUPATEN, ["Dinas Kesehatan", "Mal Pelayanan Publik Banyuwangi"]),
    ("Kementerian Kesehatan", Agency.Kind.KEMENTERIAN, ["Direktorat Jenderal Pelayanan Kesehatan"]),
    (
        "Pemerintah Provinsi Nusa Tenggara Timur",
        Agency.Kind.PROVINSI,
        ["Rumah Sakit Umum Daerah Prof. Dr. W. Z. Johannes"],
    ),
    ("PT Bank Pembangunan Daerah Jawa Timur", Agency.Kind.BUMD, ["Divisi Layanan Digital"]),
]


def seed() -> None:
    for name, kind, unit_names in AGENCIES:
        agency, _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
        for unit_name in unit_names:
            Unit.objects.get_or_create(agency=agency, name=unit_name)

    surabaya = Agency.objects.get(name="Pemerintah Kota Surabaya")
    banyuwangi = Agency.objects.get(name="Pemerintah Kabupaten Banyuwangi")
    _member("adminlokal", surabaya, None, Membership.Role.ADMIN_LOKAL)
    _member(
        "upp", surabaya, surabaya.units.get(name="Dinas Kependudukan dan Pencatatan Sipil"), Membership.Role.UPP_STAFF
    )
    _member("adminlokal.banyuwangi", banyuwangi, None, Membership.Role.ADMIN_LOKAL)


def _member(local_part: str, agency: Agency, unit: Unit | None, role: str) -> None:
    user = User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}")
    Membership.objects.get_or_create(user=user, agency=agency, unit=unit, role=role)
