"""Make a new signing key the active one. Older keys stay: their public keys remain in the JWKS, so
every credential signed before still verifies (docs/commendation.md, "Khoá ký")."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from campaigns.signing import generate_key, key_dir, load_keys


class Command(BaseCommand):
    help = "Tạo khoá ký mới cho chứng chỉ khen thưởng; các khoá cũ vẫn được công bố để xác minh."

    def handle(self, *args, **options):
        kid = generate_key()
        self.stdout.write(_("Khoá ký mới %(kid)s trong %(dir)s; %(n)d khoá được công bố.") % {
            "kid": kid, "dir": key_dir(), "n": len(load_keys())})
