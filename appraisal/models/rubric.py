"""A rubric is data: weighted criteria with a maximum score each, plus recognition thresholds."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.status import RecognitionLevel


class RubricQuerySet(models.QuerySet):
    def current(self):
        """The newest version of each rubric (the ones a new round may use)."""
        return self.filter(next_version__isnull=True)


class Rubric(models.Model):
    """A set of criteria and recognition thresholds. A rubric a round still uses cannot change
    (appraisal.setup_actions.ensure_rubric_unlocked): the council makes a new version of it
    (setup_actions.new_rubric_version copies its criteria and thresholds, `previous_version` links
    the two); rounds already opened keep theirs, new rounds take the newest version. A version that
    has a newer one stays readable and is never edited again."""

    name = models.CharField(_("tên bộ tiêu chí"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    is_default = models.BooleanField(_("mặc định"), default=False,
                                     help_text=_("Dùng khi hội đồng chưa chọn bộ tiêu chí riêng."))
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1, editable=False)
    previous_version = models.OneToOneField("self", verbose_name=_("phiên bản trước"), null=True, blank=True,
                                            editable=False, on_delete=models.PROTECT, related_name="next_version")

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí chấm điểm")
        verbose_name_plural = _("bộ tiêu chí chấm điểm")
        ordering = ["-is_default", "name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="unique_rubric_name_version")]

    def __str__(self):
        if self.version > 1:
            return _("%(name)s (phiên bản %(version)s)") % {"name": self.name, "version": self.version}
        return self.name

    @classmethod
    def default(cls):
        current = cls.objects.current()
        return current.filter(is_default=True).first() or current.first()

    def newest(self):
        """This rubric's newest version (itself when it has none newer): what a new round uses."""
        rubric = self
        while True:
            following = Rubric.objects.filter(previous_version=rubric).first()
            if following is None:
                return rubric
            rubric = following

    @property
    def is_superseded(self):
        return Rubric.objects.filter(previous_version=self).exists()


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("tiêu chí"), max_length=200)
    description = models.TextField(_("mô tả, cách chấm"), blank=True)
    # Weight is the criterion's share of the 100-point total (see appraisal.aggregation).
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2, default=1)
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"), default=10)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["rubric", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.name


class RecognitionThreshold(models.Model):
    """Final score (0..100) at or above `min_score` suggests recognition at `level`.
    The highest threshold reached wins; the chair still decides."""

    rubric = models.ForeignKey(Rubric, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="thresholds")
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=6, decimal_places=2)
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=RecognitionLevel.choices)
    label = models.CharField(_("diễn giải"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ngưỡng công nhận")
        verbose_name_plural = _("ngưỡng công nhận")
        ordering = ["rubric", "min_score"]

    def __str__(self):
        return f"≥ {self.min_score}: {self.get_level_display()}"
