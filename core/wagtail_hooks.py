"""Admin-wide additions of the bottom layer: the accessibility overrides of static/css/admin.css, and the
admin page search's listing named in Vietnamese."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.viewsets.pages import base_page_viewset


class PageSearchView(SearchView):
    """Wagtail's page search leaves the listing's plural name unset, so its header read
    "1-4 của 4 None": the pages are "trang"."""

    verbose_name = _("trang")
    verbose_name_plural = _("trang")


# Read once, on the first search (a cached_property of the viewset): set before any request.
base_page_viewset.search_view_class = PageSearchView


@hooks.register("insert_global_admin_css")
def accessibility_overrides():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("before_delete_snippet")
def bulk_delete_through_actions(request, instances):
    """A bulk delete of snippets whose delete view calls an action goes through that action too
    (Wagtail's bulk delete would delete the rows directly: no permission rule of ours, no audit row)."""
    from django.urls import resolve

    if getattr(resolve(request.path_info), "url_name", None) != "wagtail_bulk_action":
        return None
    from .admin_actions import bulk_delete

    return bulk_delete(request, instances)
