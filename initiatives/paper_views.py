"""Stable URLs of the initiatives' papers.

- /giay-to/bien-nhan/<id>.pdf: the receipt; the applicant's officers, council members, editors and
  administrators (not the public: it names the applicant).
- /giay-to/chung-nhan/<id>.pdf: the certificate of a recognised, published initiative; public, it
  names the authors who consented to be shown (never a date of birth).
- /xac-minh/sang-kien/<id>/: the public verification page the certificate's QR code points to."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from core import roles
from core.roles import can_act_for_unit

from public.rules import public_initiatives

from .models import ApplicationReceipt
from .papers import certificate_pdf, receipt_pdf
from .status import InitiativeStatus


def pdf_response(data, filename, *, public=False):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


def can_see_application(user, page):
    """The applicant's officers, council members, editors and administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return can_act_for_unit(user, page.origin_unit_id) or roles.in_group(user, roles.COUNCIL_MEMBERS)


def receipt(request, page_id):
    item = get_object_or_404(ApplicationReceipt.objects.select_related("initiative", "received_by"), initiative_id=page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_application(request.user, item.initiative):
        raise PermissionDenied
    return pdf_response(receipt_pdf(item), f"bien-nhan-{page_id}.pdf")


def recognised_public_page(page_id):
    page = (public_initiatives().filter(pk=page_id, status=InitiativeStatus.RECOGNISED)
            .select_related("origin_unit").first())
    if page is None:
        raise Http404
    return page


def public_authors(page):
    return [a for a in page.authors.all() if a.public_consent]


def certificate(request, page_id):
    page = recognised_public_page(page_id)
    return pdf_response(certificate_pdf(page, public_authors(page)), f"giay-chung-nhan-sang-kien-{page_id}.pdf",
                        public=True)


def verify(request, page_id):
    page = recognised_public_page(page_id)
    return TemplateResponse(request, "initiatives/verify.html", {"page": page, "authors": public_authors(page)})
