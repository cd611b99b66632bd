from django.core.management.base import BaseCommand

from public.summary import rebuild


class Command(BaseCommand):
    help = "Tính lại số liệu tổng hợp theo đơn vị (sáng kiến, lượt nhân rộng) từ dữ liệu hiện có."

    def handle(self, *args, **options):
        rows = rebuild()
        self.stdout.write(f"Số liệu tổng hợp của đơn vị: {rows} dòng.")
