"""Sign the credentials of awards decided before credentials were signed (after upgrading)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from campaigns.actions import sign_missing_credentials


class Command(BaseCommand):
    help = "Ký chứng chỉ số cho các khen thưởng đã quyết định nhưng chưa có chữ ký."

    def handle(self, *args, **options):
        self.stdout.write(_("Đã ký %(n)d chứng chỉ khen thưởng.") % {"n": sign_missing_credentials()})
