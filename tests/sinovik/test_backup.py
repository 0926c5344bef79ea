"""Export an edition, restore it into an empty database in another process, export it again there,
and compare: every record and every file must come back identical."""

import json
import os
import re
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from competitions.models import Edition
from sinovik.backup import RestoreError, export_edition, restore_edition

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True)


def _read(archive: Path) -> tuple[dict, list]:
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        data = tar.extractfile("data.json").read().decode()
    # Django's serialiser keeps milliseconds and writes a time whose microseconds are below one
    # millisecond as "...:38.000Z"; restored, that instant has no microseconds left and is written
    # "...:38Z". Same instant, two spellings: compare them as one.
    rows = json.loads(re.sub(r'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)"', r'\1\2"', data))
    return manifest, sorted(rows, key=lambda row: (row["model"], json.dumps(row, sort_keys=True)))


@pytest.fixture
def empty_database(tmp_path):
    """A freshly migrated database of the same kind as the test database, in another process."""
    if connection.vendor == "postgresql":
        import psycopg2

        name = f"sinovik_restore_{uuid.uuid4().hex[:8]}"
        params = settings.DATABASES["default"]
        admin = psycopg2.connect(
            dbname="postgres",
            user=params["USER"],
            host=params["HOST"],
            port=params["PORT"],
            password=params["PASSWORD"],
        )
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    else:
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "restored-media"), "REDIS_URL": ""}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    yield env
    if connection.vendor == "postgresql":
        admin.cursor().execute(f'DROP DATABASE "{name}"')
        admin.close()


def test_edition_round_trip_reproduces_every_record_and_file(tmp_path, settings, empty_database, reference_data):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    edition = Edition.objects.get(slug="kipp-2023")
    original = tmp_path / "original.tar.gz"
    manifest = export_edition(edition, original)

    def manage(*args):
        result = subprocess.run(  # noqa: S603  (our own manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=empty_database,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result

    manage("restore_edition", str(original))
    again = tmp_path / "again.tar.gz"
    result = manage("export_edition", "kipp-2023", str(again))
    assert "rows" in result.stdout

    first_manifest, first_rows = _read(original)
    second_manifest, second_rows = _read(again)
    assert manifest["counts"]["submissions.proposal"] >= 6
    assert manifest["files"], "the demo edition has files"
    assert second_manifest["counts"] == first_manifest["counts"]
    assert second_manifest["files"] == first_manifest["files"]
    assert second_rows == first_rows


def test_restoring_into_a_database_that_has_the_edition_is_refused(tmp_path, settings, reference_data):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    archive = tmp_path / "kipp.tar.gz"
    export_edition(Edition.objects.get(slug="kipp-2023"), archive)

    with pytest.raises(RestoreError, match="already exists"):
        restore_edition(archive)
