"""The scope-of-influence screen (phạm vi ảnh hưởng, hiệu quả áp dụng): the competent council's chair
(or an administrator recording the council's decision) reads the replication evidence dossier
(/ho-so-nhan-rong/<id>/, summarised here through the "nhanrong_scope_evidence" hook that rollout
registers) and records the decision through a confirmation page; the action is
appraisal.recognition_actions.decide_scope. Linked from the chair's list of applications, from a
recognised entry and from the initiative's editor."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.confirmation import confirmation_page, is_confirmed
from initiatives.models import InitiativePage
from initiatives.status import InfluenceScope

from .. import actions
from ..evidence import dossier_links, evidence
from ..forms import ScopeForm
from ..models import ScopeDecision
from ..recognition_actions import SCOPES_FOR_COUNCIL, not_recognised_error, scope_councils, scope_errors
from .common import form_errors, run_action

STEP = "decide_scope"


def _form(councils, data=None, initial=None):
    form = ScopeForm(data, initial=initial)
    form.fields["council"] = forms.ChoiceField(
        label=_("Hội đồng quyết định"), choices=[(str(c.pk), f"{c} — {c.get_level_display()}") for c in councils])
    allowed = {scope for c in councils for scope in SCOPES_FOR_COUNCIL[c.level]}
    form.fields["scope"].choices = [(v, label) for v, label in InfluenceScope.choices if v in allowed]
    form.order_fields(["council", "scope", "decision_number", "decision_date", "reasoning"])
    return form


def scope_decision(request, page_id):
    initiative = get_object_or_404(InitiativePage.objects.select_related("origin_unit"), pk=page_id)
    councils = scope_councils(request.user, initiative)
    if not councils:
        raise PermissionDenied(_("Chỉ chủ tịch hội đồng có thẩm quyền (hoặc quản trị viên) được ghi quyết định "
                                 "phạm vi ảnh hưởng của sáng kiến này."))
    summary = evidence(initiative)
    page_url, pdf_url = dossier_links(initiative)
    initial = {"decision_date": timezone.localdate(), "council": str(councils[0].pk)}
    if summary:
        initial["reasoning"] = _("Hồ sơ minh chứng nhân rộng lập ngày %(d)s: %(line)s") % {
            "d": summary["built_on"].strftime("%d/%m/%Y"), "line": summary["lines"][0]}
    form = _form(councils, initial=initial)
    if request.method == "POST":
        form = _form(councils, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            council = next(c for c in councils if str(c.pk) == data["council"])
            errors = scope_errors(council, initiative, data["scope"], decision_number=data["decision_number"],
                                  decision_date=data["decision_date"], reasoning=data["reasoning"])
            if errors:
                for message in errors:
                    messages.error(request, message)
            elif not is_confirmed(request, STEP, initiative.pk):
                return _confirm(request, initiative, council, data, page_url)
            else:
                ok, _decision = run_action(
                    request, actions.decide_scope, request.user, council, initiative, data["scope"],
                    decision_number=data["decision_number"], decision_date=data["decision_date"],
                    reasoning=data["reasoning"], success=_("Đã ghi quyết định phạm vi ảnh hưởng."))
                if ok:
                    return redirect("appraisal_rounds:scope", initiative.pk)
        else:
            form_errors(request, form)
    refusal = not_recognised_error(initiative)
    return TemplateResponse(request, "appraisal/admin/scope.html", {
        "page_title": _("Phạm vi ảnh hưởng của sáng kiến"), "page_subtitle": initiative.title,
        "header_icon": "site", "initiative": initiative, "form": None if refusal else form, "refusal": refusal,
        "summary": summary, "dossier_url": page_url if initiative.live else None,
        "dossier_pdf_url": pdf_url if initiative.live else None,
        "history": ScopeDecision.objects.filter(initiative=initiative).select_related("council", "decided_by"),
    })


def _confirm(request, initiative, council, data, dossier_url):
    scope = InfluenceScope(data["scope"]).label
    consequences = [
        _("Phạm vi ảnh hưởng, hiệu quả áp dụng: %(scope)s") % {"scope": scope},
        _("Quyết định số %(number)s ngày %(date)s của %(council)s.") % {
            "number": data["decision_number"], "date": data["decision_date"].strftime("%d/%m/%Y"), "council": council},
        _("Trang công khai của sáng kiến, API và dữ liệu mở hiển thị phạm vi này; các danh hiệu thi đua đòi hỏi "
          "sáng kiến có phạm vi ảnh hưởng tương ứng đọc quyết định này."),
    ]
    if dossier_url:
        consequences.append(_("Căn cứ: hồ sơ minh chứng nhân rộng %(url)s") % {"url": request.build_absolute_uri(dossier_url)})
    return confirmation_page(
        request, STEP, initiative.pk, title=_("Ghi quyết định phạm vi ảnh hưởng"), subtitle=initiative.title,
        consequences=consequences,
        recipients=[_("%(unit)s (đơn vị có sáng kiến) và các tác giả.") % {"unit": initiative.origin_unit}],
        confirm_label=_("Ghi quyết định"), cancel_url=reverse("appraisal_rounds:scope", args=[initiative.pk]))
