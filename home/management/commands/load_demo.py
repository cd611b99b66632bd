import importlib

from django.core.management.base import BaseCommand

from home.site_setup import setup_site

# Order matters: each step builds on the ones before (initiatives -> rollout -> appraisal -> campaigns).
DEMO_STEPS = ["initiatives.demo", "rollout.demo", "appraisal.demo", "campaigns.demo"]


class Command(BaseCommand):
    help = "Nạp nội dung minh hoạ từ các bài báo nguồn (../shared/seeds). Chạy lại không tạo trùng."

    def handle(self, *args, **options):
        setup_site()
        for module_name in DEMO_STEPS:
            importlib.import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp nội dung minh hoạ."))
