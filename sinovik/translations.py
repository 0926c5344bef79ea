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


def conflicting(paths: list[Path]) -> list[str]:
    """msgids translated differently in two catalogues.

    Django merges every app's catalogue into one, and the first app in INSTALLED_APPS wins, so such a
    string shows another app's words on some pages (a "Check" button reading "Pemeriksaan"). Give one
    of them a context (pgettext / `translate ... context`) or agree on the words.
    """
    seen: dict[tuple, tuple[str, str]] = {}
    problems = []
    for path in paths:
        where = path.relative_to(Path(settings.BASE_DIR)).parts[0]
        for message in read_catalogue(path):
            if not message.id or message.fuzzy or not message.string:
                continue
            key = (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
            text = message.string if isinstance(message.string, str) else " | ".join(message.string)
            if key in seen and seen[key][1] != text:
                shown = key[1] if isinstance(key[1], str) else key[1][0]
                problems.append(f"{shown!r}: {seen[key][0]} says {seen[key][1]!r}, {where} says {text!r}")
            seen.setdefault(key, (where, text))
    return problems
