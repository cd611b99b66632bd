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
    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Cấp toàn quốc")


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
