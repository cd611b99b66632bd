from django.db import migrations, models


def fill(apps, schema_editor):
    from initiatives.models.pages import fold_titles

    InitiativePage = apps.get_model("initiatives", "InitiativePage")
    for page in InitiativePage.objects.only("pk", "title", "draft_title").iterator():
        InitiativePage.objects.filter(pk=page.pk).update(title_folded=fold_titles(page.title, page.draft_title))


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0004_application_receipt_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiativepage",
            name="title_folded",
            field=models.CharField(blank=True, editable=False, max_length=520),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
