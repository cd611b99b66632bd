"""/ho-so-nhan-rong/<id>/ (page) and /ho-so-nhan-rong/<id>.pdf: the replication evidence dossier of a
recognised, published initiative (public data only; see rollout.dossier)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from public.rules import public_initiatives
from initiatives.status import InitiativeStatus

from .dossier import build_dossier, dossier_pdf


def _initiative(page_id):
    page = (public_initiatives().filter(pk=page_id, status=InitiativeStatus.RECOGNISED)
            .select_related("origin_unit").first())
    if page is None:
        raise Http404
    return page


def dossier_page(request, page_id):
    return render(request, "rollout/dossier.html", {"dossier": build_dossier(_initiative(page_id))})


def dossier_download(request, page_id):
    response = HttpResponse(dossier_pdf(build_dossier(_initiative(page_id))), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ho-so-nhan-rong-{page_id}.pdf"'
    return response
