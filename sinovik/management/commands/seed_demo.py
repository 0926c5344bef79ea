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
    """Every project app's `demo` module, in INSTALLED_APPS order (which follows the dependencies).
    Each has `seed()`, `seed_after_all()` (run once every `seed()` has), or both; all idempotent."""
    local = [app.name for app in apps.get_app_configs() if app.path.startswith(str(settings.BASE_DIR))]
    return [f"{name}.demo" for name in local if find_spec(f"{name}.demo")]


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        modules = [import_module(name) for name in demo_modules()]
        with transaction.atomic():
            for module in modules:
                if hasattr(module, "seed"):
                    module.seed()
            # History that needs what later demos add (the showcase adds KIPP 2023 finalists, which
            # the jury then scores and judging and interviews take through the finals) comes last.
            for module in modules:
                if hasattr(module, "seed_after_all"):
                    module.seed_after_all()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these (password below):"))
        for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("email"):
            roles = ", ".join(sorted(roles_of(user))) or "-"
            self.stdout.write(f"  {user.email:<40} {roles}")
        self.stdout.write(f"  password for every demo account: {DEMO_PASSWORD}")
