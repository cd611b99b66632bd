"""Reform areas and target groups are data, editable by administrators (snippets)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _localized(name, name_en):
    """The English name when the page is shown in English and one is recorded; else the Vietnamese."""
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name


class ReformArea(models.Model):
    """An area of the state PAR programme (Chương trình tổng thể CCHC nhà nước)."""

    name = models.CharField(_("tên"), max_length=120, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực cải cách")
        verbose_name_plural = _("lĩnh vực cải cách")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return _localized(self.name, self.name_en)


class TargetGroup(models.Model):
    name = models.CharField(_("tên"), max_length=120, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("đối tượng thụ hưởng")
        verbose_name_plural = _("đối tượng thụ hưởng")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return _localized(self.name, self.name_en)
