from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    """Following by e-mail (double opt-in, weekly digest, one-click unsubscribe): it reads only what
    public/rules.py says is public, so it sits above public/ (docs/following.md)."""

    name = "following"
    verbose_name = _("Theo dõi qua thư điện tử")
    default_auto_field = "django.db.models.BigAutoField"
