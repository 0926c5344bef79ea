import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sinovik.translations import conflicting, po_files, untranslated


class Command(BaseCommand):
    help = "Fail when an Indonesian translation is missing; with --extract also look for new strings in code."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract", action="store_true", help="run makemessages (needs GNU gettext) and compare, then restore"
        )

    def handle(self, *args, extract: bool = False, **options) -> None:
        problems = self._strings_missing_from_catalogues() if extract else self._untranslated()
        clashes = conflicting(po_files())
        if clashes:
            listing = "\n".join(f"  - {clash}" for clash in clashes)
            raise CommandError(f"{len(clashes)} string(s) are translated differently by two apps:\n{listing}")
        if problems:
            listing = "\n".join(f"  - {text!r}" for text in problems)
            raise CommandError(f"{len(problems)} string(s) need an Indonesian translation:\n{listing}")
        self.stdout.write(self.style.SUCCESS("Every user-facing string has an Indonesian translation."))

    def _untranslated(self) -> list[str]:
        base = Path(settings.BASE_DIR)
        return [f"{path.relative_to(base).parts[0]}: {text}" for path in po_files() for text in untranslated(path)]

    def _strings_missing_from_catalogues(self) -> list[str]:
        originals = po_files()
        with tempfile.TemporaryDirectory() as tmp:
            backups = []
            for index, path in enumerate(originals):
                backups.append((path, Path(tmp) / f"{index}.po"))
                shutil.copy2(path, backups[-1][1])
            try:
                call_command(
                    "makemessages",
                    locale=["id"],
                    ignore_patterns=[".venv", "staticfiles", "tests", "benchmarks"],
                    no_obsolete=True,
                    verbosity=0,
                )
                return self._untranslated()
            finally:
                for path, backup in backups:
                    shutil.copy2(backup, path)
                for path in set(po_files()) - set(originals):
                    path.unlink()
