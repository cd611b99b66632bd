"""The unit map's per-unit tables (public/unit_map_store.py) stay equal to a live recompute after any
sequence of writes through the real actions and page operations, and the map the unit page draws from
them (public/unit_maps.py) is the map tests/unit_map_reference.py computes from the live tables: adoptions
recorded, moved along (planned → piloting included), given another source, moved to another unit and
deleted (those that learnt from them then learnt from the origin); initiatives published, unpublished,
given another origin, restricted and deleted. And the map of a province costs the same queries
whatever the number of adoptions."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.roles import EDITORS
from public import unit_map_store, unit_maps
from public.rules import public_initiatives
from rollout import actions
from rollout.models import Adoption, AdoptionStatus
from tests import unit_map_reference as reference
from tests.factories import UnitFactory, make_initiative, make_member

# Some communes close together (one grid cell of the map), some apart, one with no coordinates.
PLACES = [(105.80, 21.00), (105.81, 21.01), (105.90, 21.05), (106.70, 10.78), (108.20, 16.05), (None, None)]


@pytest.fixture
def world(site, province):
    editor = make_member(EDITORS, username="bientap_bando", is_staff=True, is_superuser=True)
    units = [UnitFactory(name=f"Xã Bản Đồ {i}", short_name=f"Bản Đồ {i}", parent=province, longitude=lon, latitude=lat)
             for i, (lon, lat) in enumerate(PLACES)]
    units.append(UnitFactory(name="Xã Cũ Bản Đồ", short_name="Cũ Bản Đồ", parent=province, longitude=105.7,
                             latitude=20.9, valid_until=datetime.date(2025, 6, 30)))
    models = [make_initiative(site["index"], units[i % 3], title=f"Mô hình {i}") for i in range(4)]
    return {"editor": editor, "units": units, "models": models, "index": site["index"], "province": province}


def _view(data):
    """A map section as plain values (the SVG as text, the province rows as tuples)."""
    if data is None:
        return None
    return {**data, "svg": str(data["svg"]),
            "provinces": [(r.key, r.name, dict(r.statuses)) for r in data["provinces"]]}


def _check(world, step):
    assert unit_map_store.stored() == unit_map_store.live(), step
    province = world["province"]
    for unit in [province, *world["units"]]:
        rollup = unit.rollup_ids()
        assert _view(unit_maps.unit_map(unit, rollup)) == _view(reference.unit_map(unit, rollup, public_initiatives())), (
            step, unit.name)


def _adopt(rng, editor, model, unit, adoptions):
    sources = [a for a in adoptions if a.initiative_id == model.pk and a.unit_id != unit.pk]
    source = rng.choice(sources) if sources and rng.random() < 0.6 else None
    actions.record_adoption(editor, model, unit, replicated_from=source, status=rng.choice(list(AdoptionStatus)),
                            start_date=datetime.date(2024, 1, 1))


def test_the_tables_and_the_map_equal_a_live_recompute_after_random_writes(world, django_capture_on_commit_callbacks):
    rng = random.Random(17)
    editor, units, index = world["editor"], world["units"], world["index"]
    models = list(world["models"])
    unit_map_store.rebuild()
    _check(world, "start")
    kinds = ["adopt", "adopt", "adopt", "adopt", "save", "status", "status", "source", "unit", "delete", "publish",
             "origin", "new", "restrict", "remove"]
    for step in range(80):
        kind = rng.choice(kinds)
        adoptions = list(Adoption.objects.order_by("pk"))
        free = [(m, u) for m in models for u in units if u.pk != m.origin_unit_id
                and not any(a.initiative_id == m.pk and a.unit_id == u.pk for a in adoptions)]
        with django_capture_on_commit_callbacks(execute=True):
            if kind == "adopt" and free:
                model, unit = rng.choice([(m, u) for m, u in free if m.live] or free)
                _adopt(rng, editor, model, unit, adoptions)
            elif kind == "save" and free:  # a plain save (admin, loader): model signals
                model, unit = rng.choice(free)
                Adoption.objects.create(initiative=model, unit=unit, status=AdoptionStatus.OPERATING)
            elif kind == "status" and adoptions:  # a queryset update: adoption_changed on commit
                adoption = rng.choice(adoptions)
                target = {AdoptionStatus.PLANNED: AdoptionStatus.PILOTING,
                          AdoptionStatus.PILOTING: AdoptionStatus.OPERATING,
                          AdoptionStatus.OPERATING: AdoptionStatus.SUSPENDED,
                          AdoptionStatus.SUSPENDED: AdoptionStatus.DISCONTINUED}.get(adoption.status)
                if target:
                    actions.change_adoption_status(editor, adoption, target)
            elif kind == "source" and adoptions:  # learnt from another adopter, or from the origin
                adoption = rng.choice(adoptions)
                others = [a for a in adoptions if a.initiative_id == adoption.initiative_id and a.unit_id != adoption.unit_id]
                try:
                    actions.update_adoption(editor, adoption, replicated_from=rng.choice(others) if others else None)
                except ValidationError:
                    pass  # a loop of lineage: refused
            elif kind == "unit" and adoptions:  # the admin moves an adoption to another unit
                adoption = rng.choice(adoptions)
                targets = [u for m, u in free if m.pk == adoption.initiative_id]
                if targets:
                    adoption.unit = rng.choice(targets)
                    adoption.save()
            elif kind == "delete" and adoptions:
                actions.delete_adoption(editor, rng.choice(adoptions))
            elif kind == "publish" and models:
                model = rng.choice(models)
                if model.live:
                    model.unpublish()
                else:
                    model.save_revision().publish()
            elif kind == "origin" and models:  # the initiative now belongs to another unit
                model = rng.choice(models)
                taken = set(Adoption.objects.filter(initiative=model).values_list("unit_id", flat=True))
                choices = [u for u in units if u.pk not in taken]
                if choices:
                    model.origin_unit = rng.choice(choices)
                    model.save_revision().publish()
            elif kind == "new":
                models.append(make_initiative(index, rng.choice(units), title=f"Mô hình mới {step:02d}"))
            elif kind == "restrict" and models:
                model = rng.choice(models)
                restriction = PageViewRestriction.objects.filter(page=model).first()
                if restriction:
                    restriction.delete()
                else:
                    PageViewRestriction.objects.create(page=model, restriction_type="password", password="x")
            elif kind == "remove" and len(models) > 2:  # an initiative with its adoptions
                model = models.pop(rng.randrange(len(models)))
                model.delete()
        for model in models:
            model.refresh_from_db()
        _check(world, (step, kind))
    spread, learning = unit_map_store.stored()
    assert spread and learning  # the sequence did count something
    assert any(key[1] is None for key in spread)  # an adopter the map cannot place


def test_rebuild_command_writes_the_live_rows(world, capsys):
    from django.core.management import call_command

    from public.models import UnitLearning, UnitSpread

    Adoption.objects.create(initiative=world["models"][0], unit=world["units"][3], status=AdoptionStatus.PILOTING)
    UnitSpread.objects.all().delete()
    UnitLearning.objects.all().delete()
    call_command("rebuild_unit_maps")
    assert unit_map_store.stored() == unit_map_store.live()
    assert unit_map_store.stored()[1] == {(world["units"][3].pk, world["units"][0].pk): 1}
    assert "dòng" in capsys.readouterr().out


def test_a_province_map_costs_the_same_queries_whatever_the_adoptions(world):
    province, units, index = world["province"], world["units"], world["index"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            data = unit_maps.unit_map(province, province.rollup_ids())
        assert data is not None
        return len(captured)

    Adoption.objects.create(initiative=world["models"][0], unit=units[3], status=AdoptionStatus.OPERATING)
    few = queries()
    statuses = list(AdoptionStatus)
    more = [make_initiative(index, units[i % len(units)], title=f"Mô hình nhiều {i:02d}") for i in range(12)]
    Adoption.objects.bulk_create([Adoption(initiative=m, unit=u, status=statuses[(i + j) % len(statuses)])
                                  for i, m in enumerate(more) for j, u in enumerate(units) if u.pk != m.origin_unit_id])
    unit_map_store.rebuild()  # a bulk write
    assert Adoption.objects.count() > 70
    many = queries()
    assert many <= few <= 8, (few, many)  # one fewer when no mark stands for a single adoption


def test_deleting_an_initiative_with_adoptions_and_figures(world, django_capture_on_commit_callbacks):
    """The deletion collector may remove the impact row (rollout.impact_store) before the adoptions and
    figures whose signals would write it again: the delete must commit (PostgreSQL checks the foreign
    keys at commit), and the tables lose the initiative's rows."""
    from rollout.models import InitiativeImpact, Metric, Observation

    editor, units = world["editor"], world["units"]
    model = world["models"][0]
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.record_adoption(editor, model, units[3], status=AdoptionStatus.OPERATING,
                                        start_date=datetime.date(2024, 1, 1))
        actions.record_adoption(editor, model, units[4], replicated_from=first, status=AdoptionStatus.PILOTING,
                                start_date=datetime.date(2024, 3, 1))
    metric = Metric.objects.first()  # the catalogue (a data migration)
    assert metric is not None
    if metric is not None:
        Observation.objects.create(unit=units[3], adoption=first, metric=metric, period_kind="year",
                                   period_key="2024", period_start=datetime.date(2024, 1, 1),
                                   period_end=datetime.date(2024, 12, 31), value=1,
                                   entered_at=timezone.now())
    assert unit_map_store.stored()[1]
    with django_capture_on_commit_callbacks(execute=True):
        model.delete()
    connection.check_constraints()  # what PostgreSQL checks at commit
    assert not InitiativeImpact.objects.filter(initiative_id=model.pk).exists()
    assert unit_map_store.stored() == unit_map_store.live()
    assert not any(key[0] == units[3].pk for key in unit_map_store.stored()[1])


def test_a_recompute_removes_a_row_two_concurrent_writers_both_inserted(world):
    """Two transactions recording adoptions for the same origin at once may each insert the same new key
    (the tables have no unique key): the next recompute keeps one row with the live count."""
    from public.models import UnitLearning

    learner, source = world["units"][3], world["units"][0]
    Adoption.objects.create(initiative=world["models"][0], unit=learner, status=AdoptionStatus.PILOTING)
    UnitLearning.objects.create(adopter=learner, source_id=source.pk, adoptions=1)  # the other writer's copy
    assert UnitLearning.objects.filter(adopter=learner, source_id=source.pk).count() == 2
    unit_map_store.recompute_learning([learner.pk])
    assert list(UnitLearning.objects.filter(adopter=learner, source_id=source.pk).values_list("adoptions", flat=True)) == [1]
    assert unit_map_store.stored() == unit_map_store.live()
