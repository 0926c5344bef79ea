from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from competitions.models import Edition
from sinovik.backup import export_edition


class Command(BaseCommand):
    help = "Export an edition (data and files) to a .tar.gz archive that restore_edition loads."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the edition's web address, e.g. kipp-2023")
        parser.add_argument("archive", help="where to write the archive, e.g. kipp-2023.tar.gz")

    def handle(self, *args, slug: str, archive: str, **options) -> None:
        edition = Edition.objects.filter(slug=slug).first()
        if edition is None:
            raise CommandError(f"No edition with the address {slug!r}.")
        manifest = export_edition(edition, Path(archive))
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"{archive}: {rows} rows, {len(manifest['files'])} files."))
