from django.db import migrations

STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS grant_search_trgm "
    "ON awards_awardgrant USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS household_search_trgm "
    "ON awards_household USING gin (search_name gin_trgm_ops)",
]
REVERSE = ["DROP INDEX IF EXISTS grant_search_trgm", "DROP INDEX IF EXISTS household_search_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in STATEMENTS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """Trigram GIN indexes for the archive search (PostgreSQL only; units 0001 installs
    pg_trgm and the unaccent wrapper)."""

    dependencies = [("awards", "0002_seed_catalogue"), ("units", "0002_person_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
