"""Snippet views whose saves and deletes call rollout.actions, and whose single-object views refuse
objects of another unit (the list is already filtered by the permission policy)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.views import snippets

from core.confirmation import FIELD, is_confirmed, token_for
from core.formatting import format_number

from . import actions
from .models import Adoption


def _show_errors(form, error):
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
        return
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


class ActionFormMixin:
    success_message = None

    def get_success_message(self, instance=None):
        """The object named by its meaning: "Đã lưu số liệu Tỷ lệ hồ sơ đúng hạn, Quý 3/2026, Xã …"."""
        if self.success_message is None:
            return super().get_success_message(instance)
        return self.success_message % {"object": instance or self.object}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ValidationError, PermissionDenied) as error:
            _show_errors(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class OwnUnitObjectMixin:
    """Opening another unit's adoption or observation by URL is refused."""

    def get_object(self, queryset=None):
        obj = super().get_object(*([queryset] if queryset is not None else []))
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj):
            raise PermissionDenied
        return obj


class AdoptionCreateView(ActionFormMixin, snippets.CreateView):
    success_message = gettext_lazy("Đã lưu việc nhân rộng %(object)s.")

    def save_instance(self):
        data = self.form.cleaned_data
        return actions.record_adoption(
            self.request.user, data["initiative"], data["unit"],
            replicated_from=data.get("replicated_from_adoption") or None,
            status=data.get("status") or "planned", start_date=data.get("start_date"),
            responsible_office=data.get("responsible_office", ""), notes=data.get("notes", ""))


class AdoptionEditView(ActionFormMixin, OwnUnitObjectMixin, snippets.EditView):
    success_message = gettext_lazy("Đã lưu việc nhân rộng %(object)s.")

    def save_instance(self):
        data, user = self.form.cleaned_data, self.request.user
        adoption = Adoption.objects.select_related("initiative").get(pk=self.object.pk)
        if data.get("status") and data["status"] != adoption.status:
            actions.change_adoption_status(user, adoption, data["status"], data.get("status_note", ""),
                                           effective_date=data.get("status_date"))
        source = data.get("replicated_from_adoption") or adoption.initiative
        return actions.update_adoption(
            user, adoption, start_date=data.get("start_date"), responsible_office=data.get("responsible_office", ""),
            notes=data.get("notes", ""), replicated_from=source)


class AdoptionDeleteView(OwnUnitObjectMixin, snippets.DeleteView):
    delete_through = staticmethod(actions.delete_adoption)  # the bulk delete too (core.admin_actions.bulk_delete)

    def delete_action(self):
        actions.delete_adoption(self.request.user, self.object)


class ObservationSaveMixin(ActionFormMixin):
    def save_instance(self):
        data = self.form.cleaned_data
        if self.form.instance.pk:  # only value and source are editable
            obs = self.form.instance.__class__.objects.select_related("unit", "metric").get(pk=self.form.instance.pk)
            unit, metric, period, adoption = obs.unit, obs.metric, obs.period, obs.adoption
        else:
            unit, metric, period, adoption = data["unit"], data["metric"], data["period_text"], data.get("adoption")
        observation, _created = actions.record_observation(
            self.request.user, unit, metric, period, data.get("value"), data.get("source", ""), adoption,
            numerator=data.get("numerator"), denominator=data.get("denominator"))
        return observation


class ObservationCreateView(ObservationSaveMixin, snippets.CreateView):
    success_message = gettext_lazy("Đã lưu số liệu %(object)s.")


class ObservationEditView(ObservationSaveMixin, OwnUnitObjectMixin, snippets.EditView):
    success_message = gettext_lazy("Đã lưu số liệu %(object)s.")


class ObservationDeleteView(OwnUnitObjectMixin, snippets.DeleteView):
    """Deleting a value is irreversible: the page says what goes, and the POST must carry the page's
    token (core.confirmation), so a crafted POST cannot skip it."""

    template_name = "rollout/admin/confirm_delete_observation.html"
    delete_through = staticmethod(actions.delete_observation)  # the bulk delete too (core.admin_actions.bulk_delete)
    success_message = gettext_lazy("Đã xoá số liệu %(object)s.")
    page_title = gettext_lazy("Xoá số liệu")

    @property
    def confirmation_message(self):
        return _("Số liệu “%(object)s” (giá trị %(value)s) sẽ bị xoá khỏi hồ sơ của %(unit)s, các biểu đồ, "
                 "hiệu quả của mô hình và dữ liệu mở; điểm thi đua được tính lại.") % {
            "object": self.object, "value": format_number(self.object.value.normalize()), "unit": self.object.unit}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["confirmation_field"] = FIELD
        context["confirmation_token"] = token_for(self.request.user, "delete_observation", self.object.pk)
        return context

    def post(self, request, *args, **kwargs):
        if not is_confirmed(request, "delete_observation", self.object.pk):
            messages.error(request, _("Hãy xác nhận việc xoá trên trang này."))
            return redirect(self.get_delete_url())
        return super().post(request, *args, **kwargs)

    def delete_action(self):
        actions.delete_observation(self.request.user, self.object)


class OwnUnitHistoryView(OwnUnitObjectMixin, snippets.HistoryView):
    pass


class OwnUnitUsageView(OwnUnitObjectMixin, snippets.UsageView):
    pass
