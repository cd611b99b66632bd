"""manage.py load_units — load or refresh Vietnam's administrative units (idempotent)."""

import time

from django.core.management.base import BaseCommand

from core.formatting import format_number as n
from units.loader import load_units, map_changed


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (34 tỉnh và 3.321 xã/phường/đặc khu hiện hành, 63 tỉnh cũ) từ gói vietnamadminunits."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_units()
        if result.created or result.updated or result.links_created or result.links_removed:
            map_changed()
        c = result.counts
        self.stdout.write(
            f"Đơn vị hành chính: {n(result.created)} tạo mới, {n(result.updated)} cập nhật, "
            f"{n(result.unchanged)} không đổi; "
            f"liên kết kế thừa: {n(result.links_created)} thêm, {n(result.links_removed)} bỏ "
            f"({n(time.monotonic() - started, 1)} giây)."
        )
        self.stdout.write(
            f"Hiện hành: {n(c['current_provinces'])} tỉnh/thành phố, {n(c['current_communes'])} xã/phường/đặc khu. "
            f"Trước 01/07/2025: {n(c['historic_provinces'])} tỉnh/thành phố, {n(c['historic_districts'])} quận/huyện, "
            f"{n(c['historic_communes'])} xã/phường/thị trấn. Liên kết kế thừa: {n(c['successor_links'])}."
        )
        if result.unresolved:
            self.stderr.write(self.style.WARNING(
                f"{len(result.unresolved)} dòng chuyển đổi không khớp đơn vị nào, ví dụ: {result.unresolved[:3]}"))
