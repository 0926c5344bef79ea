from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from accounts.models import User
from sinovik.roles import roles_of


def demo_modules() -> list[str]:
    """Every project app's `demo` module, in INSTALLED_APPS order (which follows the dependencies)."""
    local = [app.name for app in apps.get_app_configs() if app.path.startswith(str(settings.BASE_DIR))]
    return [f"{name}.demo" for name in local if find_spec(f"{name}.demo")]


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for module in demo_modules():
                import_module(module).seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these (password below):"))
        for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("email"):
            roles = ", ".join(sorted(roles_of(user))) or "-"
            self.stdout.write(f"  {user.email:<40} {roles}")
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
