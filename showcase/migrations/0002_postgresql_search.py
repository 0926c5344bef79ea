"""PostgreSQL only: pg_trgm, and the indexes full-text and typo-tolerant search use.

SQLite (laptops, one CI pass) has neither tsvector nor trigram indexes; showcase.search falls back to
icontains there, so these operations do nothing on it.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS showcase_profile_search ON showcase_publicprofile USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS showcase_profile_title_trgm ON showcase_publicprofile USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS showcase_profile_agency_trgm "
    "ON showcase_publicprofile USING gin (agency_name gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS showcase_profile_agency_trgm",
    "DROP INDEX IF EXISTS showcase_profile_title_trgm",
    "DROP INDEX IF EXISTS showcase_profile_search",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("showcase", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
