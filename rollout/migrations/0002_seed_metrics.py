"""Seed the indicator catalogue with the indicators the source reports use (../shared/seeds/)."""

from django.db import migrations

PCT = {"unit": "percent", "min_value": 0, "max_value": 100, "decimals": 2}
COUNT = {"unit": "count", "min_value": 0, "max_value": None, "decimals": 0}

METRICS = [
    ("dossiers_received", "Số hồ sơ tiếp nhận", "Dossiers received", "higher", COUNT),
    ("dossiers_on_time", "Số hồ sơ giải quyết trước hạn và đúng hạn", "Dossiers resolved early or on time",
     "higher", COUNT),
    ("dossiers_on_time_pct", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
     "Share of dossiers resolved early or on time", "higher", PCT),
    ("dossiers_resolved_pct", "Tỷ lệ hồ sơ đã giải quyết", "Share of dossiers resolved", "higher", PCT),
    ("dossiers_pending", "Số hồ sơ đang giải quyết trong hạn", "Dossiers pending within the deadline",
     "lower", COUNT),
    ("dossiers_overdue", "Số hồ sơ quá hạn", "Overdue dossiers", "lower", COUNT),
    ("online_dossiers_pct", "Tỷ lệ hồ sơ trực tuyến toàn trình và một phần",
     "Share of full or partial online dossiers", "higher", PCT),
    ("sipas", "Chỉ số hài lòng của người dân, tổ chức (SIPAS)", "Satisfaction index (SIPAS)", "higher", PCT),
    ("par_index", "Chỉ số cải cách hành chính (PAR Index)", "PAR Index score", "higher",
     {"unit": "points", "min_value": 0, "max_value": 100, "decimals": 2}),
    ("par_index_rating", "Xếp loại Chỉ số cải cách hành chính", "PAR Index rating", "higher",
     {"unit": "grade", "min_value": 1, "max_value": 5, "decimals": 0,
      "scale_labels": {"1": "Yếu", "2": "Trung bình", "3": "Khá", "4": "Tốt", "5": "Xuất sắc"}}),
    ("par_index_rank", "Thứ hạng Chỉ số cải cách hành chính", "PAR Index rank", "lower",
     {"unit": "rank", "min_value": 1, "max_value": 1000, "decimals": 0}),
    ("waiting_time", "Thời gian chờ trung bình tại Bộ phận Một cửa", "Average waiting time at the one-stop shop",
     "lower", {"unit": "minutes", "min_value": 0, "max_value": 1440, "decimals": 0}),
    ("processing_time", "Thời gian giải quyết hồ sơ trung bình", "Average processing time", "lower",
     {"unit": "days", "min_value": 0, "max_value": 365, "decimals": 1}),
    ("cashless_payment_pct", "Tỷ lệ thanh toán không dùng tiền mặt", "Cashless payment share", "higher", PCT),
]


def seed(apps, schema_editor):
    Metric = apps.get_model("rollout", "Metric")
    for order, (code, name_vi, name_en, direction, extra) in enumerate(METRICS, start=1):
        Metric.objects.update_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "direction": direction,
                                 "sort_order": order * 10, **extra})


def unseed(apps, schema_editor):
    apps.get_model("rollout", "Metric").objects.filter(code__in=[m[0] for m in METRICS],
                                                       observations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("rollout", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
