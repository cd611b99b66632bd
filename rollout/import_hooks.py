"""Admin URLs and menu item of the spreadsheet import. Loaded by rollout/wagtail_hooks.py."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import import_views


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("nhap-so-lieu/", import_views.upload, name="rollout_import"),
        path("nhap-so-lieu/tep-mau.xlsx", import_views.template, name="rollout_import_template"),
        path("nhap-so-lieu/<int:job_id>/", import_views.job_detail, name="rollout_import_job"),
        path("nhap-so-lieu/<int:job_id>/loi.csv", import_views.error_report, name="rollout_import_errors"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return import_views.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Nhập số liệu"), reverse("rollout_import"), icon_name="upload", order=420)


@hooks.register("construct_homepage_panels")
def officer_rollout_panels(request, panels):
    """"Việc cần làm" of an officer: indicators due this period not yet entered, last imports."""
    from django.utils import timezone

    from core import roles
    from core.worklist import WorkList

    from .dashboard import officer_rows

    user = request.user
    if roles.is_staff_wide(user) or not roles.in_group(user, roles.COMMUNE_OFFICERS):
        return
    period, due, jobs = officer_rows(user, timezone.localdate())
    if period is None:
        return
    panels.append(WorkList(
        name="todo-indicators", order=12, rows=due,
        heading=_("Việc cần làm — Chỉ tiêu cần nhập cho %(period)s") % {"period": period.label_vi},
        columns=(_("Chỉ tiêu"), _("Mã"), _("Việc cần làm")),
        empty=_("Đã nhập đủ các chỉ tiêu của kỳ này."),
        more_url=reverse("rollout_import"), more_label=_("Nhập từ bảng tính (có tệp mẫu)")))
    panels.append(WorkList(
        name="todo-imports", order=13, rows=jobs, heading=_("Lần nhập số liệu gần đây"),
        columns=(_("Tệp"), _("Trạng thái"), _("Thời điểm")), empty=_("Chưa nhập tệp nào.")))
