from django.core.management.base import BaseCommand
from django.db import transaction

from agencies.models import Region
from agencies.regions import load_regions


class Command(BaseCommand):
    help = "Load or refresh the provinces and kabupaten/kota from agencies/data/ (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            created, updated = load_regions(Region)
        self.stdout.write(self.style.SUCCESS(f"Regions: {created} created, {updated} updated."))
