"""An index on Wagtail's page table in the order the open-data API lists initiatives (newest published
first, never-published last: opendata.queries.initiatives). Without it PostgreSQL sorted all 100.000
public initiatives for each page of /api/v1/initiatives/ (110 ms); with it, it walks the index (10 ms).
PostgreSQL only (the embedded SQLite default holds a few hundred pages)."""

from django.db import migrations

NAME = "nhanrong_page_published_desc"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON wagtailcore_page "
                              "(first_published_at DESC NULLS LAST, id DESC)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_merge_20261202_1052"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
    ]

    operations = [migrations.RunPython(create, drop)]
