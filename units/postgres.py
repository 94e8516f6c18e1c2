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


# The name dictionary (``units.SearchName``, issue 13): every distinct folded name of the
# person register and the award archive. A trigram scan of its 26,000 names and an exact
# lookup of the rows by name costs 0.6 ms where the trigram scan of 1,000,000 grants cost
# 15 ms ("nguyen van hung"). Kept whole by statement-level triggers, so bulk inserts, COPY
# and updates that rename all feed it; names are inserted in order, so two transactions
# adding the same new names cannot deadlock. A name no row carries any more stays: it
# matches nothing, and the lookup by name stays exact.
NAME_TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS searchname_trgm ON units_searchname USING gin (name gin_trgm_ops)"
)
COLLECT_NAMES = """
CREATE OR REPLACE FUNCTION public.tdkt_collect_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO units_searchname (name)
    SELECT DISTINCT search_name FROM new_rows WHERE search_name <> '' ORDER BY 1
    ON CONFLICT (name) DO NOTHING;
    RETURN NULL;
END
$$
"""
NAME_EVENTS = ("insert", "update")  # a transition table serves one event per trigger


def _name_statements(table: str) -> list[str]:
    triggers = [
        f"CREATE OR REPLACE TRIGGER {table}_names_{event} AFTER {event.upper()} ON {table} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION public.tdkt_collect_names()"
        for event in NAME_EVENTS
    ]
    backfill = (
        f"INSERT INTO units_searchname (name) SELECT DISTINCT search_name FROM {table} "  # noqa: S608 - a table name of the migrations
        f"WHERE search_name <> '' ORDER BY 1 ON CONFLICT (name) DO NOTHING"
    )
    return [*triggers, backfill]


def collect_names_from(table: str):
    """Migration operations' pair: feed the dictionary from ``table`` (triggers, backfill).
    Run again, it changes nothing but adding the names it finds missing."""

    def forward(apps, schema_editor) -> None:
        _run(schema_editor, [COLLECT_NAMES, NAME_TRIGRAM_INDEX, *_name_statements(table)])

    def backward(apps, schema_editor) -> None:
        drops = [f"DROP TRIGGER IF EXISTS {table}_names_{e} ON {table}" for e in NAME_EVENTS]
        _run(schema_editor, drops)

    return forward, backward
