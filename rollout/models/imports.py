"""An uploaded spreadsheet being imported: who sent it, how far the Celery task got, what was rejected.

Owned by the importer (rollout.importing); the rows themselves go to Observation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Không nhập được")


class ImportJob(models.Model):
    # Never under MEDIA_ROOT: no URL serves these (core/storage.py, issue 13).
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    valid_only = models.BooleanField(_("chỉ ghi các dòng hợp lệ"), default=False)
    # Not empty: the file comes from this official source (issue 15, rollout.verification): its figures
    # are marked "nhập từ nguồn chính thức" and earn points at once.
    official_source = models.CharField(_("nguồn chính thức"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.PENDING, db_index=True)
    rows_total = models.PositiveIntegerField(_("số dòng"), default=0)
    rows_done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    created_count = models.PositiveIntegerField(_("số liệu mới"), default=0)
    updated_count = models.PositiveIntegerField(_("số liệu cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("số liệu không đổi"), default=0)
    written = models.BooleanField(_("đã ghi"), default=False)
    message = models.TextField(_("thông báo"), blank=True)
    # [{"row": 3, "column": "Giá trị", "value": "abc", "reason": "…"}]
    errors = models.JSONField(_("các dòng bị từ chối"), default=list, blank=True)
    # Written every IMPORT_HEARTBEAT_SECONDS while a worker runs the job; a running job whose heartbeat
    # stopped (the worker was killed) is re-queued or failed by rollout.importing.recovery.
    heartbeat_at = models.DateTimeField(_("lần cuối tiến trình nhập còn chạy"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    created_at = models.DateTimeField(_("lúc tải lên"), auto_now_add=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập số liệu")
        verbose_name_plural = _("lượt nhập số liệu")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self):
        return 100 if self.finished else int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
