"""Issue 17: every initiative has its stored impact row (rollout.impact_signals.on_initiative_created
keeps it so from now on), and the rows are indexed by reach: the showcase's "most replicated" then
reads a page of models in index order instead of sorting every recognised model (260 ms at national
scale). A page that lacked its row gets an empty one, marked stale when it has adoptions (the next
reader schedules its refresh)."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef
from django.utils import timezone


def add_missing_rows(apps, schema_editor):
    InitiativePage = apps.get_model("initiatives", "InitiativePage")
    InitiativeImpact = apps.get_model("rollout", "InitiativeImpact")
    Adoption = apps.get_model("rollout", "Adoption")
    missing = (InitiativePage.objects.filter(~Exists(InitiativeImpact.objects.filter(initiative_id=OuterRef("pk"))))
               .annotate(adopted=Exists(Adoption.objects.filter(initiative_id=OuterRef("pk"))))
               .values_list("pk", "adopted"))
    now = timezone.now()
    InitiativeImpact.objects.bulk_create(
        [InitiativeImpact(initiative_id=pk, metrics=[], computed_at=now, stale=adopted) for pk, adopted in missing],
        batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("rollout", "0011_i15_importjob_official_source"), ("initiatives", "0007_i17_publication_order_index")]

    operations = [
        migrations.RunPython(add_missing_rows, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="initiativeimpact",
            index=models.Index(fields=["-adopters", "initiative"], name="initiative_impact_reach"),
        ),
    ]
