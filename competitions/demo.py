from accounts.demo import DEMO_DOMAIN
from accounts.models import User
from competitions.models import Organiser, OrganiserMembership


def seed() -> None:
    organiser, _ = Organiser.objects.get_or_create(
        name="Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        defaults={"short_name": "KemenPAN-RB"},
    )
    for local_part, role in [
        ("sekretariat", OrganiserMembership.Role.SECRETARIAT),
        ("evaluator", OrganiserMembership.Role.EVALUATOR),
        ("panelis", OrganiserMembership.Role.PANELIST),
    ]:
        user = User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}")
        OrganiserMembership.objects.get_or_create(user=user, organiser=organiser, role=role)
