"""The recognition decision as the law frames it, and the later scope-of-influence decision.

- LegalCheck: the three conditions of Decree 13/2012/NĐ-CP, Initiative Regulation Art. 3 for the
  applying unit: Art. 3(1)(a) new "trong phạm vi cơ sở đó"; (b) applied or trialled there, able to bring a
  real benefit; (c) not among the subjects excluded by Art. 3(2) (contrary to public order or morality;
  under intellectual-property protection when it is considered). Recorded before the decision; Art. 7(1)
  has the council assess the application under Art. 3 and Art. 4.
  Any "no" means refusal, with written reasons sent to the applicant (Regulation Art. 7(1)(b)).
- Ballot: each council member present votes for or against recognition.
- ScopeDecision: scope of influence (cơ sở / cấp tỉnh / toàn quốc) of an initiative already recognised,
  decided by the competent level; read by the emulation titles (Law 06/2022/QH15, Decree 98/2023/NĐ-CP)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.status import InfluenceScope

from .rounds import RoundEntry


class LegalCheck(models.Model):
    entry = models.OneToOneField(RoundEntry, on_delete=models.CASCADE, related_name="legal_check")
    is_new = models.BooleanField(_("có tính mới trong phạm vi đơn vị"))
    is_applied = models.BooleanField(_("đã được áp dụng hoặc áp dụng thử tại đơn vị, mang lại lợi ích"))
    not_excluded = models.BooleanField(_("không thuộc đối tượng bị loại trừ"))
    reasons = models.TextField(_("lý do, nhận xét"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kiểm tra điều kiện công nhận (Điều 3)")
        verbose_name_plural = _("kiểm tra điều kiện công nhận (Điều 3)")

    @property
    def passed(self):
        return self.is_new and self.is_applied and self.not_excluded

    def items(self):
        """[(label, value)] in the order of Art. 3, for the screens and the minutes."""
        return [(str(self._meta.get_field(name).verbose_name).capitalize(), getattr(self, name))
                for name in ("is_new", "is_applied", "not_excluded")]


class Ballot(models.Model):
    entry = models.ForeignKey(RoundEntry, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("thành viên"))
    in_favour = models.BooleanField(_("đồng ý công nhận"))
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "member"], name="one_ballot_per_member")]


class ScopeDecision(models.Model):
    initiative = models.ForeignKey("initiatives.InitiativePage", on_delete=models.PROTECT,
                                   related_name="scope_decisions", verbose_name=_("sáng kiến"))
    council = models.ForeignKey("appraisal.Council", on_delete=models.PROTECT, related_name="scope_decisions",
                                verbose_name=_("hội đồng"))
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=InfluenceScope.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    reasoning = models.TextField(_("căn cứ, nhận xét"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định phạm vi ảnh hưởng")
        verbose_name_plural = _("quyết định phạm vi ảnh hưởng")
        ordering = ["-decision_date", "-pk"]

    def __str__(self):
        return f"{self.decision_number} — {self.get_scope_display()}"


class OverdueNotice(models.Model):
    """One e-mail to a council's chair per day about its overdue applications (makes the daily task
    idempotent: a rerun the same day sends nothing)."""

    council = models.ForeignKey("appraisal.Council", on_delete=models.CASCADE, related_name="overdue_notices")
    day = models.DateField()
    initiative_ids = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "day"], name="one_overdue_notice_a_day")]
