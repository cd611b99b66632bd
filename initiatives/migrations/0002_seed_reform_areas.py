"""Seed the reform areas of the state PAR programme (Nghị quyết 76/NQ-CP, 2021-2030). Editable data."""

from django.db import migrations

AREAS = [
    ("chi-dao-dieu-hanh", "Công tác chỉ đạo, điều hành cải cách hành chính", "Direction and management of PAR"),
    ("the-che", "Cải cách thể chế", "Institutional reform"),
    ("thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính", "Administrative procedures reform"),
    ("to-chuc-bo-may", "Cải cách tổ chức bộ máy hành chính nhà nước", "Reform of the organisational apparatus"),
    ("cong-vu", "Cải cách chế độ công vụ", "Civil service reform"),
    ("tai-chinh-cong", "Cải cách tài chính công", "Public finance reform"),
    ("chinh-phu-so", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "E-government and digital government"),
]


def seed(apps, schema_editor):
    ReformArea = apps.get_model("initiatives", "ReformArea")
    for order, (slug, name, name_en) in enumerate(AREAS):
        ReformArea.objects.update_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
