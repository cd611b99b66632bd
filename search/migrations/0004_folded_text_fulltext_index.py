"""A full-text GIN index over the folded text (PostgreSQL only; nothing on SQLite).

Every word of a query must be in the entry: the database backend adds, on PostgreSQL, a
`to_tsvector('simple', text_folded) @@ tsquery` condition (each query word, synonyms as
alternatives) answered from this index, so only the entries holding all the words are read and
checked with the exact LIKE '% w1 w2 %' — which alone decides, on both databases, what matches.
A trigram index answers LIKE too, but for common words ("mot", "cua") the planner rightly prefers
reading the whole table; the word index does not have that problem, so it replaces the trigram
index on text_folded (the one on title_folded stays, for suggestions).
"""

from django.db import migrations

INDEX = "search_entry_text_words"
EXPRESSION = "to_tsvector('simple'::regconfig, text_folded)"  # must match search.backends.database


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("nr_search", "SearchEntry")._meta.db_table
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{table}" USING gin (({EXPRESSION}))')
    schema_editor.execute('DROP INDEX IF EXISTS "search_entry_text_trgm"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("nr_search", "SearchEntry")._meta.db_table
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "search_entry_text_trgm" ON "{table}" USING gin ("text_folded" gin_trgm_ops)')


class Migration(migrations.Migration):

    dependencies = [
        ("nr_search", "0003_trigram_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
