from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .actions import submit_initiative
from .models import InitiativePage


@require_POST
def submit(request, page_id):
    page = get_object_or_404(InitiativePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_submit():
        raise PermissionDenied
    try:
        submit_initiative(request.user, page, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi “%(title)s” để thẩm định.") % {"title": page.title})
    return redirect("wagtailadmin_pages:edit", page.pk)
