from django.core.management.base import BaseCommand, CommandError

from campaigns.models import CampaignPage
from campaigns.tasks import rebuild_campaign, refresh_campaign_leaderboard


class Command(BaseCommand):
    help = "Tính lại sổ điểm của một phong trào từ các sự kiện (chạy lại nhiều lần không cộng trùng)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="slug của trang phong trào thi đua")

    def handle(self, *args, slug, **options):
        campaign = CampaignPage.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"Không tìm thấy phong trào có slug “{slug}”.")
        created = rebuild_campaign.apply(args=(campaign.pk,)).get()
        refresh_campaign_leaderboard.apply(args=(campaign.pk,)).get()
        self.stdout.write(f"{campaign.title}: {created} bút toán mới; "
                          f"{campaign.point_entries.count()} bút toán trong sổ.")
