"""Documents are downloaded through Django (WAGTAILDOCS_SERVE_METHOD = "serve_view"), and this hook
decides who may: everyone for a public document (public.rules.is_public_document); otherwise only a
user who may edit a page using it, who may change the document itself, or whom the view
restrictions of a live page using it let in. Anonymous visitors get 404 (the id says nothing), a
signed-in user without the right 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail import hooks

from . import rules


@hooks.register("before_serve_document")
def check_document_access(document, request):
    if rules.is_public_document(document):
        return None
    if _may_see(request, document):
        return None
    if not request.user.is_authenticated:
        raise Http404
    raise PermissionDenied


def _may_see(request, document):
    from wagtail.documents.permissions import permission_policy
    from wagtail.models import Page

    user = request.user
    if user.is_authenticated and (user.is_superuser or permission_policy.user_has_permission_for_instance(
            user, "change", document)):
        return True
    for page in Page.objects.filter(pk__in=rules.pages_using(document)).specific():
        if user.is_authenticated and page.permissions_for_user(user).can_edit():
            return True
        restrictions = page.get_view_restrictions()
        if page.live and restrictions and all(r.accept_request(request) for r in restrictions):
            return True
    return False
