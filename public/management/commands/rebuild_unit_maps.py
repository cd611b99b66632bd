from django.core.management.base import BaseCommand

from public.unit_map_store import rebuild


class Command(BaseCommand):
    help = "Tính lại số liệu bản đồ của đơn vị (nơi lan toả sáng kiến, nơi học tập) từ dữ liệu hiện có."

    def handle(self, *args, **options):
        rows = rebuild()
        self.stdout.write(f"Số liệu bản đồ của đơn vị: {rows} dòng.")
