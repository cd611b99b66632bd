"""The chair's and council's list of applications for recognition with their clocks (receipt date,
acceptance and decision deadlines, days left, overdue; stopped while returned to the applicant)."""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..queries import councils_of, pending_applications, recognised_in_scope
from ..rules import is_chair


def applications(request):
    today = timezone.localdate()
    councils = []
    for council in councils_of(request.user):
        items = pending_applications(council, today)
        for item in items:
            item.days_left = item.clock.days_left(today)
            item.overdue = item.clock.is_overdue(today)
            item.overdue_days = -item.days_left if item.overdue else 0
        recognised = recognised_in_scope(council) if is_chair(request.user, council) or request.user.is_superuser \
            else []
        councils.append((council, items, recognised))
    return TemplateResponse(request, "appraisal/admin/applications.html", {
        "page_title": _("Đơn yêu cầu công nhận"), "header_icon": "date", "councils": councils, "today": today})
