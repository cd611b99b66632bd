"""Admin pages for uploading a spreadsheet of indicators and following its import. Thin: the work is
rollout.importing (run by a Celery task sent on commit)."""

import csv

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import is_staff_wide, user_unit
from core.spreadsheets import csv_row

from .importing.reader import FileRefused, check_upload, max_bytes
from .importing.tasks import progress_key, run_import
from .models import ImportJob
from .verification import may_import_official, official_refusal


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp bảng tính (CSV hoặc XLSX)"))
    valid_only = forms.TypedChoiceField(
        label=gettext_lazy("Nếu có dòng lỗi"), widget=forms.RadioSelect, coerce=lambda v: v == "1", initial="0",
        choices=[("0", gettext_lazy("Không ghi gì, để sửa tệp rồi nhập lại (mặc định)")),
                 ("1", gettext_lazy("Chỉ ghi các dòng hợp lệ, báo lại các dòng lỗi"))])

    official = forms.TypedChoiceField(
        label=gettext_lazy("Nguồn số liệu"), widget=forms.RadioSelect, coerce=lambda v: v == "1", initial="0",
        required=False, empty_value=False,
        choices=[("0", gettext_lazy("Đơn vị tự báo cáo: chỉ được tính điểm sau khi cấp trên xác minh (mặc định)")),
                 ("1", gettext_lazy("Nguồn chính thức: số liệu được đánh dấu “nhập từ nguồn chính thức” và được "
                                    "tính điểm ngay"))])
    official_source = forms.CharField(
        label=gettext_lazy("Tên nguồn chính thức"), required=False, max_length=200,
        help_text=gettext_lazy("Ví dụ: Cổng Dịch vụ công quốc gia; Hệ thống thông tin giải quyết thủ tục hành chính "
                               "của tỉnh. Ghi vào cột “Nguồn” của các dòng để trống."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Offered only to those above the units (rollout.verification); refused below even when posted.
        self.official_allowed = may_import_official(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("official"):
            if not self.official_allowed:
                self.add_error("official", official_refusal())
            elif not (cleaned.get("official_source") or "").strip():
                self.add_error("official_source", _("Tên nguồn chính thức: hãy ghi tên nguồn (ví dụ “Cổng Dịch vụ "
                                                    "công quốc gia”)."))
        else:
            cleaned["official_source"] = ""
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except FileRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload


class TemplateUnitForm(forms.Form):
    """Which unit the template is for: the unit chooser, scoped to the units the user may act for
    (an officer of a merged commune also fills in the late figures of the communes merged into it)."""

    don_vi = forms.IntegerField(label=gettext_lazy("Đơn vị của tệp mẫu"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        from units.choosers import scope_unit_field
        from units.models import AdministrativeUnit
        from wagtail.snippets.widgets import AdminSnippetChooser

        super().__init__(*args, **kwargs)
        self.fields["don_vi"] = forms.ModelChoiceField(
            label=self.fields["don_vi"].label, required=False, queryset=AdministrativeUnit.objects.none(),
            widget=AdminSnippetChooser(AdministrativeUnit, choose_one_text=gettext_lazy("Chọn đơn vị hành chính"),
                                       choose_another_text=gettext_lazy("Chọn đơn vị khác")),
            help_text=gettext_lazy("Để trống với tài khoản không gắn đơn vị: cột “Mã đơn vị” để trống."))
        scope_unit_field(self, "don_vi", user)


def may_import(user):
    return user.is_active and (is_staff_wide(user) or user_unit(user) is not None)


def _job_for(request, job_id):
    job = get_object_or_404(ImportJob, pk=job_id)
    if job.user_id != request.user.pk and not is_staff_wide(request.user):
        raise PermissionDenied
    return job


def upload(request):
    if not may_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        with transaction.atomic():
            job = ImportJob.objects.create(file=upload_file, original_name=upload_file.name[:255], user=request.user,
                                           valid_only=form.cleaned_data["valid_only"],
                                           official_source=form.cleaned_data["official_source"].strip())
            transaction.on_commit(lambda: run_import.delay(job.pk))
        return redirect("rollout_import_job", job.pk)
    jobs = ImportJob.objects.all() if is_staff_wide(request.user) else ImportJob.objects.filter(user=request.user)
    return TemplateResponse(request, "rollout/import/upload.html", {
        "form": form, "template_form": TemplateUnitForm(user=request.user), "jobs": jobs.select_related("user")[:20], "max_mb": max_bytes() // (1024 * 1024)})


def job_detail(request, job_id):
    job = _job_for(request, job_id)
    if not job.finished:
        done, total = cache.get(progress_key(job.pk)) or (job.rows_done, job.rows_total)
        job.rows_done, job.rows_total = done, total
    return TemplateResponse(request, "rollout/import/job.html", {"job": job, "errors": job.errors[:200]})


def error_report(request, job_id):
    job = _job_for(request, job_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-{job.pk}.csv"'
    response.write("\ufeff")  # Excel reads the Vietnamese correctly only with the BOM
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Dòng"), _("Cột"), _("Giá trị"), _("Lý do")])
    # Values, column headers and the file name come from the uploaded file: neutralised (a cell
    # "=HYPERLINK(…)" the officer is told about must not become a live formula in the report).
    if job.message:
        writer.writerow(csv_row(["", "", job.original_name, job.message]))
    for error in job.errors:
        writer.writerow(csv_row([error["row"], error["column"], error["value"], error["reason"]]))
    return response


def template(request):
    """The XLSX template for the user's unit and the current year (rollout/importing/template.py)."""
    from django.utils import timezone

    from .importing.template import build_template

    if not may_import(request.user):
        raise PermissionDenied
    year = timezone.localdate().year
    unit = user_unit(request.user)
    if request.GET.get("don_vi"):
        chosen = TemplateUnitForm(request.GET, user=request.user)
        if not chosen.is_valid():
            raise PermissionDenied(" ".join(chosen.errors["don_vi"]))
        unit = chosen.cleaned_data["don_vi"] or unit
    response = HttpResponse(build_template(unit, year),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    suffix = f"-{unit.code}" if unit is not None else ""
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-so-lieu{suffix}-{year}.xlsx"'
    return response
