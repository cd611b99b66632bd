from django.core.management.base import BaseCommand

from home.site_setup import setup_site


class Command(BaseCommand):
    help = "Tạo cây trang (trang chủ, danh mục sáng kiến) và các nhóm quyền. Chạy lại không tạo trùng."

    def handle(self, *args, **options):
        home, index, groups = setup_site()
        self.stdout.write(self.style.SUCCESS(f"Trang chủ: {home.url_path}; danh mục: {index.url_path}; "
                                             f"nhóm: {', '.join(g.name for g in groups.values())}"))
