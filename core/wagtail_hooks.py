"""Admin-wide additions of the bottom layer: the accessibility overrides of static/css/admin.css."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


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
