"""A trigram index on the exemplars' folded names (PostgreSQL), so the public gallery's
accent-insensitive search (LIKE '%…%') stays fast over many exemplars."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS exemplar_search_trgm "
    "ON campaigns_exemplar USING gin (search_name gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS exemplar_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_movements_registrations_exemplars")]

    operations = [migrations.RunPython(create, drop)]
