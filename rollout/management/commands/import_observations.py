"""manage.py import_observations FILE [--valid-only] [--user USERNAME] [--nguon-chinh-thuc "TÊN NGUỒN"]

Same action as the admin upload. Exits 1 when the file is refused or rows were rejected (with
--valid-only the valid rows are written all the same), so scripts can tell.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from rollout.importing.importer import import_observations


class Command(BaseCommand):
    help = "Nhập số liệu chỉ tiêu từ tệp CSV hoặc XLSX của các đơn vị."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--valid-only", action="store_true",
                            help="Chỉ ghi các dòng hợp lệ (mặc định: không ghi gì nếu có dòng lỗi).")
        parser.add_argument("--user", help="Nhập với quyền của người dùng này (mặc định: quản trị máy chủ).")
        parser.add_argument("--nguon-chinh-thuc", dest="official_source", default="",
                            help="Tệp lấy từ nguồn chính thức (ghi tên nguồn, ví dụ “Cổng Dịch vụ công quốc gia”): "
                                 "số liệu được đánh dấu “nhập từ nguồn chính thức” và được tính điểm ngay.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"Không có người dùng “{options['user']}”.") from None
        try:
            result = import_observations(user, path.read_bytes(), path.name, valid_only=options["valid_only"],
                                         official_source=options["official_source"])
        except PermissionDenied as refusal:
            raise CommandError(str(refusal)) from None
        if result.file_error:
            raise CommandError(result.file_error)
        out = self.stdout
        out.write(f"Bố cục: {'dọc (mỗi dòng một giá trị)' if result.layout == 'long' else 'ngang (mỗi cột một chỉ tiêu)'}; "
                  f"{result.rows_total} dòng, {result.values_total} giá trị, {result.valid} hợp lệ.")
        if result.written:
            out.write(f"Đã ghi: {result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi.")
        else:
            out.write("Không ghi gì vì có dòng lỗi (dùng --valid-only để chỉ ghi các dòng hợp lệ).")
        for rejection in result.rejected:
            self.stderr.write(f"Dòng {rejection.row}, cột “{rejection.column}”, giá trị “{rejection.value}”: "
                              f"{rejection.reason}")
        if result.rejected:
            raise CommandError(f"{len(result.rejected)} lỗi.", returncode=1)
