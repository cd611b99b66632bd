"""Seed the abbreviations of the field as editable synonyms (Tìm kiếm → Từ đồng nghĩa)."""

from django.db import migrations

SEED = [
    ("TTHC\nthủ tục hành chính", "Thủ tục hành chính"),
    ("CCHC\ncải cách hành chính", "Cải cách hành chính"),
    ("DVC\ndịch vụ công", "Dịch vụ công"),
    ("DVCTT\nDVC trực tuyến\ndịch vụ công trực tuyến", "Dịch vụ công trực tuyến"),
    ("TN&TKQ\nTN và TKQ\ntiếp nhận và trả kết quả", "Bộ phận tiếp nhận và trả kết quả"),
    ("một cửa\nbộ phận một cửa", "Bộ phận một cửa"),
    ("SIPAS\nchỉ số hài lòng về sự phục vụ hành chính", "Chỉ số hài lòng SIPAS"),
    ("PAR Index\nchỉ số cải cách hành chính\nchỉ số CCHC", "Chỉ số CCHC (PAR Index)"),
    ("UBND\nủy ban nhân dân", "Ủy ban nhân dân"),
    ("HĐND\nhội đồng nhân dân", "Hội đồng nhân dân"),
    ("NTM\nnông thôn mới", "Nông thôn mới"),
    ("CNTT\ncông nghệ thông tin", "Công nghệ thông tin"),
    ("CĐS\nchuyển đổi số", "Chuyển đổi số"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("nr_search", "Synonym")
    for terms, note in SEED:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": note})


def unseed(apps, schema_editor):
    Synonym = apps.get_model("nr_search", "Synonym")
    Synonym.objects.filter(terms__in=[terms for terms, _ in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("nr_search", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
