"""Read-only JSON under /api/v1/appraisal/ (django-ninja router, mounted in config/api.py).

Only what the public may see after a decision: outcome, recognition level, decision number and
date, the final (mean) score and the council. Never members, individual scores or comments, and
nothing about initiatives still being appraised or returned to the commune.

GET /api/v1/appraisal/decisions/?council=&outcome=&page=   — decisions, newest first
GET /api/v1/appraisal/initiatives/{page_id}/decision/     — the public decision on one initiative
"""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from core.api.pagination import PageParams, page_of, page_schema
from opendata.queries import published_initiatives

from .models import Decision, DecisionOutcome

router = Router(tags=["appraisal"])


class DecisionOut(Schema):
    initiative_id: int
    initiative_title: str
    initiative_url: str | None
    origin_unit: str
    council: str
    council_level: str
    outcome: str
    outcome_label: str
    recognition_level: str
    decision_number: str
    decision_date: datetime.date
    final_score: Decimal | None

    @staticmethod
    def resolve_initiative_id(obj):
        return obj.entry.initiative_id

    @staticmethod
    def resolve_initiative_title(obj):
        return obj.entry.initiative.title

    @staticmethod
    def resolve_initiative_url(obj):
        return obj.entry.initiative.url

    @staticmethod
    def resolve_origin_unit(obj):
        return str(obj.entry.initiative.origin_unit)

    @staticmethod
    def resolve_council(obj):
        return obj.entry.round.council.name

    @staticmethod
    def resolve_council_level(obj):
        return obj.entry.round.council.level

    @staticmethod
    def resolve_outcome_label(obj):
        return str(obj.get_outcome_display())

    @staticmethod
    def resolve_recognition_level(obj):
        return obj.level


def public_decisions():
    # "Returned" is a step back to the commune, not a public result; unpublished pages stay private.
    return (Decision.objects.exclude(outcome=DecisionOutcome.RETURNED)
            .filter(entry__initiative__in=published_initiatives())
            .select_related("entry__initiative__origin_unit", "entry__round__council")
            .order_by("-decision_date", "-pk"))


@router.get("/decisions/", response=page_schema(DecisionOut), summary="Quyết định thẩm định",
            description="Quyết định công nhận / không công nhận sáng kiến đã công bố, mới trước: kết quả, cấp công "
                        "nhận, số và ngày quyết định, điểm bình quân của hội đồng. Không có thành viên, điểm từng "
                        "người hay nhận xét; không có sáng kiến đang thẩm định hoặc bị trả lại.")
def decisions(request, paging: Query[PageParams], council: int | None = None, outcome: DecisionOutcome | None = None):
    qs = public_decisions()
    if council:
        qs = qs.filter(entry__round__council_id=council)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return page_of(request, qs, paging)


@router.get("/initiatives/{page_id}/decision/", response=DecisionOut, summary="Quyết định về một sáng kiến",
            description="Quyết định công khai về một sáng kiến; 404 khi chưa có quyết định công khai.")
def initiative_decision(request, page_id: int):
    return get_object_or_404(public_decisions(), entry__initiative_id=page_id)
