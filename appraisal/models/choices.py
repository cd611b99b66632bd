"""Enumerations of the appraisal app (stored values are stable English slugs, labels Vietnamese)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CouncilLevel(models.TextChoices):
    """Since 1 July 2025 (two-level local government): the base level is the commune, ward or special
    zone (xã, phường, đặc khu) and agencies; then the province (with its departments) and the nation.
    District councils remain as history only: they cannot be created or decide anew."""

    BASE = "base", _("Cấp cơ sở (xã, phường, đặc khu; cơ quan, đơn vị)")
    DISTRICT = "district", _("Cấp huyện (trước 01/07/2025)")
    PROVINCE = "province", _("Cấp tỉnh (tỉnh, thành phố và các sở, ngành)")
    NATIONAL = "national", _("Cấp toàn quốc")


CURRENT_COUNCIL_LEVELS = (CouncilLevel.BASE, CouncilLevel.PROVINCE, CouncilLevel.NATIONAL)


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm")
    CLOSED = "closed", _("Đã khoá chấm")
    DECIDED = "decided", _("Đã quyết định")


class ConflictType(models.TextChoices):
    SAME_UNIT = "same_unit", _("Cùng đơn vị")
    FAMILY = "family", _("Quan hệ gia đình")
    AUTHORED = "authored", _("Là tác giả hoặc đã tư vấn")
    OTHER = "other", _("Lý do khác")


class Confidence(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")


class DecisionOutcome(models.TextChoices):
    RECOGNISED = "recognised", _("Công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không công nhận")
    RETURNED = "returned", _("Trả lại để bổ sung")
