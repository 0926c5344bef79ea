from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from accounts.models import User
from sinovik.roles import roles_of

# Each app seeds its own demo data in `<app>/demo.py`; the order follows the app dependencies.
DEMO_MODULES = ["accounts.demo", "agencies.demo", "competitions.demo"]


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for module in DEMO_MODULES:
                import_module(module).seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these (password below):"))
        for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("email"):
            roles = ", ".join(sorted(roles_of(user))) or "-"
            self.stdout.write(f"  {user.email:<40} {roles}")
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
