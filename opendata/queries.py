"""The filters of each open dataset, over what public/rules.py says the public may see.

The filter schemas are shared by the JSON API (ninja Query parameters) and the downloads (the same
names in the query string, validated by the same schema), so `?province=87&year=2024` selects the
same rows in /api/v1/initiatives/ and /du-lieu-mo/sang-kien.csv.

Published means public (public/rules.py: live, not behind a view restriction, in a site). Adoptions,
observations and awards of anything else are left out. Individual council scores,
comments and conflicts of interest are never part of any dataset.
"""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_noop
from pydantic import field_validator

from core.ids import MAX_ID
from initiatives.status import InitiativeStatus, RecognitionLevel
from ninja import Field, Schema
from public.rules import public_adoptions, public_initiatives
from rollout.models import Adoption
from units.models import AdministrativeUnit, UnitLevel

DECIDED = (InitiativeStatus.RECOGNISED, InitiativeStatus.NOT_RECOGNISED)


def published_initiatives():
    return public_initiatives()


def _rollup(key):
    """Ids of the unit with this key and of every unit rolling up to it (merged predecessors, units
    below); an empty set when no unit has the key (selects nothing, never everything)."""
    unit = AdministrativeUnit.objects.filter(key=key).first()
    if unit is not None:
        return unit.rollup_ids()
    # A province named by its name, today's or a former one ("Phú Yên" → Tỉnh Đắk Lắk): today's map.
    from units.vocabulary import resolve_current_provinces

    ids = set()
    for province in resolve_current_provinces(key):
        ids |= province.rollup_ids()
    return ids


def _province_ids(key):
    """Ids of the province(s) a province filter means on today's map: today's province named by key or
    by name (a current or a former one, "Phú Yên" → Tỉnh Đắk Lắk) and the old provinces merged into
    it, so rows stored under an old province are found too. An old province's exact key keeps naming
    that old province alone (the old map stays readable). An empty set selects nothing."""
    from units.vocabulary import resolve_current_provinces

    exact = AdministrativeUnit.objects.filter(key=key, level="province").first()
    if exact is not None and exact.is_historic:
        return {exact.pk}
    ids = set()
    for province in resolve_current_provinces(key):
        ids |= province.succession_ids()
    return ids


# The forms of a period bound, documented in the schema (checked by _period_bound, Vietnamese message).
PERIOD_PATTERN = {"pattern": r"^(19|20)\d{2}(-(Q[1-4]|H[12]|[ML](0[1-9]|1[0-2])|(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])))?$"}
YEAR_BOUNDS = {"minimum": 1900, "maximum": 2100}  # documented; checked by _year (Vietnamese message)


def _year(value):
    if value is not None and not 1900 <= value <= 2100:
        raise ValueError(gettext("Năm không hợp lệ: nhập năm dạng 4 chữ số, ví dụ 2024."))
    return value


# Filter help texts stay Vietnamese str in the schemas (pydantic, OpenAPI); gettext_noop marks them for
# extraction and the data page translates them when it renders (opendata/views.py).
UNIT_HELP = gettext_noop("Khoá đơn vị (key), ví dụ 29950; gồm cả đơn vị cũ đã sáp nhập vào và đơn vị trực thuộc")
PROVINCE_HELP = gettext_noop("Khoá tỉnh/thành phố (key), ví dụ 87; gồm cả các tỉnh cũ đã hợp nhất vào tỉnh này")


# -- initiatives --------------------------------------------------------------------------------

class InitiativeFilters(Schema):
    province: str | None = Field(None, max_length=60, description=PROVINCE_HELP)
    unit: str | None = Field(None, max_length=16, description=UNIT_HELP)
    area: str | None = Field(None, max_length=80,
                             description=gettext_noop("Mã lĩnh vực cải cách (slug), ví dụ thu-tuc-hanh-chinh"))
    status: InitiativeStatus | None = Field(
        None, description=gettext_noop("Trạng thái: submitted, under_appraisal, returned, recognised, not_recognised"))
    recognition: RecognitionLevel | None = Field(
        None, description=gettext_noop("Cấp công nhận: commune, district, province, national"))
    year: int | None = Field(None, json_schema_extra=YEAR_BOUNDS,
                             description=gettext_noop("Năm bắt đầu (hoặc năm đăng, nếu chưa có ngày bắt đầu)"))

    _check_year = field_validator("year")(_year)


def _public_authors():
    """The authors who consented to be shown (never their date of birth: see datasets._authors)."""
    from django.db.models import Prefetch

    from initiatives.models import InitiativeAuthor

    return Prefetch("authors", queryset=InitiativeAuthor.objects.filter(public_consent=True),
                    to_attr="public_author_list")


