"""Export one edition (its data and its files) to an archive, and restore it into an empty database.

What an edition owns is found by following relations *into* the edition: its stages, groups,
form, proposals, their answers, files, reviews, decisions... (every row whose foreign key leads back
to the edition). What those rows point *out* to (agencies, units, people, regions, SDGs, the
organiser) is included too, so the archive restores on its own into a freshly migrated database.
For the people and agencies included, their email addresses, units and memberships come along so
they can sign in and keep their roles. Rows keep their primary keys.

The archive is a .tar.gz with `manifest.json` (counts per model and a SHA-256 per file),
`data.json` (Django's serialisation) and `media/` (the files).
"""

import hashlib
import io
import json
import tarfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction

FORMAT_VERSION = 1

# Rows that travel with an included object although they do not point to the edition.
SATELLITES = {
    "accounts.user": ["emailaddress_set", "agency_memberships", "organiser_memberships"],
    "agencies.agency": ["units", "memberships"],
}
# Never exported: secrets and transient state.
EXCLUDED = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog", "mfa.authenticator"}


def _label(model) -> str:
    return model._meta.label_lower


def _is_project_model(model) -> bool:
    return _label(model) not in EXCLUDED and model._meta.managed and not model._meta.proxy


def _reverse_relations(model):
    for relation in model._meta.related_objects:
        # A link between two editions (copied from, feeds into) is a reference, not ownership.
        if relation.related_model is model:
            continue
        if (relation.one_to_many or relation.one_to_one) and _is_project_model(relation.related_model):
            yield relation


def _forward_targets(obj):
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.ForeignKey | models.OneToOneField):
            target = getattr(obj, field.name, None)
            if target is not None and _is_project_model(type(target)):
                yield target
    for field in obj._meta.many_to_many:
        if _is_project_model(field.related_model):
            yield from getattr(obj, field.name).all()


def collect(edition) -> list:
    """Every row the edition owns, then everything those rows need, without duplicates."""
    seen: dict[tuple[str, object], object] = {}

    def add(obj) -> bool:
        key = (_label(type(obj)), obj.pk)
        if key in seen:
            return False
        seen[key] = obj
        return True

    # 1. Owned rows: walk relations into the edition, transitively.
    pending = [edition]
    add(edition)
    while pending:
        obj = pending.pop()
        for relation in _reverse_relations(type(obj)):
            for child in relation.related_model._base_manager.filter(**{relation.field.name: obj}):
                if add(child):
                    pending.append(child)

    # 2. Dependencies: walk forward, adding the satellites of people and agencies on the way.
    pending = list(seen.values())
    while pending:
        obj = pending.pop()
        for target in _forward_targets(obj):
            if add(target):
                pending.append(target)
        for accessor in SATELLITES.get(_label(type(obj)), []):
            related = getattr(obj, accessor, None)
            if related is None:
                continue
            for satellite in related.all():
                if add(satellite):
                    pending.append(satellite)
    return list(seen.values())


def _identity(obj):
    """What names a row across databases: its natural key when it has one, else its primary key."""
    return obj.natural_key() if hasattr(obj, "natural_key") else obj.pk


def _files(objects) -> dict[str, bytes]:
    files = {}
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if isinstance(field, models.FileField):
                value = getattr(obj, field.name)
                if value and value.name and default_storage.exists(value.name):
                    with default_storage.open(value.name, "rb") as handle:
                        files[value.name] = handle.read()
    return files


def export_edition(edition, destination: Path) -> dict:
    """Write the edition's archive to `destination`; return the manifest."""
    objects = collect(edition)
    # Parents before children keeps the file readable; loading defers constraint checks anyway.
    order = {model: index for index, model in enumerate(apps.get_models())}
    objects.sort(key=lambda obj: (order.get(type(obj), 0), str(_identity(obj))))
    # Reference data (regions, SDGs) is matched by its official code on restore, not by row id,
    # so an archive loads into any database that ran the migrations.
    data = serializers.serialize(
        "json", objects, indent=1, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    files = _files(objects)
    counts: dict[str, int] = defaultdict(int)
    for obj in objects:
        counts[_label(type(obj))] += 1
    manifest = {
        "format": FORMAT_VERSION,
        "edition": {"pk": edition.pk, "slug": edition.slug, "year": edition.year},
        "counts": dict(sorted(counts.items())),
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())},
    }
    with tarfile.open(destination, "w:gz") as archive:
        _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add(archive, "data.json", data.encode())
        for name, content in files.items():
            _add(archive, f"media/{name}", content)
    return manifest


def _add(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


class RestoreError(Exception):
    pass


def restore_edition(source: Path) -> dict:
    """Load an archive made by export_edition into this (migrated) database and media storage.

    Refuses an archive whose files do not match their checksums, and an edition that already
    exists here (restoring is for an empty database, not for merging).
    """
    with tarfile.open(source, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        data = archive.extractfile("data.json").read().decode()
        files = {}
        for member in archive.getmembers():
            if member.name.startswith("media/") and member.isfile():
                files[member.name.removeprefix("media/")] = archive.extractfile(member).read()
    if manifest.get("format") != FORMAT_VERSION:
        raise RestoreError(f"Unknown archive format {manifest.get('format')!r}.")
    for name, digest in manifest["files"].items():
        if hashlib.sha256(files.get(name, b"")).hexdigest() != digest:
            raise RestoreError(f"The file {name} in the archive is damaged.")
    edition_model = apps.get_model("competitions", "Edition")
    if edition_model.objects.filter(slug=manifest["edition"]["slug"]).exists():
        raise RestoreError(f"The edition {manifest['edition']['slug']} already exists in this database.")
    with transaction.atomic():
        fixture = Path(source).with_suffix(".restore.json")
        fixture.write_text(data)
        try:
            call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink()
        for name, content in files.items():
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, io.BytesIO(content))
    return manifest
