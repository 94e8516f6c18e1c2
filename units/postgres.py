"""PostgreSQL pieces of the accent-insensitive search, installed by migrations.

``unaccent()`` is only STABLE, so a generated column cannot call it; the wrapper pins the
dictionary and is declared IMMUTABLE, which is the documented way to index unaccented text.
"""

INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION public.tdkt_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
]
UNINSTALL = ["DROP FUNCTION IF EXISTS public.tdkt_unaccent(text)"]

CREATE_TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS person_search_trgm "
    "ON units_person USING gin (search_name gin_trgm_ops)"
)
DROP_TRIGRAM_INDEX = "DROP INDEX IF EXISTS person_search_trgm"


def _run(schema_editor, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def install_search(apps, schema_editor) -> None:
    _run(schema_editor, INSTALL)


def uninstall_search(apps, schema_editor) -> None:
    _run(schema_editor, UNINSTALL)


def create_trigram_index(apps, schema_editor) -> None:
    _run(schema_editor, [CREATE_TRIGRAM_INDEX])


def drop_trigram_index(apps, schema_editor) -> None:
    _run(schema_editor, [DROP_TRIGRAM_INDEX])
