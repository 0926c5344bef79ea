from pathlib import Path

import pytest
from django.conf import settings

from sinovik.translations import compile_catalogue, po_files, untranslated


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
