"""A new version of a rubric (admin): the way forward when a rubric in use cannot change. Shows the
version, its criteria and thresholds and the rounds keeping it, and on POST calls
appraisal.setup_actions.new_rubric_version (permission, audit row)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import setup_actions
from ..models import Rubric
from .common import run_action


class NewVersionForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Lý do tạo phiên bản mới"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))


def new_version(request, rubric_id):
    rubric = get_object_or_404(Rubric, pk=rubric_id)
    if not request.user.has_perm("appraisal.add_rubric"):
        raise PermissionDenied
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, new = run_action(request, setup_actions.new_rubric_version, request.user, rubric,
                             note=form.cleaned_data["note"])
        if ok:
            from wagtail.admin import messages

            messages.success(request, _("Đã tạo %(new)s: sửa tiêu chí, ngưỡng của phiên bản này; các đợt đang dùng "
                                        "%(old)s giữ nguyên phiên bản cũ, các đợt mở sau dùng phiên bản mới.")
                             % {"new": new, "old": rubric},
                             buttons=[messages.button(reverse("appraisal_criteria:index") + f"?rubric={new.pk}",
                                                      _("Tiêu chí của phiên bản mới"))])
            return redirect("appraisal_rubrics:edit", new.pk)
    newer = Rubric.objects.filter(previous_version=rubric).first()
    return TemplateResponse(request, "appraisal/admin/rubric_new_version.html", {
        "page_title": _("Tạo phiên bản mới: %(rubric)s") % {"rubric": rubric}, "header_icon": "form",
        "rubric": rubric, "form": form, "newest": newer.newest() if newer else None,
        "criteria": rubric.criteria.order_by("sort_order", "pk"), "thresholds": rubric.thresholds.order_by("min_score"),
        "rounds": setup_actions.rounds_using(rubric.pk).select_related("council").order_by("pk")})
