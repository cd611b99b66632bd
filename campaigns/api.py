"""Read-only JSON under /api/v1/ for this app (django-ninja router, mounted in config/api.py).

GET /api/v1/campaigns/                                   — live campaigns, with slugs and current phase
GET /api/v1/campaigns/{slug}/leaderboard/?province=&level=&peer_group=&limit=
    — rank, unit code and name, points, movement (read from the stored leaderboard)
GET /api/v1/leaderboards/?campaign=&peer_group=&province=&level=&page=&page_size=   — open data, paginated
GET /api/v1/awards/?campaign=&unit=&kind=&year=&page=&page_size=                    — open data, paginated
GET /api/v1/badges/{unit key}/   — the badges a unit holds: its own and those of the units merged into it
GET /api/v1/points/{unit key}/   — a unit's points per campaign, its own and its predecessors' (as on its page),
    with the predecessors split between several successors (`split_predecessors`, `shared_with`)
"""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from core.api.pagination import PageParams, page_schema
from opendata import queries, registry
from opendata.registry import dataset_page
from public.rules import public_campaigns

from .leaderboard import board_rows
from .models import PeerGroup
from .views import mark_unverified

router = Router(tags=["campaigns"])
leaderboards_router = Router(tags=["campaigns"])  # mounted at /api/v1/leaderboards/
awards_router = Router(tags=["campaigns"])  # mounted at /api/v1/awards/
badges_router = Router(tags=["campaigns"])  # mounted at /api/v1/badges/
points_router = Router(tags=["campaigns"])  # mounted at /api/v1/points/
LEADERBOARDS = registry.get("leaderboards")
AWARDS = registry.get("awards")


class PhaseOut(Schema):
    kind: str
    label: str
    starts_on: datetime.date
    ends_on: datetime.date


class CampaignOut(Schema):
    slug: str
    title: str
    theme: str
    url: str
    scope_unit_key: str | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    current_phase: str | None
    phases: list[PhaseOut]
    leaderboard_url: str


class LeaderboardRowOut(Schema):
    rank: int
    unit_key: str
    unit_code: str
    unit_name: str
    province_key: str | None
    level: str
    points: int
    previous_rank: int | None
    movement: str
    unverified: int = Field(0, description="Số liệu tự báo cáo của đơn vị trong kỳ của phong trào chưa được cấp trên "
                                           "xác minh (chưa được tính điểm).")


class LeaderboardOut(Schema):
    campaign: str
    peer_group: str | None
    count: int
    rows: list[LeaderboardRowOut]


class BoardFilters(Schema):
    province: str | None = None
    level: str | None = None
    peer_group: str | None = None
    limit: int = 100


def _campaign_out(page):
    phase = page.current_phase()
    return {
        "slug": page.slug, "title": page.title, "theme": page.theme, "url": page.url or "",
        "scope_unit_key": page.scope_unit.key if page.scope_unit_id else None,
        "starts_on": page.starts_on, "ends_on": page.ends_on,
        "current_phase": phase.kind if phase else None,
        "phases": [{"kind": p.kind, "label": str(p.get_kind_display()), "starts_on": p.starts_on,
                    "ends_on": p.ends_on} for p in page._phases()],
        "leaderboard_url": f"/api/v1/campaigns/{page.slug}/leaderboard/",
    }


@router.get("/", response=list[CampaignOut], summary="Phong trào thi đua",
            description="Các phong trào thi đua đang công bố (ít, không phân trang), với các giai đoạn và giai đoạn "
                        "hiện tại.")
def list_campaigns(request):
    pages = public_campaigns().select_related("scope_unit").prefetch_related("phases").order_by("title")
    return [_campaign_out(page) for page in pages]


@router.get("/{slug}/leaderboard/", response=LeaderboardOut, summary="Bảng xếp hạng của phong trào",
            description="Các dòng đầu (limit, tối đa 1.000) của bảng xếp hạng một phong trào, lọc theo tỉnh, cấp, "
                        "nhóm đơn vị tương đồng. Dạng phân trang, mọi phong trào: /api/v1/leaderboards/.")
def leaderboard(request, slug: str, filters: Query[BoardFilters]):
    campaign = get_object_or_404(public_campaigns(), slug=slug)
    group = get_object_or_404(PeerGroup, slug=filters.peer_group) if filters.peer_group else None
    rows = board_rows(campaign, peer_group=group, province=filters.province, level=filters.level)
    rows = mark_unverified(campaign, list(rows[:max(1, min(filters.limit, 1000))]))
    return {
        "campaign": campaign.slug, "peer_group": group.slug if group else None, "count": len(rows),
        "rows": [{"rank": r.rank, "unit_key": r.unit.key, "unit_code": r.unit.code, "unit_name": r.unit.name,
                  "province_key": r.province.key if r.province_id else None, "level": r.level, "points": r.points,
                  "previous_rank": r.previous_rank, "movement": r.movement, "unverified": r.unverified} for r in rows],
    }


@leaderboards_router.get("/", response=page_schema(LEADERBOARDS.schema()), summary="Bảng xếp hạng thi đua",
                         description="Các dòng của bảng xếp hạng (bảng chung, hoặc của nhóm peer_group) của các phong "
                                     "trào đang công bố, theo phong trào rồi thứ hạng. Tệp: "
                                     "/du-lieu-mo/bang-xep-hang.csv "
                                     "và .xlsx, cùng tham số.")
def list_leaderboards(request, filters: Query[queries.LeaderboardFilters], paging: Query[PageParams]):
    return dataset_page(request, LEADERBOARDS, filters, paging, default_size=100)


