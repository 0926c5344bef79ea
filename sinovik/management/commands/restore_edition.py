from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sinovik.backup import RestoreError, restore_edition


class Command(BaseCommand):
    help = "Restore an edition archive made by export_edition into this (migrated, empty) database."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive: str, **options) -> None:
        try:
            manifest = restore_edition(Path(archive))
        except RestoreError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {manifest['edition']['slug']}: {rows} rows, {len(manifest['files'])} files.")
        )
