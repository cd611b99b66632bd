"""A trigram GIN index on the folded text, so that diacritic-free queries (LIKE '% w1 w2 %' on
SearchEntry.text_folded) are answered from the index instead of a scan of every entry.

PostgreSQL only (pg_trgm, a trusted extension: the database owner may create it). On SQLite the
operation does nothing: the same LIKE runs there unindexed and gives the same results.
"""

from django.db import migrations

INDEXES = {  # index name -> column
    "search_entry_text_trgm": "text_folded",
    "search_entry_title_trgm": "title_folded",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("nr_search", "SearchEntry")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("nr_search", "0002_seed_synonyms"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
