"""The default rubric, following the criteria commonly used to appraise sáng kiến in the public sector:
novelty, effectiveness, scope/replicability, benefit to citizens and businesses, cost and sustainability.
Weights are shares of a 100-point total; each criterion is scored 0..10. The thresholds are a
suggestion to the chair (who decides), capped at the council's own level."""

from django.db import migrations

RUBRIC_NAME = "Bộ tiêu chí mặc định chấm sáng kiến cải cách hành chính"

CRITERIA = [
    ("Tính mới, tính sáng tạo",
     "Giải pháp chưa được áp dụng tại đơn vị hoặc địa phương; cách làm mới so với quy trình trước đó.", 25),
    ("Hiệu quả",
     "Kết quả đo được: rút ngắn thời gian, tăng tỷ lệ hồ sơ đúng hạn, giảm chi phí, giảm giấy tờ.", 30),
    ("Phạm vi ảnh hưởng, khả năng nhân rộng",
     "Có thể áp dụng ở đơn vị khác; điều kiện cần để nhân rộng; đã được áp dụng ở đâu.", 20),
    ("Lợi ích cho người dân và doanh nghiệp",
     "Mức độ thuận tiện, hài lòng của người dân, doanh nghiệp; đối tượng yếu thế được hỗ trợ.", 15),
    ("Chi phí và tính bền vững",
     "Chi phí triển khai và duy trì hợp lý; không phụ thuộc vào một cá nhân; duy trì được lâu dài.", 10),
]

THRESHOLDS = [(50, "district", "Đạt: công nhận cấp huyện"),
              (70, "province", "Khá trở lên: công nhận cấp tỉnh"),
              (90, "national", "Xuất sắc: đề nghị công nhận cấp toàn quốc")]


def create(apps, schema_editor):
    Rubric = apps.get_model("appraisal", "Rubric")
    rubric, created = Rubric.objects.get_or_create(name=RUBRIC_NAME, defaults={
        "is_default": True,
        "description": "Tổng 100 điểm; mỗi tiêu chí chấm từ 0 đến 10 và nhân với trọng số của tiêu chí."})
    if not created:
        return
    for order, (name, description, weight) in enumerate(CRITERIA, start=1):
        rubric.criteria.create(name=name, description=description, weight=weight, max_score=10, sort_order=order)
    for min_score, level, label in THRESHOLDS:
        rubric.thresholds.create(min_score=min_score, level=level, label=label)


class Migration(migrations.Migration):
    dependencies = [("appraisal", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
