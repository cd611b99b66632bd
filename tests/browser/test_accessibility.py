"""axe-core (the copy shipped by axe-playwright-python) on every public page, on a phone and on a
desktop: no violation of impact "serious" or "critical". Failures list each rule, its help text and
the offending elements."""

import datetime
from pathlib import Path

import axe_playwright_python
import pytest
from django.urls import NoReverseMatch, reverse

from campaigns.actions import confirm_award, enrol_unit, propose_award
from campaigns.models import AwardKind
from core import roles
from initiatives.models import InitiativeSource, KeyFigure, ReformArea
from initiatives.status import InitiativeStatus, RecognitionLevel
from rollout.actions import record_adoption
from rollout.models import AdoptionStatus
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE
from tests.factories import make_campaign, make_initiative, make_member

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}


@pytest.fixture
def public_world(site, province, commune, other_commune):
    """One of everything the public pages show: a recognised initiative with figures, sources, tags and
    an adoption; a campaign the commune is enrolled in; a confirmed award."""
    initiative = make_initiative(
        site["index"], commune, title="Ngày thứ Năm giải quyết thủ tục không hẹn",
        summary="Mỗi thứ Năm, cán bộ xã giải quyết thủ tục ngay tại chỗ, trả kết quả trong vòng một giờ.",
        area=ReformArea.objects.get(slug="thu-tuc-hanh-chinh"), status=InitiativeStatus.RECOGNISED,
        recognition_level=RecognitionLevel.PROVINCE, decision_number="15/QĐ-HĐTĐ",
        decision_date=datetime.date(2025, 3, 12), final_score=88.5, owning_office="UBND xã Long Khánh A",
        start_date=datetime.date(2024, 3, 1), featured=True)
    KeyFigure.objects.create(page=initiative, label="Hồ sơ giải quyết đúng hạn", value=98.9, unit="%",
                             period="Năm 2024")
    InitiativeSource.objects.create(page=initiative, title="Hồng Ngự xây dựng chính quyền thân thiện",
                                    publisher="Báo Đồng Tháp", published_on=datetime.date(2024, 6, 1))
    initiative.tags.add("một cửa")
    initiative.save_revision().publish()
    other = make_initiative(site["index"], other_commune, title="Ngày không dùng tiền mặt",
                    summary="Thanh toán phí, lệ phí không dùng tiền mặt một ngày mỗi tuần.")
    editor = make_member(roles.EDITORS, username="bientap")
    officer = make_member(roles.COMMUNE_OFFICERS, other_commune, username="canbo_pta")
    record_adoption(officer, initiative, other_commune, status=AdoptionStatus.OPERATING,
                    start_date=datetime.date(2025, 1, 6))
    campaign = make_campaign(scope_unit=province, title="Đẩy mạnh cải cách hành chính năm 2026")
    enrol_unit(editor, campaign, commune)
    council = make_member(roles.COUNCIL_MEMBERS, province, username="hoidong")
    award = propose_award(council, campaign, AwardKind.BANG_KHEN_TINH, "Thành tích xuất sắc trong cải cách "
                          "hành chính.", unit=commune, issuer_name="Chủ tịch UBND tỉnh Đồng Tháp")
    award = confirm_award(editor, award, "1234/QĐ-UBND", datetime.date(2025, 12, 20))
    return {"initiative": initiative, "other_initiative": other, "campaign": campaign, "unit": commune,
            "other_unit": other_commune, "award": award}


# Public pages of other apps, checked as soon as their URLs are wired: short name -> URL name.
OPTIONAL_PAGES = {"open-data": "opendata:data_page", "showcase": "home:showcase", "compare": "home:compare"}


def optional_paths(world):
    paths = {}
    for short, url_name in OPTIONAL_PAGES.items():
        try:
            path = reverse(url_name)
        except NoReverseMatch:
            continue
        if short == "compare":
            paths["compare-units"] = f"{path}?don-vi={world['unit'].key}&don-vi={world['other_unit'].key}"
            paths["compare-initiatives"] = (f"{path}?sang-kien={world['initiative'].slug}"
                                            f"&sang-kien={world['other_initiative'].slug}")
        else:
            paths[short] = path
    return paths


def public_paths(world):
    return {
        "home": "/",
        "initiatives": "/sang-kien/",
        "initiative": world["initiative"].url,
        "units": "/don-vi/",
        "unit": f"/don-vi/{world['unit'].key}/",
        "campaigns": "/thi-dua/",
        "campaign": world["campaign"].url,
        "search": "/tim-kiem/?q=khong+hen",
        "award": f"/xac-minh/{world['award'].uuid}/",
        "verify": "/xac-minh/",
        **optional_paths(world),
    }


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_have_no_serious_accessibility_violations(page, live_server, public_world, viewport, request):
    failures = {}
    for name, path in public_paths(public_world).items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{name} ({path}): HTTP {response.status}"
        page.evaluate(AXE_JS)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"a11y-{request.node.callspec.id}-{name}.png"), full_page=True)
        if blocking:
            failures[f"{name} ({path})"] = describe(blocking)
    assert not failures, "axe-core found serious or critical violations:\n" + "\n".join(
        f"\n== {where}\n{text}" for where, text in failures.items())
