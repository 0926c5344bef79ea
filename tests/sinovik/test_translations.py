from pathlib import Path

import pytest
from django.conf import settings

from sinovik.translations import compile_catalogue, conflicting, po_files, untranslated


def _owner(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR).parts[0])


def test_project_and_apps_have_indonesian_catalogues():
    owners = {_owner(path) for path in po_files()}

    assert {"locale", "accounts", "agencies", "competitions"} <= owners


@pytest.mark.parametrize("path", po_files(), ids=_owner)
def test_catalogue_is_fully_translated_and_compiles(path):
    assert untranslated(path) == []

    compile_catalogue(path)

    assert path.with_suffix(".mo").stat().st_size > 0


def test_no_string_is_translated_differently_by_two_apps():
    # Django merges the catalogues and one app's words win everywhere: a "Check" button read
    # "Pemeriksaan" (judging's noun) on the certificate page until the noun got a context.
    assert conflicting(po_files()) == []


def test_conflicts_are_found_across_catalogues(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    paths = []
    for app, text in [("first", "Periksa"), ("second", "Pemeriksaan")]:
        path = tmp_path / app / "locale" / "id" / "LC_MESSAGES" / "django.po"
        path.parent.mkdir(parents=True)
        path.write_text(f'msgid ""\nmsgstr ""\n\nmsgid "Check"\nmsgstr "{text}"\n', encoding="utf-8")
        paths.append(path)

    assert conflicting(paths) == ["'Check': first says 'Periksa', second says 'Pemeriksaan'"]