def initiatives(filters):
    rows = (published_initiatives()
            .select_related("origin_unit", "origin_unit__province", "reform_area")
            .prefetch_related("tags", _public_authors())
            # A correlated count, not a join and GROUP BY over every initiative: PostgreSQL evaluates it
            # for the rows of the page only (after the sort and the limit), 3,4 s -> ms at national scale.
            .annotate(adoption_count=Coalesce(Subquery(
                Adoption.objects.filter(initiative_id=OuterRef("pk")).order_by().values("initiative_id")
                .annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)))
    if filters.province:
        rows = rows.filter(origin_unit_id__in=_rollup(filters.province))
    if filters.unit:
        rows = rows.filter(origin_unit_id__in=_rollup(filters.unit))
    if filters.area:
        rows = rows.filter(reform_area__slug=filters.area)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.recognition:
        rows = rows.filter(recognition_level=filters.recognition)
    if filters.year:
        rows = rows.filter(Q(start_date__year=filters.year)
                           | Q(start_date__isnull=True, first_published_at__year=filters.year))
    return rows.order_by(F("first_published_at").desc(nulls_last=True), "-pk")


# -- units --------------------------------------------------------------------------------------

class UnitFilters(Schema):
    level: UnitLevel | None = Field(None, description="province | district | commune")
    province: str | None = Field(None, max_length=60, description=gettext_noop("Khoá tỉnh (key), ví dụ 87 hoặc h87"))
    era: str | None = Field(None, pattern="^(current|historic)$",
                            description=gettext_noop("current: đơn vị hiện hành; historic: trước 01/07/2025"))
    q: str | None = Field(None, max_length=100, description=gettext_noop("Tên, có dấu hoặc không dấu"))


def units(filters):
    rows = AdministrativeUnit.objects.select_related("parent", "province")
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.province:
        rows = rows.filter(province_id__in=_province_ids(filters.province))
    if filters.era == "current":
        rows = rows.current()
    elif filters.era == "historic":
        rows = rows.historic()
    if filters.q and filters.q.strip():
        rows = rows.search(filters.q)
    return rows.order_by(F("valid_until").asc(nulls_first=True), "level", "key")


# -- adoptions ----------------------------------------------------------------------------------

class AdoptionFilters(Schema):
    initiative: int | None = Field(None, ge=1, le=MAX_ID, description=gettext_noop("Mã sáng kiến (id)"))
    unit: str | None = Field(None, max_length=16, description=UNIT_HELP)
    province: str | None = Field(None, max_length=60, description=PROVINCE_HELP)
    status: str | None = Field(None, pattern="^(planned|piloting|operating|suspended|discontinued)$",
                               description="planned | piloting | operating | suspended | discontinued")


def adoptions(filters):
    rows = (public_adoptions()
            .select_related("initiative", "unit", "unit__province", "replicated_from_adoption__unit"))
    if filters.initiative:
        rows = rows.filter(initiative_id=filters.initiative)
    if filters.unit:
        rows = rows.filter(unit_id__in=_rollup(filters.unit))
    if filters.province:
        rows = rows.filter(unit_id__in=_rollup(filters.province))
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows.order_by("initiative_id", F("start_date").asc(nulls_last=True), "pk")


# -- observations -------------------------------------------------------------------------------

def _period_bound(value, end):
    """A period key ("2023", "2023-Q1", "2023-M03") or a date (2023-03-31) -> a date."""
    from rollout.periods import Period

    if value is None or value == "":
        return None
    try:
        period = Period.from_key(value)
        return period.end if end else period.start
    except ValueError:
        pass
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(gettext("Kỳ không hợp lệ: %(value)r. Nhập mã kỳ (2023, 2023-Q1, 2023-H1, 2023-M03) "
                                 "hoặc ngày dạng YYYY-MM-DD.") % {"value": value}) from None


class ObservationFilters(Schema):
    metric: str | None = Field(None, max_length=60,
                               description=gettext_noop("Mã chỉ tiêu, ví dụ sipas (xem /api/v1/rollout/metrics/)"))
    unit: str | None = Field(None, max_length=16, description=UNIT_HELP)
    province: str | None = Field(None, max_length=60, description=PROVINCE_HELP)
    initiative: int | None = Field(None, ge=1, le=MAX_ID,
                                   description=gettext_noop("Mã sáng kiến (id): số liệu của các đơn vị áp dụng"))
    period_from: str | None = Field(None, max_length=12, json_schema_extra=PERIOD_PATTERN,
                                    description=gettext_noop("Từ kỳ: mã kỳ (2023, 2023-Q1) hoặc ngày YYYY-MM-DD; "
                                                             "giữ các kỳ bắt đầu từ ngày này"))
    period_to: str | None = Field(None, max_length=12, json_schema_extra=PERIOD_PATTERN,
                                  description=gettext_noop("Đến kỳ: mã kỳ hoặc ngày; giữ các kỳ kết thúc "
                                                           "trước hoặc đúng ngày này"))

    @field_validator("period_from")
    @classmethod
    def _from(cls, value):
        _period_bound(value, end=False)
        return value

    @field_validator("period_to")
    @classmethod
    def _to(cls, value):
        _period_bound(value, end=True)
        return value


def observations(filters):
    """The selection of rollout.exporting.observations() (the /so-lieu/xuat.csv code path), narrowed
    to published initiatives and by metric and period."""
    from rollout import exporting

    units_ = initiative = province = None
    empty = False
    if filters.unit:
        units_ = list(AdministrativeUnit.objects.filter(key=filters.unit))
        empty |= not units_
    if filters.initiative:
        initiative = published_initiatives().filter(pk=filters.initiative).first()
        empty |= initiative is None
    rows = exporting.observations(units=units_, province=province, initiative=initiative, empty=empty)
    if filters.province:  # a key or a name, today's or a former one, with its predecessors' rows
        rows = rows.filter(unit_id__in=_rollup(filters.province))
    if filters.metric:
        rows = rows.filter(metric__code=filters.metric)
    if filters.period_from:
        rows = rows.filter(period_start__gte=_period_bound(filters.period_from, end=False))
    if filters.period_to:
        rows = rows.filter(period_end__lte=_period_bound(filters.period_to, end=True))
    return rows.order_by(*rows.query.order_by, "pk")


# -- campaigns: leaderboards and awards ---------------------------------------------------------

class LeaderboardFilters(Schema):
    campaign: str | None = Field(None, max_length=255,
                                 description=gettext_noop("Đường dẫn (slug) của phong trào thi đua"))
    peer_group: str | None = Field(None, max_length=50,
                                   description=gettext_noop("Nhóm đơn vị tương đồng (slug); "
                                                            "bỏ trống: bảng xếp hạng chung"))
    province: str | None = Field(None, max_length=60, description=gettext_noop("Khoá tỉnh của đơn vị (key)"))
    level: UnitLevel | None = Field(None, description=gettext_noop("Cấp đơn vị: province | district | commune"))
    unit: str | None = Field(None, max_length=16, description=gettext_noop(
        "Khoá đơn vị (key); gồm cả các dòng của đơn vị cũ đã sáp nhập vào đơn vị này"))


def leaderboards(filters):
    from public.rules import public_leaderboard_rows

    rows = (public_leaderboard_rows()
            .select_related("campaign", "peer_group", "unit", "province"))
    if filters.campaign:
        rows = rows.filter(campaign__slug=filters.campaign)
    if filters.peer_group:
        rows = rows.filter(peer_group__slug=filters.peer_group)
    else:
        rows = rows.filter(peer_group__isnull=True)
    if filters.province:  # today's province by key or name, rows stored under its old provinces too
        rows = rows.filter(province_id__in=_province_ids(filters.province))
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.unit:  # a successor's rows: its own and its predecessors' (units.models.succession_ids)
        unit = AdministrativeUnit.objects.filter(key=filters.unit).first()
        rows = rows.filter(unit_id__in=unit.succession_ids() if unit else ())
    return rows.order_by("campaign__title", "campaign_id", "peer_group_id", "position", "pk")


class AwardFilters(Schema):
    campaign: str | None = Field(None, max_length=255,
                                 description=gettext_noop("Đường dẫn (slug) của phong trào thi đua"))
    unit: str | None = Field(None, max_length=16,
                             description=gettext_noop("Khoá đơn vị được khen (key); gồm cả đơn vị trực thuộc"))
    kind: str | None = Field(None, max_length=30,
                             description=gettext_noop("Mã danh hiệu, hình thức khen thưởng (ví dụ ld_tien_tien, "
                                                      "bk_tinh, gk_xa)"))
    year: int | None = Field(None, json_schema_extra=YEAR_BOUNDS,
                             description=gettext_noop("Năm của quyết định khen thưởng"))

    _check_year = field_validator("year")(_year)


def awards(filters):
    """Public awards (public/rules.py: confirmed, never a proposal or a revoked award — the
    verification page /xac-minh/<id>/ answers for those)."""
    from public.rules import award_initiative_is_public, public_awards

    rows = (public_awards()
            .select_related("campaign", "kind", "recipient_unit", "recipient_initiative", "recipient_person")
            .annotate(initiative_published=award_initiative_is_public()))
    if filters.campaign:
        rows = rows.filter(campaign__slug=filters.campaign)
    if filters.unit:
        rows = rows.filter(recipient_unit_id__in=_rollup(filters.unit))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.year:
        rows = rows.filter(decision_date__year=filters.year)
    return rows.order_by(F("decision_date").desc(nulls_last=True), "-pk")
