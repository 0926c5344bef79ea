"""A desk-evaluation round of the judging `edition` fixture with five scored proposals, for the
finalists tests (a plain module of helpers; the fixtures live in each test file).

    key  agency (type, region)                       category             score
    A    Kota Surabaya (kota, Jawa Timur)            Transformasi Digital  90
    B    Kota Surabaya (kota, Jawa Timur)            Transformasi Digital  85
    C    Kota Bandung (kota, Jawa Barat)             Transformasi Digital  80
    E    Kabupaten Banyuwangi (kabupaten, Jawa Timur) Kesehatan            70
    D    Provinsi NTT (provinsi, eastern Indonesia)  Kesehatan             60
"""

from agencies.models import Agency, Region
from competitions.models import Stage
from jury.models import Review
from submissions.models import Proposal
from tests import factories as base
from tests.competitions.factories import CategoryFactory, StageFactory
from tests.jury.factories import PanelFactory, RoundFactory
from tests.submissions.factories import InnovationFactory, ProposalFactory

PROPOSALS = [
    ("A", "Klinik Adminduk Keliling", "Pemerintah Kota Surabaya", Agency.Kind.KOTA, "Kota Surabaya", 0, 90),
    ("B", "Surabaya Single Window", "Pemerintah Kota Surabaya", Agency.Kind.KOTA, "Kota Surabaya", 0, 85),
    ("C", "Bandung Smart Parking", "Pemerintah Kota Bandung", Agency.Kind.KOTA, "Kota Bandung", 0, 80),
    (
        "E",
        "Posyandu Digital Banyuwangi",
        "Pemerintah Kabupaten Banyuwangi",
        Agency.Kind.KABUPATEN,
        "Kabupaten Banyuwangi",
        1,
        70,
    ),
    (
        "D",
        "Puskesmas Terapung NTT",
        "Pemerintah Provinsi Nusa Tenggara Timur",
        Agency.Kind.PROVINSI,
        "Nusa Tenggara Timur",
        1,
        60,
    ),
]


def build_ranked_round(edition, group, *, count: int = len(PROPOSALS)):
    """The round and {key: proposal}; one juror's submitted totals are the scores above."""
    stage = StageFactory(edition=edition, kind=Stage.Kind.DESK_EVALUATION)
    round = RoundFactory(panel=PanelFactory(edition=edition, stage=stage), name="Penilaian Desk Tahap 1")
    categories = [
        CategoryFactory(edition=edition, name="Transformasi Digital", order=1),
        CategoryFactory(edition=edition, name="Kesehatan", order=2),
    ]
    juror = base.UserFactory(email="juri@example.test")
    agencies: dict[str, Agency] = {}
    proposals = {}
    for key, title, agency_name, kind, region, category, score in PROPOSALS[:count]:
        if agency_name not in agencies:
            agencies[agency_name] = base.AgencyFactory(
                name=agency_name, kind=kind, region=Region.objects.get(name=region)
            )
        innovation = InnovationFactory(unit=base.UnitFactory(agency=agencies[agency_name]), title=title)
        proposal = ProposalFactory(
            innovation=innovation, group=group, category=categories[category], status=Proposal.Status.PASSED
        )
        Review.objects.create(round=round, juror=juror, proposal=proposal, status=Review.Status.SUBMITTED, total=score)
        proposals[key] = proposal
    return round, proposals
