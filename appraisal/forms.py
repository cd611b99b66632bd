"""Forms of the admin screens. They only parse input; the rules live in appraisal.actions."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from initiatives.models import InitiativePage
from initiatives.status import CURRENT_RECOGNITION_LEVELS, InfluenceScope, RecognitionLevel

from core.formatting import person_name
from .models import ConflictType, DecisionOutcome, Rubric

# Wagtail's date picker, in WAGTAIL_DATE_FORMAT (dd/mm/yyyy), not the browser's native one (its
# format follows the browser's locale: mm/dd/yyyy in an English-language browser).
DATE_INPUT = AdminDateInput(attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"})


class OpenRoundForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt"), max_length=200)
    soft_deadline = forms.DateField(label=_("Hạn chấm (dự kiến)"), widget=DATE_INPUT)
    hard_deadline = forms.DateField(label=_("Hạn chót"), widget=DATE_INPUT)
    min_reviewers = forms.IntegerField(label=_("Số người chấm tối thiểu mỗi sáng kiến"), min_value=1, initial=3)
    min_ballots = forms.IntegerField(label=_("Số phiếu biểu quyết tối thiểu mỗi sáng kiến"), min_value=1,
                                     required=False)
    rubric = forms.ModelChoiceField(label=_("Bộ tiêu chí (để trống: bộ tiêu chí của hội đồng)"),
                                    queryset=Rubric.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["min_ballots"].help_text = _("Để trống: theo mức chung của hệ thống (%(n)s phiếu).") % {
            "n": settings.RECOGNITION_MIN_BALLOTS}


class AddEntriesForm(forms.Form):
    initiatives = forms.ModelMultipleChoiceField(label=_("Sáng kiến đã gửi thẩm định"), queryset=InitiativePage.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = queryset if queryset is not None else InitiativePage.objects.none()


class AssignForm(forms.Form):
    MODES = [("auto", _("Tự động (cân bằng, đủ số người chấm tối thiểu)")), ("all", _("Tất cả thành viên")),
             ("manual", _("Chọn tay"))]
    mode = forms.ChoiceField(label=_("Cách phân công"), choices=MODES, initial="auto")
    entry = forms.ModelChoiceField(label=_("Sáng kiến (khi chọn tay)"), queryset=None, required=False)
    members = forms.ModelMultipleChoiceField(label=_("Thành viên (khi chọn tay)"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, appraisal_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = appraisal_round.entries.select_related("initiative")
        self.fields["entry"].label_from_instance = lambda e: e.initiative.title
        self.fields["members"].queryset = get_user_model().objects.filter(
            pk__in=appraisal_round.council.active_member_ids()).order_by("last_name", "username")
        self.fields["members"].label_from_instance = lambda u: person_name(u)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=DecisionOutcome.choices)
    level = forms.ChoiceField(label=_("Cấp công nhận (để trống: cấp của hội đồng)"), required=False,
                              choices=[("", "—"), *[(v, RecognitionLevel(v).label) for v in CURRENT_RECOGNITION_LEVELS]])
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_INPUT)
    reasoning = forms.CharField(label=_("Lý do, nhận xét của hội đồng"), widget=forms.Textarea(attrs={"rows": 4}))
    quorum_override_reason = forms.CharField(
        label=_("Lý do quyết định khi chưa đủ số phiếu tối thiểu (ghi vào biên bản)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))


YES_NO = [("yes", _("Đạt")), ("no", _("Không đạt"))]


class LegalCheckForm(forms.Form):
    """Regulation Art. 3, for the applying unit; every condition answered explicitly."""

    is_new = forms.ChoiceField(label=_("Có tính mới trong phạm vi đơn vị"), choices=YES_NO, widget=forms.RadioSelect)
    is_applied = forms.ChoiceField(label=_("Đã được áp dụng hoặc áp dụng thử tại đơn vị, có khả năng mang lại lợi ích "
                                           "thiết thực"), choices=YES_NO, widget=forms.RadioSelect)
    not_excluded = forms.ChoiceField(label=_("Không thuộc đối tượng bị loại trừ (trái đạo đức xã hội, trật tự công "
                                             "cộng; đang được bảo hộ quyền sở hữu trí tuệ)"),
                                     choices=YES_NO, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Lý do (bắt buộc khi có điều kiện không đạt; đơn vị được xem)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def values(self):
        return {name: self.cleaned_data[name] == "yes" for name in ("is_new", "is_applied", "not_excluded")}


class VoteForm(forms.Form):
    vote = forms.ChoiceField(label=_("Biểu quyết công nhận sáng kiến"), widget=forms.RadioSelect,
                             choices=[("for", _("Đồng ý công nhận")), ("against", _("Không đồng ý"))])


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label=_("Phạm vi ảnh hưởng, hiệu quả áp dụng"), choices=InfluenceScope.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_INPUT)
    reasoning = forms.CharField(label=_("Căn cứ, nhận xét (hồ sơ minh chứng nhân rộng)"),
                                widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Trao đổi nội bộ (chỉ thành viên hội đồng không có xung đột lợi ích thấy)"),
                           widget=forms.Textarea(attrs={"rows": 3}))


class ClarificationForm(forms.Form):
    questions = forms.CharField(label=_("Nội dung đề nghị đơn vị bổ sung"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Hạn trả lời"), widget=DATE_INPUT)


class ConflictForm(forms.Form):
    type = forms.ChoiceField(label=_("Loại xung đột lợi ích"), choices=ConflictType.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Trả lời của đơn vị"), widget=forms.Textarea(attrs={"rows": 4}))
