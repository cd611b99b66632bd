from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("rollout", "0010_merge_20261202_1057")]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="official_source",
            field=models.CharField(blank=True, max_length=200, verbose_name="nguồn chính thức"),
        ),
    ]
