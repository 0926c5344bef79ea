import shutil
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

PO_FILE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="id")


def untranslated(path: Path = PO_FILE) -> list[str]:
    """msgids of the Indonesian catalogue that have no translation or are marked fuzzy."""
    problems = []
    for message in _read(path):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems


class Command(BaseCommand):
    help = "Fail when an Indonesian translation is missing; with --extract also look for new strings in code."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract", action="store_true", help="run makemessages (needs GNU gettext) and compare, then restore"
        )

    def handle(self, *args, extract: bool = False, **options) -> None:
        problems = untranslated()
        if extract:
            problems += self._strings_missing_from_catalogue()
        if problems:
            listing = "\n".join(f"  - {text!r}" for text in problems)
            raise CommandError(f"{len(problems)} string(s) need an Indonesian translation:\n{listing}")
        self.stdout.write(self.style.SUCCESS("Every user-facing string has an Indonesian translation."))

    def _strings_missing_from_catalogue(self) -> list[str]:
        with tempfile.TemporaryDirectory() as tmp:
            backup = Path(tmp) / "django.po"
            shutil.copy2(PO_FILE, backup)
            try:
                call_command(
                    "makemessages",
                    locale=["id"],
                    ignore_patterns=[".venv", "staticfiles", "tests"],
                    no_obsolete=True,
                    verbosity=0,
                )
                return untranslated(PO_FILE)
            finally:
                shutil.copy2(backup, PO_FILE)
