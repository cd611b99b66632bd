from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    """Editors extend the abbreviations search understands (TTHC = thủ tục hành chính …)."""

    model = Synonym
    icon = "search"
    menu_label = _("Từ đồng nghĩa (tìm kiếm)")
    add_to_settings_menu = True
    list_display = ["__str__", "note"]
    search_fields = ["terms", "note"]


register_snippet(SynonymViewSet)
