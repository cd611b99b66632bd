from django.db import migrations


def seed(apps, schema_editor):
    from campaigns.seed import BADGES, PEER_GROUPS, POINT_RULES

    PointRule = apps.get_model("campaigns", "PointRule")
    BadgeDefinition = apps.get_model("campaigns", "BadgeDefinition")
    BadgeLevel = apps.get_model("campaigns", "BadgeLevel")
    PeerGroup = apps.get_model("campaigns", "PeerGroup")
    for order, (code, description, points) in enumerate(POINT_RULES):
        PointRule.objects.get_or_create(code=code, defaults={
            "description": description, "points": points, "sort_order": order})
    for code, name, description, criterion, measure, levels in BADGES:
        definition, _ = BadgeDefinition.objects.get_or_create(code=code, defaults={
            "name": name, "description": description, "criterion": criterion, "measure_label": measure})
        for order, (level, level_name, threshold) in enumerate(levels):
            BadgeLevel.objects.get_or_create(definition=definition, level=level, defaults={
                "name": level_name, "threshold": threshold, "sort_order": order})
    for slug, name, description in PEER_GROUPS:
        PeerGroup.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
