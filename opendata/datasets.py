"""The open datasets and their fields (see opendata.registry). Keys are stable: scripts depend on
them. The observations download keeps the importer's layout (rollout.exporting.HEADER; a test keeps
the two equal), so an exported file can be corrected and imported back."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rollout.periods import period_label_vi

from . import queries
from .registry import Column as C
from .registry import Dataset, attr, display, register


def _initiative_url(page, context):
    return context.absolute(context.page_path(page))


def _final_score(page, _context):
    # The council's mean is published with its decision, never before (and never one member's score).
    return page.final_score if page.status in queries.DECIDED else None


def _published_on(page, _context=None):
    """The day of first publication in the site's time zone (stored in UTC: 23:30 UTC on 31 December
    is already 1 January in Vietnam)."""
    return timezone.localdate(page.first_published_at) if page.first_published_at else None


def _authors(page, _context):
    """Names, position, workplace and share of the consenting authors of a recognised initiative
    (Regulation Art. 5 fields; never the date of birth)."""
    if page.status != "recognised":
        return []
    authors = getattr(page, "public_author_list", None)
    if authors is None:
        authors = [a for a in page.authors.all() if a.public_consent]
    rows = []
    for a in authors:
        extra = ", ".join(x for x in (a.position, a.workplace) if x)
        rows.append(f"{a.full_name}{f' — {extra}' if extra else ''} ({a.share_display})")
    return rows


def _certificate_url(page, context):
    if page.status != "recognised":
        return None
    from django.urls import reverse

    return context.absolute(reverse("recognition_public:certificate", args=[page.pk]))


def _todays_province(path, field):
    """The province in force today of the unit at `path` (its own for a current unit; the new province
    its old province went into for a unit before 01/07/2025): downloads and the API speak today's map
    (issue 18). One cached map read per process (units.vocabulary), no query per row."""
    unit_of = attr(path)

    def getter(obj, context):
        from units.vocabulary import todays_province_of

        province = todays_province_of(unit_of(obj, context))
        return getattr(province, field, None) if province is not None else None

    return getter


def _year(page, _context):
    if page.start_date:
        return page.start_date.year
    published = _published_on(page)
    return published.year if published else None


INITIATIVES = register(Dataset(
    slug="initiatives", file_name="sang-kien", api_path="/api/v1/initiatives/",
    title=_("Sáng kiến, mô hình"),
    description=_("Các sáng kiến, mô hình cải cách hành chính đã công bố: đơn vị sáng kiến, lĩnh vực, trạng thái "
                  "thẩm định và quyết định công nhận. Không gồm bản nháp."),
    columns=[
        C("id", "Mã sáng kiến", "integer", _("Mã số của sáng kiến trên Nhân Rộng (dùng để lọc các bộ dữ liệu khác)."),
          attr("pk")),
        C("title", "Tên sáng kiến", "text", _("Tên sáng kiến, mô hình."), attr("title")),
        C("url", "Địa chỉ trang", "url", _("Trang của sáng kiến trên Nhân Rộng."), _initiative_url),
        C("summary", "Tóm tắt", "text", _("Tóm tắt nội dung."), attr("summary")),
        C("origin_unit_key", "Mã đơn vị sáng kiến", "text",
          _("Khoá của đơn vị đã đưa ra sáng kiến (mã đơn vị hành chính; đơn vị cũ trước 01/07/2025 có tiền tố h)."),
          attr("origin_unit.key")),
        C("origin_unit_name", "Đơn vị sáng kiến", "text", _("Tên đơn vị đã đưa ra sáng kiến."),
          attr("origin_unit.name")),
        C("province_key", "Mã tỉnh/thành phố", "text", _("Khoá tỉnh/thành phố của đơn vị sáng kiến."),
          _todays_province("origin_unit", "key")),
        C("province_name", "Tỉnh/Thành phố", "text", _("Tỉnh/thành phố của đơn vị sáng kiến."),
          _todays_province("origin_unit", "name")),
        C("owning_office", "Cơ quan chủ trì", "text", _("Cơ quan chủ trì thực hiện."), attr("owning_office")),
        C("reform_area", "Mã lĩnh vực", "text", _("Mã lĩnh vực cải cách hành chính."), attr("reform_area.slug")),
        C("reform_area_name", "Lĩnh vực cải cách", "text", _("Tên lĩnh vực cải cách hành chính."),
          attr("reform_area.name")),
        C("tags", "Thẻ", "list", _("Các thẻ phân loại."), lambda page, _c: sorted(t.name for t in page.tags.all())),
        C("status", "Mã trạng thái", "text",
          _("submitted, under_appraisal, returned, recognised hoặc not_recognised."), attr("status")),
        C("status_label", "Trạng thái", "text", _("Trạng thái thẩm định."), display("status")),
        C("recognition_level", "Mã cấp công nhận", "text",
          _("commune (cơ sở), province hoặc national; district: cấp huyện, chỉ có trước 01/07/2025."),
          attr("recognition_level")),
        C("recognition_level_label", "Cấp công nhận", "text", _("Cấp đã công nhận sáng kiến."),
          display("recognition_level")),
        C("decision_number", "Số quyết định", "text", _("Số quyết định công nhận (hoặc không công nhận)."),
          lambda page, _c: page.decision_number or None),
        C("decision_date", "Ngày quyết định", "date", _("Ngày ký quyết định."), attr("decision_date")),
        C("council_name", "Hội đồng công nhận", "text", _("Hội đồng đã ra quyết định công nhận (hoặc không công nhận)."),
          lambda page, _c: page.council_name or None),
        C("authors", "Tác giả", "list",
          _("Tác giả, đồng tác giả của sáng kiến đã được công nhận, đồng ý công khai tên: họ tên — chức danh, nơi công "
            "tác (tỷ lệ đóng góp). Không bao giờ có ngày sinh."), _authors),
        C("influence_scope", "Mã phạm vi ảnh hưởng", "text", _("base (cơ sở), province (cấp tỉnh) hoặc national (toàn quốc)."),
          lambda page, _c: page.influence_scope or None),
        C("influence_scope_label", "Phạm vi ảnh hưởng", "text", _("Phạm vi ảnh hưởng, hiệu quả áp dụng đã được quyết định."),
          lambda page, _c: page.get_influence_scope_display() or None),
        C("scope_decision_number", "Số quyết định phạm vi ảnh hưởng", "text", _("Số quyết định về phạm vi ảnh hưởng."),
          lambda page, _c: page.scope_decision_number or None),
        C("scope_decision_date", "Ngày quyết định phạm vi ảnh hưởng", "date", _("Ngày quyết định về phạm vi ảnh hưởng."),
          attr("scope_decision_date")),
        C("certificate_url", "Giấy chứng nhận sáng kiến", "url", _("Giấy chứng nhận sáng kiến (PDF) của sáng kiến đã được công nhận."),
          _certificate_url),
        C("final_score", "Điểm thẩm định", "decimal",
          _("Điểm bình quân của hội đồng, chỉ công bố cùng quyết định. Điểm của từng thành viên không công bố."),
          _final_score),
        C("start_date", "Ngày bắt đầu", "date", _("Ngày bắt đầu triển khai."), attr("start_date")),
        C("year", "Năm", "integer", _("Năm bắt đầu, hoặc năm đăng nếu chưa có ngày bắt đầu (bộ lọc year)."), _year),
        C("first_published_at", "Ngày đăng", "date", _("Ngày sáng kiến được đăng lần đầu."),
          _published_on),
        C("adoption_count", "Số đơn vị nhân rộng", "integer", _("Số đơn vị đã ghi nhận áp dụng sáng kiến."),
          attr("adoption_count", 0)),
    ],
))

UNITS = register(Dataset(
    slug="units", file_name="don-vi", api_path="/api/v1/units/",
    title=_("Đơn vị hành chính"),
    description=_("Tỉnh, huyện, xã trước và sau sắp xếp ngày 01/07/2025, với thời gian hiệu lực."),
    columns=[
        C("key", "Khoá", "text", _("Khoá ổn định: mã đơn vị với đơn vị hiện hành, h + mã với đơn vị cũ."), attr("key")),
        C("code", "Mã đơn vị", "text", _("Mã đơn vị hành chính chính thức."), attr("code")),
        C("name", "Tên đơn vị", "text", _("Tên đầy đủ."), attr("name")),
        C("level", "Cấp", "text", _("province, district hoặc commune."), attr("level")),
        C("is_historic", "Đơn vị cũ", "boolean", _("Đúng nếu đơn vị đã hết hiệu lực (trước 01/07/2025)."),
          attr("is_historic")),
        C("short_name", "Tên ngắn", "text", _("Tên không kèm loại đơn vị."), attr("short_name")),
        C("unit_type", "Loại", "text", _("Tỉnh, Thành phố, Huyện, Xã, Phường…"), attr("unit_type")),
        C("province_key", "Khoá tỉnh", "text", _("Khoá tỉnh/thành phố của đơn vị."), attr("province.key")),
        C("parent_key", "Khoá đơn vị cấp trên", "text", _("Khoá đơn vị trực thuộc."), attr("parent.key")),
        C("valid_from", "Hiệu lực từ", "date", _("Ngày bắt đầu hiệu lực."), attr("valid_from")),
        C("valid_until", "Hiệu lực đến", "date", _("Ngày hết hiệu lực (trống: đang hiệu lực)."), attr("valid_until")),
        C("latitude", "Vĩ độ", "number", _("Vĩ độ (WGS 84), nếu có."), attr("latitude")),
        C("longitude", "Kinh độ", "number", _("Kinh độ (WGS 84), nếu có."), attr("longitude")),
    ],
))

ADOPTIONS = register(Dataset(
    slug="adoptions", file_name="nhan-rong", api_path="/api/v1/adoptions/",
    title=_("Nhân rộng"),
    description=_("Các đơn vị đã áp dụng một sáng kiến đã công bố, học tập từ đâu và trạng thái hiện nay."),
    columns=[
        C("id", "Mã nhân rộng", "integer", _("Mã số của lượt áp dụng."), attr("pk")),
        C("initiative_id", "Mã sáng kiến", "integer", _("Mã sáng kiến được áp dụng."), attr("initiative_id")),
        C("initiative_title", "Tên sáng kiến", "text", _("Tên sáng kiến được áp dụng."), attr("initiative.title")),
        C("unit_key", "Mã đơn vị áp dụng", "text", _("Khoá của đơn vị áp dụng."), attr("unit.key")),
        C("unit_name", "Đơn vị áp dụng", "text", _("Tên đơn vị áp dụng."), attr("unit.name")),
        C("province_key", "Mã tỉnh/thành phố", "text", _("Khoá tỉnh/thành phố của đơn vị áp dụng."),
          _todays_province("unit", "key")),
        C("status", "Mã trạng thái", "text", _("planned, piloting, operating, suspended hoặc discontinued."),
          attr("status")),
        C("status_label", "Trạng thái", "text", _("Trạng thái áp dụng."), display("status")),
        C("start_date", "Ngày bắt đầu áp dụng", "date", _("Ngày bắt đầu áp dụng."), attr("start_date")),
        C("responsible_office", "Cơ quan phụ trách", "text", _("Cơ quan phụ trách tại đơn vị áp dụng."),
          attr("responsible_office")),
        C("replicated_from_adoption_id", "Học tập từ lượt nhân rộng", "integer",
          _("Mã lượt áp dụng của đơn vị mà đơn vị này học tập (trống: học trực tiếp từ đơn vị sáng kiến)."),
          attr("replicated_from_adoption_id")),
        C("replicated_from_unit_key", "Học tập từ đơn vị", "text", _("Khoá của đơn vị đã học tập."),
          attr("replicated_from_adoption.unit.key")),
    ],
))


def _observation_initiative(observation, _context):
    return observation.adoption.initiative_id if observation.adoption_id else None


OBSERVATIONS = register(Dataset(
    slug="observations", file_name="so-lieu", api_path="/api/v1/observations/",
    title=_("Số liệu chỉ tiêu"),
    description=_("Giá trị của các chỉ tiêu (tỷ lệ hồ sơ đúng hạn, mức độ hài lòng…) theo đơn vị và kỳ báo cáo. "
                  "Tệp tải về có đúng bố cục của mẫu nhập số liệu: sửa rồi nhập lại được."),
    notes=[_("Người nhập số liệu không được công bố.")],
    columns=[
        C("unit_key", "Mã đơn vị", "text", _("Khoá của đơn vị."), attr("unit.key")),
        C("unit_name", "Tên đơn vị", "text", _("Tên đơn vị."), attr("unit.name")),
        C("metric", "Chỉ tiêu", "text", _("Mã chỉ tiêu (xem /api/v1/rollout/metrics/)."), attr("metric.code")),
        C("metric_name", "Tên chỉ tiêu", "text", _("Tên chỉ tiêu."), attr("metric.name_vi")),
        C("period", "Kỳ", "text", _("Kỳ báo cáo theo cách gọi của báo cáo: Năm 2024, Quý 1/2024…"),
          lambda o, _c: period_label_vi(o.period_key)),
        C("value", "Giá trị", "decimal", _("Giá trị đo được, theo đơn vị tính của chỉ tiêu."), attr("value")),
        C("source", "Nguồn", "text", _("Báo cáo, quyết định, khảo sát là nguồn của số liệu."), attr("source")),
        C("initiative_id", "Sáng kiến", "integer", _("Mã sáng kiến mà số liệu đo lường, nếu có."),
          _observation_initiative),
        C("period_key", "Mã kỳ", "text", _("Mã kỳ: 2024, 2024-Q1, 2024-H1, 2024-M03, 2024-Y11."), attr("period_key"),
          export=False),
        C("period_start", "Từ ngày", "date", _("Ngày đầu kỳ."), attr("period_start"), export=False),
        C("period_end", "Đến ngày", "date", _("Ngày cuối kỳ."), attr("period_end"), export=False),
        C("metric_unit", "Đơn vị tính", "text", _("percent, count, minutes, days, vnd, points, rank hoặc grade."),
          attr("metric.unit"), export=False),
        C("adoption_id", "Mã nhân rộng", "integer", _("Lượt áp dụng mà số liệu đo lường, nếu có."),
          attr("adoption_id"), export=False),
    ],
))

def _mark_unverified(rows, _context):
    """Each row's count of figures awaiting verification, as the campaign's own board shows it
    (campaigns.views.mark_unverified: one query per campaign of the page, kept as a fragment value)."""
    from campaigns.views import mark_unverified

    by_campaign = {}
    for row in rows:
        by_campaign.setdefault(row.campaign_id, []).append(row)
    for campaign_rows in by_campaign.values():
        mark_unverified(campaign_rows[0].campaign, campaign_rows)


LEADERBOARDS = register(Dataset(
    slug="leaderboards", file_name="bang-xep-hang", api_path="/api/v1/leaderboards/",
    title=_("Bảng xếp hạng thi đua"),
    description=_("Thứ hạng và điểm thi đua của các đơn vị trong các phong trào thi đua đang công bố "
                  "(bảng chung, hoặc của một nhóm đơn vị tương đồng)."),
    columns=[
        C("campaign", "Mã phong trào", "text", _("Đường dẫn (slug) của phong trào."), attr("campaign.slug")),
        C("campaign_title", "Phong trào thi đua", "text", _("Tên phong trào."), attr("campaign.title")),
        C("peer_group", "Nhóm đơn vị", "text", _("Nhóm đơn vị tương đồng (trống: bảng chung)."),
          attr("peer_group.slug")),
        C("rank", "Hạng", "integer", _("Hạng (đồng điểm thì đồng hạng)."), attr("rank")),
        C("unit_key", "Khoá đơn vị", "text", _("Khoá của đơn vị."), attr("unit.key")),
        C("unit_code", "Mã đơn vị", "text", _("Mã đơn vị hành chính."), attr("unit.code")),
        C("unit_name", "Tên đơn vị", "text", _("Tên đơn vị."), attr("unit.name")),
        C("province_key", "Khoá tỉnh", "text", _("Khoá tỉnh/thành phố của đơn vị."), attr("province.key")),
        C("province_name", "Tỉnh/Thành phố", "text", _("Tỉnh/thành phố của đơn vị."), attr("province.name")),
        C("level", "Cấp", "text", _("province, district hoặc commune."), attr("level")),
        C("points", "Điểm", "integer", _("Tổng điểm thi đua."), attr("points")),
        C("previous_rank", "Hạng kỳ trước", "integer", _("Hạng cuối kỳ (tháng) trước."), attr("previous_rank")),
        C("movement", "Mã biến động", "text", _("up, down, same hoặc new."), attr("movement")),
        C("movement_label", "Biến động", "text", _("Biến động so với kỳ trước."), display("movement")),
        C("unverified", "Số liệu chưa xác minh", "integer",
          _("Số liệu đơn vị tự báo cáo trong kỳ của phong trào chưa được cấp trên xác minh (chưa được tính "
            "điểm), như bảng xếp hạng trên trang ghi."), attr("unverified", 0)),
    ],
    prepare=_mark_unverified,
))


def _award_initiative(award, _context):
    # An award may name an initiative that is not (or no longer) published: it is then withheld.
    return award.recipient_initiative_id if getattr(award, "initiative_published", False) else None


def _award_recipient(award, context):
    # A person is published by name only (position and workplace are on the verification page).
    if award.recipient_person_id or award.recipient_office or award.recipient_unit_id:
        return award.recipient_name
    return award.recipient_initiative.title if _award_initiative(award, context) else None


AWARDS = register(Dataset(
    slug="awards", file_name="khen-thuong", api_path="/api/v1/awards/",
    title=_("Khen thưởng"),
    description=_("Các hình thức khen thưởng đã có quyết định trong các phong trào thi đua (cả khen thưởng đã bị "
                  "thu hồi, với trạng thái). Đề nghị khen thưởng chưa quyết định không công bố."),
    columns=[
        C("id", "Mã khen thưởng", "text", _("Mã công khai (UUID), in trên giấy chứng nhận."),
          lambda a, _c: str(a.uuid)),
        C("campaign", "Mã phong trào", "text", _("Đường dẫn (slug) của phong trào."), attr("campaign.slug")),
        C("campaign_title", "Phong trào thi đua", "text", _("Tên phong trào."), attr("campaign.title")),
        C("kind", "Mã hình thức", "text", _("Mã danh hiệu thi đua hoặc hình thức khen thưởng theo Luật Thi đua, khen "
                                            "thưởng 2022, ví dụ ld_tien_tien, cstd_co_so, bk_tinh, gk_xa; gk_huyen: "
                                            "trước 01/07/2025."),
          attr("kind_id")),
        C("kind_label", "Hình thức khen thưởng", "text", _("Danh hiệu thi đua hoặc hình thức khen thưởng."),
          display("kind")),
        C("recipient_name", "Được khen", "text",
          _("Họ tên cá nhân, tên tập thể, đơn vị hoặc sáng kiến được khen (trống nếu sáng kiến được khen chưa công bố)."),
          _award_recipient),
        C("recipient_unit_key", "Khoá đơn vị được khen", "text", _("Khoá của đơn vị được khen, nếu có."),
          attr("recipient_unit.key")),
        C("recipient_initiative_id", "Mã sáng kiến được khen", "integer", _("Mã sáng kiến được khen, nếu có."),
          _award_initiative),
        C("citation", "Thành tích", "text", _("Thành tích được khen."), attr("citation")),
        C("issuer_name", "Cấp quyết định", "text", _("Người, cơ quan ký quyết định."), attr("issuer_name")),
        C("decision_number", "Số quyết định", "text", _("Số quyết định khen thưởng."), attr("decision_number")),
        C("decision_date", "Ngày quyết định", "date", _("Ngày ký quyết định."), attr("decision_date")),
        C("status", "Mã trạng thái", "text", _("confirmed (đã quyết định) hoặc revoked (đã thu hồi)."),
          attr("status")),
        C("status_label", "Trạng thái", "text", _("Trạng thái khen thưởng."), display("status")),
        C("verification_url", "Địa chỉ xác minh", "url", _("Trang xác minh khen thưởng."),
          lambda a, c: c.absolute(a.get_verification_url())),
    ],
))

# Filters and row selection of each dataset, shared by the API and the downloads.
SELECTIONS = {
    "initiatives": (queries.InitiativeFilters, queries.initiatives),
    "units": (queries.UnitFilters, queries.units),
    "adoptions": (queries.AdoptionFilters, queries.adoptions),
    "observations": (queries.ObservationFilters, queries.observations),
    "leaderboards": (queries.LeaderboardFilters, queries.leaderboards),
    "awards": (queries.AwardFilters, queries.awards),
}
