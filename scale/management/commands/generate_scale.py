from django.core.management.base import BaseCommand, CommandError

from core.formatting import format_number as vn_number
from scale.generator import NoUnits, Scale, clear, generate

DEFAULT = Scale()


class Command(BaseCommand):
    help = ("Sinh bộ dữ liệu quy mô toàn quốc (sáng kiến, nhân rộng, số liệu, sổ điểm) trên các đơn vị "
            "hành chính thật, để đo hiệu năng. Cùng --seed cho cùng dữ liệu. Dữ liệu sinh được đánh dấu "
            "(đường dẫn 'gen-…', nguồn 'Dữ liệu sinh tự động') và xoá được bằng --clear.")

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=DEFAULT.initiatives)
        parser.add_argument("--adoptions", type=int, default=DEFAULT.adoptions)
        parser.add_argument("--observations", type=int, default=DEFAULT.observations)
        parser.add_argument("--ledger", type=int, default=DEFAULT.ledger)
        parser.add_argument("--seed", type=int, default=DEFAULT.seed)
        parser.add_argument("--unit-histories", type=int, default=1,
                            help="Số chỉ tiêu mỗi xã báo cáo toàn đơn vị, hằng tháng trong 60 tháng (để mỗi lượt "
                                 "nhân rộng có số liệu trước và sau khi áp dụng; 0: không).")
        parser.add_argument("--clear", action="store_true", help="Xoá dữ liệu đã sinh trước (chỉ xoá, nếu mọi số lượng là 0).")
        parser.add_argument("--no-search-index", action="store_true", help="Không dựng bảng tìm kiếm cho sáng kiến sinh ra.")

    def handle(self, *args, **options):
        for name in ("initiatives", "adoptions", "observations", "ledger"):
            if options[name] < 0:
                raise CommandError(f"--{name} phải là số không âm (đang là {options[name]}).")
        quiet = options["verbosity"] < 1
        if options["clear"]:
            removed = clear(quiet=quiet)
            self.stdout.write("Đã xoá dữ liệu sinh: " + ", ".join(f"{k} {vn_number(v)}" for k, v in removed.items()))
        if options["unit_histories"] < 0:
            raise CommandError(f"--unit-histories phải là số không âm (đang là {options['unit_histories']}).")
        scale = Scale(options["initiatives"], options["adoptions"], options["observations"], options["ledger"],
                      options["seed"], options["unit_histories"])
        if not any((scale.initiatives, scale.adoptions, scale.observations, scale.ledger)):
            return
        if scale.initiatives == 0 and (scale.adoptions or scale.observations):
            raise CommandError("Cần --initiatives > 0 để sinh nhân rộng và số liệu.")
        try:
            stats = generate(scale, quiet=quiet, search_index=not options["no_search_index"])
        except NoUnits as error:
            raise CommandError(str(error)) from error
        for name, figures in stats.items():
            if "skipped" in figures:
                self.stdout.write(f"{name}: bỏ qua ({figures['skipped']})")
                continue
            rate = vn_number(figures["rows_per_s"]) if figures.get("rows_per_s") else "—"
            self.stdout.write(f"{name}: {vn_number(figures['rows'])} dòng trong "
                              f"{vn_number(figures['seconds'], 1)} giây ({rate} dòng/giây"
                              + (f"; riêng ghi {figures['write_method']}: {vn_number(figures['write_rows_per_s'])} dòng/giây"
                                 if figures.get("write_method") else "") + ")")
        self.stdout.write(self.style.SUCCESS("Đã sinh xong dữ liệu quy mô."))
