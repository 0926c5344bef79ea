"""Demo people for `manage.py seed_demo`. Every later feature adds its own demo data beside its app."""

from allauth.account.models import EmailAddress

from accounts.models import User

DEMO_PASSWORD = "Inovasi#2026"
DEMO_DOMAIN = "sinovik.test"


def demo_user(local_part: str, full_name: str, **extra) -> User:
    """Create (or refresh) a demo user with a verified email address and the demo password."""
    email = f"{local_part}@{DEMO_DOMAIN}"
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name, **extra})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed() -> None:
    # The secretariat's head also administers the site; other secretariat staff need only is_staff.
    demo_user("sekretariat", "Rina Kusumawati", is_staff=True, is_superuser=True, phone="021-7398381")
    demo_user("evaluator", "Prof. Dr. Bambang Sutrisno", phone="0812-3456-7001")
    demo_user("panelis", "Dr. Siti Aminah", phone="0812-3456-7002")
    demo_user("adminlokal", "Agus Prasetyo", phone="0812-3456-7003")
    demo_user("upp", "Dewi Lestari", phone="0812-3456-7004")
    demo_user("adminlokal.banyuwangi", "Made Wirawan", phone="0812-3456-7005")