@awards_router.get("/", response=page_schema(AWARDS.schema()), summary="Khen thưởng",
                   description="Khen thưởng đã có quyết định (và đã thu hồi, kèm trạng thái) trong các phong trào đang "
                               "công bố, quyết định mới trước. Lọc theo phong trào, đơn vị được khen, hình thức, năm. "
                               "Tệp: /du-lieu-mo/khen-thuong.csv và .xlsx, cùng tham số.")
def list_awards(request, filters: Query[queries.AwardFilters], paging: Query[PageParams]):
    return dataset_page(request, AWARDS, filters, paging)


class BadgeOut(Schema):
    code: str
    name: str
    level: int
    level_name: str
    awarded_on: datetime.date
    earned_by_key: str = Field(description="Khoá của đơn vị đã đạt huy hiệu: chính đơn vị, hoặc một đơn vị đã sáp "
                                           "nhập vào đơn vị trước 01/07/2025.")
    earned_by_name: str
    from_predecessor: bool = Field(description="Huy hiệu do một đơn vị đã sáp nhập vào đơn vị này đạt.")


class UnitBadgesOut(Schema):
    unit_key: str
    unit_name: str
    count: int
    badges: list[BadgeOut]


@badges_router.get("/{key}/", response=UnitBadgesOut, summary="Huy hiệu của một đơn vị",
                   description="Các bậc huy hiệu đơn vị (theo khoá) đang giữ: bậc đơn vị tự đạt và bậc các đơn vị đã "
                               "sáp nhập vào đơn vị trước 01/07/2025 đạt (ghi rõ đơn vị đạt), như trên trang đơn vị và "
                               "trang so sánh. Rỗng khi huy hiệu đang tắt.")
def unit_badges(request, key: str):
    from units.models import AdministrativeUnit

    from .badges import credited_badges

    unit = get_object_or_404(AdministrativeUnit, key=key)
    awards = credited_badges([unit]).get(unit.pk, [])
    return {"unit_key": unit.key, "unit_name": unit.name, "count": len(awards), "badges": [
        {"code": a.definition.code, "name": a.definition.name, "level": a.level, "level_name": a.level_name,
         "awarded_on": a.awarded_on, "earned_by_key": a.unit.key, "earned_by_name": a.unit.history_label,
         "from_predecessor": a.unit_id != unit.pk} for a in awards]}


class SplitPredecessorOut(Schema):
    unit_key: str
    unit_name: str
    points: int = Field(description="Điểm của đơn vị này (trước 01/07/2025), đã gồm trong `points`.")
    shared_with: int = Field(description="Số đơn vị kế thừa cùng được tính các điểm này: đơn vị bị chia cho nhiều "
                                         "đơn vị kế thừa, không có căn cứ để chia điểm, nên điểm được tính cho mỗi "
                                         "đơn vị; cộng điểm của các đơn vị kế thừa sẽ tính trùng.")
    successor_keys: list[str]


class CampaignPointsOut(Schema):
    campaign: str
    campaign_title: str
    points: int = Field(description="Điểm của đơn vị và của các đơn vị đã sáp nhập vào đơn vị trước 01/07/2025.")
    rank: int | None = Field(description="Hạng của chính đơn vị trên bảng xếp hạng chung; trống khi chỉ các đơn vị "
                                         "trước sáp nhập có trên bảng.")
    board_size: int
    from_predecessors: int = Field(description="Số đơn vị trước 01/07/2025 có điểm được cộng vào.")
    note: str = Field(description="Ghi chú như trên trang đơn vị (tiếng Việt hoặc theo ngôn ngữ yêu cầu).")
    split_predecessors: list[SplitPredecessorOut]


class UnitPointsOut(Schema):
    unit_key: str
    unit_name: str
    count: int
    campaigns: list[CampaignPointsOut]


@points_router.get("/{key}/", response=UnitPointsOut, summary="Điểm thi đua của một đơn vị",
                   description="Điểm của đơn vị (theo khoá) trên bảng xếp hạng chung của từng phong trào đang công "
                               "bố, gồm điểm các đơn vị đã sáp nhập vào đơn vị trước 01/07/2025, như trên trang đơn "
                               "vị. Đơn vị trước sáp nhập bị chia cho nhiều đơn vị kế thừa được tính điểm cho mỗi "
                               "đơn vị kế thừa và được nêu trong split_predecessors (shared_with: số đơn vị cùng "
                               "được tính).")
def unit_points(request, key: str):
    from units.models import AdministrativeUnit
    from units.profile import campaign_standings

    unit = get_object_or_404(AdministrativeUnit, key=key)
    standings = campaign_standings(unit)
    successor_ids = {pk for row in standings for share in row.split for pk in share.successor_ids}
    keys = (dict(AdministrativeUnit.objects.filter(pk__in=successor_ids).values_list("pk", "key"))
            if successor_ids else {})
    return {"unit_key": unit.key, "unit_name": unit.name, "count": len(standings), "campaigns": [
        {"campaign": row.campaign.slug, "campaign_title": row.campaign.title, "points": row.points, "rank": row.rank,
         "board_size": row.board_size, "from_predecessors": row.from_predecessors, "note": row.note,
         "split_predecessors": [
             {"unit_key": share.key, "unit_name": share.label, "points": share.points, "shared_with": share.shared_with,
              "successor_keys": sorted(keys[pk] for pk in share.successor_ids if pk in keys)} for share in row.split]}
        for row in standings]}
