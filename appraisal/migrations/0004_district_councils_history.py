"""Existing data after 1 July 2025: district councils (cấp huyện) stay as history, marked dissolved on
30 June 2025 (they open no round and decide nothing more); their decisions and the "cấp huyện"
recognitions stay as they are (labelled "(trước 01/07/2025)"). The name of the council that decided
is copied onto each decided initiative, for its public page. Reversible: nothing is deleted."""

import datetime

from django.db import migrations

DISTRICTS_ENDED = datetime.date(2025, 6, 30)


def forwards(apps, schema_editor):
    Council = apps.get_model("appraisal", "Council")
    Decision = apps.get_model("appraisal", "Decision")
    InitiativePage = apps.get_model("initiatives", "InitiativePage")
    Council.objects.filter(level="district", dissolved_on__isnull=True).update(dissolved_on=DISTRICTS_ENDED)
    for page_id, name in (Decision.objects.exclude(outcome="returned")
                          .values_list("entry__initiative_id", "entry__round__council__name")):
        InitiativePage.objects.filter(pk=page_id, council_name="").update(council_name=name)


def backwards(apps, schema_editor):
    Council = apps.get_model("appraisal", "Council")
    Council.objects.filter(level="district", dissolved_on=DISTRICTS_ENDED).update(dissolved_on=None)


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0003_recognition"), ("initiatives", "0004_application_receipt_scope")]
    operations = [migrations.RunPython(forwards, backwards)]
