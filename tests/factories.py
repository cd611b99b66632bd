"""Test data factories. Tests build what they need; nothing depends on the demo content."""

import functools

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.site_setup import setup_site
from initiatives.models import InitiativePage, ReformArea
from initiatives.status import InitiativeStatus
from units.models import AdministrativeUnit, Affiliation, UnitLevel


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("key",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    key = factory.LazyAttribute(lambda o: o.code)
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.split(" ", 1)[-1])
    unit_type = "Xã"
    level = UnitLevel.COMMUNE

    @factory.post_generation
    def set_province(obj, create, extracted, **kwargs):
        if obj.province_id is None:
            top = obj
            while top.parent_id:
                top = top.parent
            if top.level == UnitLevel.PROVINCE:
                obj.province = top
                obj.save(update_fields=["province"])


class ProvinceFactory(UnitFactory):
    code = factory.Sequence(lambda n: f"{70 + n % 29:02d}")
    key = factory.LazyAttribute(lambda o: f"p{o.code}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    unit_type = "Tỉnh"
    level = UnitLevel.PROVINCE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password("matkhau-thu-nghiem")


def make_member(group_name, unit=None, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    if unit is not None:
        Affiliation.objects.update_or_create(user=user, defaults={"unit": unit})
    return user


def make_initiative(index, unit, *, title="Ngày không dùng tiền mặt", live=True, status=InitiativeStatus.DRAFT,
                    area=None, **fields):
    page = InitiativePage(
        title=title, summary=fields.pop("summary", "Tóm tắt sáng kiến."), origin_unit=unit,
        reform_area=area or ReformArea.objects.order_by("sort_order").first(), status=status, live=live, **fields)
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page


@pytest.fixture
def site(db):
    home, index, groups = setup_site()
    return {"home": home, "index": index, "groups": groups}


@pytest.fixture
def province(db):
    return ProvinceFactory(code="87", key="87", name="Tỉnh Đồng Tháp", short_name="Đồng Tháp")


@pytest.fixture
def commune(province):
    return UnitFactory(code="29950", key="29950", name="Xã Long Khánh A", short_name="Long Khánh A", parent=province)


@pytest.fixture
def other_commune(province):
    return UnitFactory(code="29953", key="29953", name="Xã Phú Thuận A", short_name="Phú Thuận A", parent=province)


# --- Appraisal (issue 4) ---------------------------------------------------------------------------

def make_council(chair, members, scope, *, name="Hội đồng thẩm định sáng kiến tỉnh Thử Nghiệm", level="province"):
    from appraisal.models import Council, CouncilMembership, Rubric

    council = Council.objects.create(name=name, level=level, chair=chair, rubric=Rubric.default())
    council.scope_units.set(scope)
    for member in [chair, *members]:
        CouncilMembership.objects.get_or_create(council=council, user=member)
    return council


@pytest.fixture
def appraisal_world(site, province):
    """Đồng Tháp with two districts; a provincial council whose members sit at every level, and
    two submitted initiatives (one from a commune of Hồng Ngự, one from a commune of Tam Nông)."""
    from core import roles

    hong_ngu = UnitFactory(code="872", key="872", name="Huyện Hồng Ngự", short_name="Hồng Ngự",
                           unit_type="Huyện", level=UnitLevel.DISTRICT, parent=province)
    tam_nong = UnitFactory(code="873", key="873", name="Huyện Tam Nông", short_name="Tam Nông",
                           unit_type="Huyện", level=UnitLevel.DISTRICT, parent=province)
    lka = UnitFactory(code="29950", key="29950", name="Xã Long Khánh A", short_name="Long Khánh A", parent=hong_ngu)
    pta = UnitFactory(code="29953", key="29953", name="Xã Phú Thuận A", short_name="Phú Thuận A", parent=hong_ngu)
    phu_duc = UnitFactory(code="29980", key="29980", name="Xã Phú Đức", short_name="Phú Đức", parent=tam_nong)
    council_group = roles.COUNCIL_MEMBERS
    chair = make_member(council_group, province, username="chutich", first_name="Chủ tịch")
    m_province = make_member(council_group, province, username="tv_tinh")
    m_tam_nong = make_member(council_group, tam_nong, username="tv_tamnong")
    m_hong_ngu = make_member(council_group, hong_ngu, username="tv_hongngu")
    m_lka = make_member(council_group, lka, username="tv_lka")
    officer = make_member(roles.COMMUNE_OFFICERS, lka, username="canbo_lka")
    council = make_council(chair, [m_province, m_tam_nong, m_hong_ngu, m_lka], [province],
                           name="Hội đồng thẩm định sáng kiến tỉnh Đồng Tháp")
    i_lka = make_initiative(site["index"], lka, title="Thứ Năm không hẹn", status=InitiativeStatus.SUBMITTED)
    i_phu_duc = make_initiative(site["index"], phu_duc, title="Một cửa không chờ", status=InitiativeStatus.SUBMITTED)
    return {
        "province": province, "hong_ngu": hong_ngu, "tam_nong": tam_nong, "lka": lka, "pta": pta,
        "phu_duc": phu_duc, "chair": chair, "m_province": m_province, "m_tam_nong": m_tam_nong,
        "m_hong_ngu": m_hong_ngu, "m_lka": m_lka, "officer": officer, "council": council,
        "i_lka": i_lka, "i_phu_duc": i_phu_duc, "index": site["index"],
    }


def delete_all_units():
    """Empty the unit table fast (tests only): links, then self-references, then a raw delete,
    so ~14,000 rows go in three statements instead of Django's cascade collector."""
    AdministrativeUnit.successors.through.objects.all().delete()
    AdministrativeUnit.objects.update(parent=None, province=None)
    AdministrativeUnit.objects.all()._raw_delete(AdministrativeUnit.objects.db)


@pytest.fixture(scope="module")
def real_units(django_db_setup, django_db_blocker):
    """The full real dataset (units/DATA.md), loaded once per test module that asks for it and
    removed afterwards, so other modules still start from an empty unit table."""
    from units.loader import load_units

    with django_db_blocker.unblock():
        result = load_units()
    yield result
    with django_db_blocker.unblock():
        delete_all_units()


# -- campaigns -----------------------------------------------------------------------------------
def make_campaign(slug="thi-dua-thu", *, scope_unit=None, phases=None, targets=(), title="Phong trào thử nghiệm"):
    """A live CampaignPage under the campaigns index. Default phases put today in implementation and
    span 2019..next year, so events dated today (and in recent years) count."""
    import datetime

    from django.utils import timezone

    from campaigns.models import CampaignPage, CampaignPhase, CampaignTarget, PhaseKind
    from campaigns.setup import ensure_campaign_index

    today = timezone.localdate()
    if phases is None:
        phases = [(PhaseKind.REGISTRATION, datetime.date(2019, 1, 1), today - datetime.timedelta(days=400)),
                  (PhaseKind.IMPLEMENTATION, today - datetime.timedelta(days=399), today + datetime.timedelta(days=30)),
                  (PhaseKind.APPRAISAL, today + datetime.timedelta(days=31), today + datetime.timedelta(days=60)),
                  (PhaseKind.AWARDING, today + datetime.timedelta(days=61), today + datetime.timedelta(days=90))]
    setup_site()  # the page tree first, as setup_site and load_demo do
    index = ensure_campaign_index()
    page = CampaignPage(title=title, slug=slug, scope_unit=scope_unit)
    page.phases = [CampaignPhase(kind=k, starts_on=s, ends_on=e, sort_order=i) for i, (k, s, e) in enumerate(phases)]
    page.targets = [CampaignTarget(metric_code=c, target_value=v, sort_order=i) for i, (c, v) in enumerate(targets)]
    index.add_child(instance=page)
    page.save_revision().publish()
    return CampaignPage.objects.get(pk=page.pk)


# --- demo content (initiatives.demo) -------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _real_unit_source():
    from units.loader import read_source

    return read_source()


def load_real_unit_subset(keys):
    """The real units with these keys, their parents and their 2025 successors (with parents), loaded
    by the real loader from the real dataset; a few dozen rows instead of 14,000, so it is fast."""
    from units.loader import SourceData, load_units

    source = _real_unit_source()

    def with_ancestors(start):
        found, frontier = set(), set(start)
        while frontier:
            key = frontier.pop()
            if key and key not in found:
                found.add(key)
                row = source.rows[key]
                frontier |= {row.parent_key, row.province_key} - {None}
        return found

    wanted = with_ancestors(keys)
    wanted |= with_ancestors({new for old, new in source.links if old in wanted})
    subset = SourceData(rows={key: source.rows[key] for key in wanted},
                        links={(old, new) for old, new in source.links if old in wanted and new in wanted})
    return load_units(subset)


@pytest.fixture
def demo_units(db):
    """The real units the demo content names (historic Xuân Lộc, Hồng Ngự and its communes, …)."""
    from initiatives.demo import required_unit_keys

    return load_real_unit_subset(required_unit_keys())
