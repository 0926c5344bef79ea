"""Where the Indonesian catalogues live, and compiling them without GNU gettext.

Each app keeps its strings in `<app>/locale/id/LC_MESSAGES/django.po` (makemessages puts them there
because the folder exists); strings of the project-wide templates live in `locale/`.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings

SKIP_DIRS = {".venv", "staticfiles", "media", "node_modules", ".git"}


def po_files(language: str = "id") -> list[Path]:
    base = Path(settings.BASE_DIR)
    candidates = [base / "locale"] + [child / "locale" for child in sorted(base.iterdir()) if child.is_dir()]
    return [
        path / language / "LC_MESSAGES" / "django.po"
        for path in candidates
        if path.parent.name not in SKIP_DIRS and (path / language / "LC_MESSAGES" / "django.po").exists()
    ]


def read_catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parents[1].name)


def compile_catalogue(path: Path) -> None:
    catalogue = read_catalogue(path)
    with path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalogue)


def untranslated(path: Path) -> list[str]:
    """msgids of a catalogue that have no translation or are marked fuzzy."""
    problems = []
    for message in read_catalogue(path):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems
