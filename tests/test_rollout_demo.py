"""rollout.demo: the articles' figures as observations on the historic units, Xuân Lộc's adoptions,
idempotent, and a clear message when prerequisites are missing."""

import datetime
import io
from decimal import Decimal

import pytest

from core.roles import EDITORS
from rollout import demo
from rollout.models import Adoption, AdoptionStatus, Observation
from tests.factories import ProvinceFactory, UnitFactory, make_initiative, make_member

HISTORIC = datetime.date(2025, 6, 30)


@pytest.fixture
def demo_world(site):
    make_member(EDITORS, username="bientap")
    province = ProvinceFactory(code="75", key="h75", name="Tỉnh Đồng Nai", short_name="Đồng Nai", valid_until=HISTORIC)
    units = {key: UnitFactory(code=key[1:], key=key, name=name, short_name=name.split(" ", 1)[1], unit_type="Huyện",
                              level="district", parent=province, valid_until=HISTORIC)
             for key, name in (("h741", "Huyện Xuân Lộc"), ("h562", "Huyện Tây Hòa"), ("h401", "Huyện Nga Sơn"),
                               ("h159", "Huyện Lạc Thủy"))}
    communes = [UnitFactory(name=f"Xã {name}", short_name=name, parent=units["h741"], valid_until=HISTORIC)
                for name in ("Xuân Bắc", "Xuân Định", "Thị trấn Gia Ray")]
    pages = [make_initiative(site["index"], units["h741"], title=slug, slug=slug) for slug in demo.XUAN_LOC_INITIATIVES]
    return {"units": units, "communes": communes, "pages": pages}


def value(key, code, period):
    return Observation.objects.get(unit__key=key, metric__code=code, period_key=period, adoption=None).value


def test_demo_records_the_articles_figures_and_adoptions_idempotently(demo_world):
    out = io.StringIO()
    demo.load(out)
    assert value("h562", "dossiers_on_time_pct", "2023") == Decimal("98.52")
    assert value("h562", "sipas", "2023") == Decimal("98.6") and value("h562", "sipas", "2022") == Decimal("98.4")
    assert value("h562", "par_index", "2023") == Decimal("88.78")
    assert value("h401", "dossiers_received", "2020-L11") == 9470
    assert value("h401", "dossiers_on_time", "2020-L11") == 9315
    assert value("h401", "dossiers_overdue", "2020-L11") == 0
    assert value("h159", "dossiers_on_time_pct", "2020-H1") == Decimal("98.73")
    assert value("h741", "dossiers_on_time_pct", "2024-H1") == Decimal("98.9")
    nga_son = Observation.objects.get(unit__key="h401", metric__code="dossiers_received")
    assert (nga_son.period_start, nga_son.period_end) == (datetime.date(2020, 1, 1), datetime.date(2020, 11, 30))
    assert "Nga Sơn" in nga_son.source and "27/04/2021" in nga_son.source
    # Every value cites its article; none is presented as illustrative.
    assert not Observation.objects.filter(source="").exists()
    assert not Observation.objects.filter(source__icontains="minh hoạ").exists()
    assert Adoption.objects.count() == 9
    assert set(Adoption.objects.values_list("status", flat=True)) == {AdoptionStatus.OPERATING}
    assert Adoption.objects.filter(replicated_from_initiative__origin_unit__key="h741").count() == 9
    counts = (Observation.objects.count(), Adoption.objects.count())

    demo.load(io.StringIO())
    assert (Observation.objects.count(), Adoption.objects.count()) == counts
    assert not Observation.objects.filter(revisions__isnull=False).exists()


def test_demo_explains_what_is_missing(site):
    out = io.StringIO()
    demo.load(out)
    assert "Bỏ qua" in out.getvalue()
    make_member(EDITORS, username="bientap")
    out = io.StringIO()
    demo.load(out)
    assert "chưa nạp" in out.getvalue() and "Xuân Lộc" in out.getvalue()
    assert not Adoption.objects.exists()
