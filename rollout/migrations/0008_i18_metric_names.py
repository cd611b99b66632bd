"""Name what today's metrics are (issue 18):

- `online_dossiers_pct` is the share of **dossiers submitted online** (766 indicator 3.3); the share of
  **procedures offering an online service** is `online_procedures_pct` (766 indicator 3.1, created by
  0007_i18). An observation of online_dossiers_pct that counts procedures (its source speaks of
  procedures or online services, and it has no dossier counts) moves to online_procedures_pct.
- `cashless_payment_pct` is cashless payment at the counter, not the 766 online-payment indicator
  (3.5, `online_payment_dossiers_pct`); an observation of it whose source speaks of online payment
  moves there.
- The PAR Index is a percentage with its group (bands A ≥ 90 %, B 80–90 %, C 70–80 %, D < 70 %: the
  issue's A and B; C and D extend them; not found in a primary text, so configuration, editable in the
  admin); its rank is the separate metric `par_index_rank`.

The names replaced are kept as `former_names`: a spreadsheet made with the older template still
imports. Moving changes the observation's metric only: the row, its counts, its source and its history stay.
An observation whose target already holds a figure for the same unit, period and adoption stays
where it is (nothing is overwritten)."""

from django.db import migrations, models

PAR_BANDS = [[90, "A"], [80, "B"], [70, "C"], [0, "D"]]
BANDS_NOTE = ("Nhóm A từ 90% trở lên, B từ 80% đến dưới 90% (theo yêu cầu của issue 18), C từ 70% đến dưới 80%, "
              "D dưới 70%: không tìm thấy trong văn bản gốc về phương pháp PAR Index (cấu hình, sửa được trong "
              "trang quản trị).")

NAMES = {
    "online_dossiers_pct": (
        "Tỷ lệ hồ sơ thủ tục hành chính nộp trực tuyến", "Share of dossiers submitted online",
        "Số hồ sơ nộp trực tuyến (toàn trình và một phần)", "Tổng số hồ sơ tiếp nhận",
        "Hồ sơ nộp trực tuyến trên tổng số hồ sơ tiếp nhận (chỉ số 3.3 của QĐ 766/QĐ-TTg). Không phải tỷ lệ "
        "thủ tục hành chính cung cấp dịch vụ công trực tuyến (online_procedures_pct)."),
    "cashless_payment_pct": (
        "Tỷ lệ giao dịch thanh toán không dùng tiền mặt tại Bộ phận Một cửa",
        "Cashless payments at the one-stop counter",
        "Số giao dịch thanh toán không dùng tiền mặt", "Tổng số giao dịch thanh toán",
        "Thanh toán bằng thẻ, chuyển khoản, mã QR… tại quầy. Không phải chỉ số “thanh toán trực tuyến” của "
        "QĐ 766/QĐ-TTg (3.5, online_payment_dossiers_pct)."),
    "par_index": (
        "Chỉ số cải cách hành chính (PAR Index), %", "PAR Index (%)", "", "",
        "Kết quả Chỉ số cải cách hành chính tính theo phần trăm, với nhóm của nó. " + BANDS_NOTE
        + " Thứ hạng là chỉ tiêu riêng (par_index_rank); không cộng gộp."),
    "par_index_rank": (
        "Thứ hạng Chỉ số cải cách hành chính (PAR Index)", "PAR Index rank", "", "",
        "Thứ hạng trong bảng xếp hạng nêu ở nguồn; không cộng gộp."),
}

PROCEDURE_WORDS = ("thủ tục", "tthc", "dịch vụ công trực tuyến", "dvctt", "dvc trực tuyến")
ONLINE_PAYMENT_WORDS = ("trực tuyến",)


def _mentions(text, words):
    text = (text or "").lower()
    return any(word in text for word in words)


def _move(Observation, source, target, keep):
    """Move the observations of `source` that `keep` rejects to `target` (not where target already
    has the same unit, period and adoption). Returns how many moved."""
    taken = set(Observation.objects.filter(metric=target).values_list("unit_id", "period_key", "adoption_id"))
    moved = 0
    for observation in Observation.objects.filter(metric=source):
        if keep(observation) or (observation.unit_id, observation.period_key, observation.adoption_id) in taken:
            continue
        observation.metric = target
        observation.save(update_fields=["metric"])
        taken.add((observation.unit_id, observation.period_key, observation.adoption_id))
        moved += 1
    return moved


def forwards(apps, schema_editor):
    Metric = apps.get_model("rollout", "Metric")
    Observation = apps.get_model("rollout", "Observation")
    metrics = Metric.objects.in_bulk(field_name="code")
    for code, (name_vi, name_en, numerator, denominator, description) in NAMES.items():
        metric = metrics.get(code)
        if metric is None:
            continue
        former = [n for n in (metric.name_vi, metric.name_en) if n and n not in (name_vi, name_en)]
        metric.former_names = list(dict.fromkeys([*(metric.former_names or []), *former]))
        metric.name_vi, metric.name_en, metric.description = name_vi, name_en, description
        if numerator:
            metric.numerator_definition, metric.denominator_definition = numerator, denominator
        if code == "par_index":
            metric.unit, metric.min_value, metric.max_value, metric.aggregation = "percent", 0, 100, "none"
            metric.bands = PAR_BANDS
        metric.save()
    if "online_dossiers_pct" in metrics and "online_procedures_pct" in metrics:
        _move(Observation, metrics["online_dossiers_pct"], metrics["online_procedures_pct"],
              keep=lambda o: o.numerator is not None or not _mentions(o.source, PROCEDURE_WORDS))
    if "cashless_payment_pct" in metrics and "online_payment_dossiers_pct" in metrics:
        _move(Observation, metrics["cashless_payment_pct"], metrics["online_payment_dossiers_pct"],
              keep=lambda o: not _mentions(o.source, ONLINE_PAYMENT_WORDS))


class Migration(migrations.Migration):

    dependencies = [
        ('rollout', '0007_i18_service_index766'),
    ]

    operations = [
        migrations.AddField(
            model_name='metric',
            name='bands',
            field=models.JSONField(blank=True, default=list, help_text='Ví dụ [[90, "A"], [80, "B"], [70, "C"], [0, "D"]]: từ 90 trở lên là nhóm A…', verbose_name='nhóm theo ngưỡng'),
        ),
        migrations.AddField(
            model_name='metric',
            name='former_names',
            field=models.JSONField(blank=True, default=list, help_text='Tên trước đây của chỉ tiêu; bảng tính ghi tên cũ vẫn nhập được.', verbose_name='tên cũ'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
