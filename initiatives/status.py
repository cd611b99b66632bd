"""The initiative lifecycle: states and which moves are allowed. Moves happen in initiatives.actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi thẩm định")
    UNDER_APPRAISAL = "under_appraisal", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")


class RecognitionLevel(models.TextChoices):
    """The level of the council that recognised the initiative. Since 1 July 2025 there are no district
    authorities (two-level local government): the base level (cơ sở) is the commune, ward or special
    zone (xã, phường, đặc khu) or an agency; "district" stays only for recognitions made before."""

    COMMUNE = "commune", _("Cấp cơ sở (xã, phường, đặc khu; cơ quan, đơn vị)")
    DISTRICT = "district", _("Cấp huyện (trước 01/07/2025)")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Cấp toàn quốc")


# Levels a new decision may carry (district recognitions are history only).
CURRENT_RECOGNITION_LEVELS = (RecognitionLevel.COMMUNE, RecognitionLevel.PROVINCE, RecognitionLevel.NATIONAL)


class InfluenceScope(models.TextChoices):
    """Scope of influence and effect of application (phạm vi ảnh hưởng, hiệu quả áp dụng) of a recognised
    initiative, decided separately and later by the competent level; the emulation titles of Law
    06/2022/QH15 and Decree 98/2023/NĐ-CP ask for initiatives of a given scope."""

    BASE = "base", _("Cơ sở")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Toàn quốc")


S = InitiativeStatus
ALLOWED_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED},
    S.RETURNED: {S.SUBMITTED},
    S.SUBMITTED: {S.UNDER_APPRAISAL, S.RETURNED, S.RECOGNISED, S.NOT_RECOGNISED},
    S.UNDER_APPRAISAL: {S.RETURNED, S.RECOGNISED, S.NOT_RECOGNISED},
    S.RECOGNISED: set(),
    S.NOT_RECOGNISED: set(),
}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, set())
