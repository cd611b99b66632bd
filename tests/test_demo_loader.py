"""The demo loader: real initiatives from the source articles, on real historic units, idempotent."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management.base import CommandError
from django.test import RequestFactory

from core import roles
from initiatives import demo
from initiatives.demo_content import INITIATIVES, SOURCES
from initiatives.models import InitiativePage, InitiativeSource, KeyFigure, StatusChange
from initiatives.status import InitiativeStatus, RecognitionLevel
from tests.factories import _real_unit_source

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def run_loader():
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


@pytest.fixture
def loaded(site, demo_units):
    return run_loader()


def test_without_units_the_loader_says_to_run_load_units(site):
    with pytest.raises(CommandError, match="load_units"):
        run_loader()
    assert not InitiativePage.objects.exists()


def test_creates_the_articles_initiatives_once(loaded):
    """One load is slow (16 Wagtail pages), so this test checks the content and the re-run together."""
    pages = InitiativePage.objects.live()
    assert pages.count() == len(INITIATIVES) >= 15
    for page in pages.prefetch_related("sources"):
        # every page cites its article (title, publisher, date), never a file name
        article = page.sources.all()[0]
        assert article.title in {source["title"] for source in SOURCES.values()}, page.slug
        assert ".txt" not in article.note
        assert page.summary and page.body and page.reform_area_id and page.owning_office
    if SEEDS.is_dir():  # the cited files exist where the README says
        assert all((SEEDS / name).is_file() for name in SOURCES)
    assert 4 <= pages.filter(featured=True).count() <= 6

    # Nga Sơn: the figures as the article reports them, and the plan it names
    nga_son = InitiativePage.objects.get(slug="nga-son-mot-cua-4-tang-2-giam-3-khong")
    figures = {f.label: (f.value, f.unit) for f in nga_son.key_figures.all()}
    assert figures["Hồ sơ tiếp nhận tại bộ phận một cửa huyện"] == (Decimal("9470"), "hồ sơ")
    assert figures["Hồ sơ giải quyết đúng hạn"] == (Decimal("9315"), "hồ sơ")
    assert figures["Hồ sơ quá hạn"] == (Decimal("0"), "hồ sơ")
    assert nga_son.origin_unit.key == "h401" and nga_son.origin_unit.name == "Huyện Nga Sơn"
    assert nga_son.sources.filter(decision_number="3159/QĐ-UBND").exists()
    assert nga_son.sources.get(title__startswith="Huyện Nga Sơn đổi mới").published_on.isoformat() == "2021-04-27"

    # Hồng Ngự: models sit on their historic communes / the district for district offices
    lka = InitiativePage.objects.select_related("origin_unit__parent__parent").get(
        slug="long-khanh-a-ngay-thu-nam-khong-hen")
    unit = lka.origin_unit
    assert (unit.key, unit.name, unit.is_historic) == ("h29980", "Xã Long Khánh A", True)
    assert unit.parent.name == "Huyện Hồng Ngự" and unit.parent.parent.name == "Tỉnh Đồng Tháp"
    assert unit.successors.exists()  # rolls up to its 2025 successor
    assert lka.start_date.isoformat() == "2024-03-01"
    health = InitiativePage.objects.get(slug="hong-ngu-phong-y-te-cap-giay-attp-tai-nha")
    assert health.origin_unit.key == "h870" and health.owning_office == "Phòng Y tế huyện Hồng Ngự"

    # a second run duplicates nothing
    def counts():
        return (InitiativePage.objects.count(), KeyFigure.objects.count(), InitiativeSource.objects.count(),
                StatusChange.objects.count(), get_user_model().objects.count())
    before = counts()
    assert "tạo mới 0" in run_loader()
    assert counts() == before


def test_status_follows_the_article(loaded):
    xuan_loc = InitiativePage.objects.filter(origin_unit__key="h741")
    assert xuan_loc.count() == 3
    admin = demo.demo_user("admin")
    for page in xuan_loc:  # approved by the province: recognised at province level, through the actions
        assert (page.status, page.recognition_level) == (InitiativeStatus.RECOGNISED, RecognitionLevel.PROVINCE)
        steps = list(page.status_changes.values_list("from_status", "to_status", "recognition_level", "actor"))
        assert steps == [("draft", "submitted", "", admin.pk), ("submitted", "recognised", "province", admin.pk)]
    assert xuan_loc.get(slug="xuan-loc-nang-ty-le-ho-so-truc-tuyen").key_figures.filter(value=Decimal("98.9")).exists()

    by_slug = {p.slug: p for p in InitiativePage.objects.all()}
    # 2023 models whose replication the district chairman directed
    assert by_slug["long-khanh-b-nguoi-dan-khong-viet"].recognition_level == RecognitionLevel.DISTRICT
    # reported as operating only: stays submitted, never recognised on our say-so
    for slug in ("long-khanh-a-ngay-thu-nam-khong-hen", "tay-hoa-chuyen-doi-so-dich-vu-cong",
                 "lac-thuy-bo-phan-tiep-nhan-hien-dai", "nga-son-mot-cua-4-tang-2-giam-3-khong"):
        assert by_slug[slug].status == InitiativeStatus.SUBMITTED
        assert by_slug[slug].recognition_level == ""
        assert by_slug[slug].status_changes.count() == 1


def test_demo_users_and_printed_logins(site, demo_units, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-khac")
    output = run_loader()
    assert "mat-khau-khac" in output and "DEMO_PASSWORD" in output and "nhanrong-demo" not in output
    for name, spec in demo.DEMO_USERS.items():
        assert spec["username"] in output
        # The lockout backend (core/lockout.py) checks every login against its request.
        request = RequestFactory().post("/admin/login/")
        user = authenticate(request, username=spec["username"], password="mat-khau-khac")
        assert user is not None, name
        assert user.groups.filter(name=spec["group"]).exists()
    assert demo.demo_user("admin").is_superuser
    officer = demo.demo_user("officer_long_khanh_a")
    # Officers are bound to today's communes and act for the communes merged into them too.
    assert officer.affiliation.unit.key == "29983" and roles.user_unit(officer).name == "Xã Long Khánh"
    from units.models import AdministrativeUnit

    long_khanh_a = AdministrativeUnit.objects.get(key="h29980")
    assert roles.can_act_for_unit(officer, long_khanh_a.pk)
    assert demo.demo_user("officer_phu_thuan_a").affiliation.unit.name == "Xã Long Phú Thuận"
    phu_thuan_a = AdministrativeUnit.objects.get(key="h29998")
    assert not roles.can_act_for_unit(officer, phu_thuan_a.pk)
    assert roles.can_act_for_unit(demo.demo_user("officer_phu_thuan_a"), phu_thuan_a.pk)
    # Council members too are bound to units in force today: today's Tỉnh Đồng Tháp (Đồng Tháp and
    # Tiền Giang merged) and Xã Tân Hồng, which took over the seat of the abolished Huyện Tân Hồng.
    council = [demo.demo_user(n) for n in ("council_dong_thap", "council_tan_hong")]
    assert [(u.affiliation.unit.key, u.affiliation.unit.name, u.affiliation.unit.is_historic) for u in council] == [
        ("82", "Tỉnh Đồng Tháp", False), ("29926", "Xã Tân Hồng", False)]
    source = _real_unit_source()  # the package's data: Thị trấn Sa Rài, the district's seat, went into it
    assert (source.rows["h29926"].name, source.rows["h29926"].parent_key) == ("Thị trấn Sa Rài", "h869")
    assert ("h29926", "29926") in source.links and ("h87", "82") in source.links
    assert not any(u.is_superuser for u in council)
    # Every account with a unit is bound to one in force today, and acts for it.
    for name, spec in demo.DEMO_USERS.items():
        if spec.get("unit"):
            user = demo.demo_user(name)
            assert not user.affiliation.unit.is_historic, name
            assert user.affiliation.unit.pk in roles.acting_unit_ids(user), name


def test_default_password_when_the_environment_sets_none(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    assert demo.demo_password() == "nhanrong-demo"
    monkeypatch.setenv("DEMO_PASSWORD", "")
    assert demo.demo_password() == "nhanrong-demo"
