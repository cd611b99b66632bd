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
        path("nhap-so-lieu/<int:job_id>/", import_views.job_detail, name="rollout_import_job"),
        path("nhap-so-lieu/<int:job_id>/loi.csv", import_views.error_report, name="rollout_import_errors"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return import_views.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Nhập số liệu"), reverse("rollout_import"), icon_name="upload", order=420)
