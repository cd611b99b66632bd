from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer: roles and "may act for this unit", Vietnamese formatting, paging, the public
    change events, API pagination and rate limits, the audit helper. It imports no app of ours; every
    other app may import it (docs/architecture.md)."""

    name = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from . import changes, page_cache, slugs

        slugs.register_slug_widget()  # Vietnamese letters folded as the editor types the title

        # Wagtail's page events become public_changed; every cached public page goes out of date on
        # any public change (core/changes.py).
        changes.connect_page_events()
        page_cache.connect_invalidation()
