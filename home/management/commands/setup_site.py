from django.core.management.base import BaseCommand

from campaigns.setup import ensure_campaign_index
from home.site_setup import setup_site


class Command(BaseCommand):
    help = ("Tạo cây trang (trang chủ, danh mục sáng kiến, phong trào thi đua) và các nhóm quyền. "
            "Chạy lại không tạo trùng.")

    def handle(self, *args, **options):
        home, index, groups = setup_site()
        # The campaigns section and the editors' rights on campaign data (points rules, awards…).
        campaigns = ensure_campaign_index()
        self.stdout.write(self.style.SUCCESS(
            f"Trang chủ: {home.url_path}; danh mục: {index.url_path}; thi đua: {campaigns.url_path}; "
            f"nhóm: {', '.join(g.name for g in groups.values())}"))
