"""The per-unit counts of the public pages (public/summary.py) stay equal to a live recompute after any
sequence of writes: adoptions recorded, moved along and deleted (through the actions and plain saves),
initiatives published, unpublished, moved to another unit, recognised, deleted, restricted."""

import datetime
import random

import pytest
from wagtail.models import PageViewRestriction

from core.roles import EDITORS
from initiatives import actions as initiative_actions
from initiatives.status import InitiativeStatus, RecognitionLevel
from public import summary
from rollout import actions
from rollout.models import Adoption, AdoptionStatus
from tests.factories import UnitFactory, make_initiative, make_member


@pytest.fixture
def world(site, province):
    editor = make_member(EDITORS, username="bientap_tonghop", is_staff=True, is_superuser=True)
    units = [UnitFactory(name=f"Xã Tổng Hợp {i}", short_name=f"Tổng Hợp {i}", parent=province) for i in range(4)]
    models = [make_initiative(site["index"], units[i % 4], title=f"Sáng kiến {i}") for i in range(4)]
    return {"editor": editor, "units": units, "models": models, "index": site["index"]}


def _check(step):
    assert summary.stored() == summary._live(), step


def test_the_summary_equals_a_live_recompute_after_random_writes(world, django_capture_on_commit_callbacks):
    rng = random.Random(2025)
    editor, units, index = world["editor"], world["units"], world["index"]
    models = list(world["models"])
    summary.rebuild()
    _check("start")
    for step in range(60):
        kind = rng.choice(["adopt", "adopt", "adopt", "save", "status", "delete", "publish", "move", "recognise",
                           "new", "restrict", "remove"])
        adoptions = list(Adoption.objects.order_by("pk"))
        live_models = [m for m in models if m.live]
        with django_capture_on_commit_callbacks(execute=True):
            if kind == "adopt" and live_models:
                model, unit = rng.choice(live_models), rng.choice(units)
                if unit.pk != model.origin_unit_id and not Adoption.objects.filter(initiative=model, unit=unit).exists():
                    actions.record_adoption(editor, model, unit, status=rng.choice(list(AdoptionStatus)),
                                            start_date=datetime.date(2024, 1, 1))
            elif kind == "save" and models:  # a plain save (admin, loader): model signals
                model, unit = rng.choice(models), rng.choice(units)
                if unit.pk != model.origin_unit_id and not Adoption.objects.filter(initiative=model, unit=unit).exists():
                    Adoption.objects.create(initiative=model, unit=unit, status=AdoptionStatus.OPERATING)
            elif kind == "status" and adoptions:
                adoption = rng.choice(adoptions)
                target = {AdoptionStatus.PLANNED: AdoptionStatus.PILOTING,
                          AdoptionStatus.PILOTING: AdoptionStatus.OPERATING,
                          AdoptionStatus.OPERATING: AdoptionStatus.DISCONTINUED}.get(adoption.status)
                if target:
                    actions.change_adoption_status(editor, adoption, target)
            elif kind == "delete" and adoptions:
                actions.delete_adoption(editor, rng.choice(adoptions))
            elif kind == "publish" and models:
                model = rng.choice(models)
                if model.live:
                    model.unpublish()
                else:
                    model.save_revision().publish()
            elif kind == "move" and models:  # the initiative now belongs to another unit
                model = rng.choice(models)
                model.origin_unit = rng.choice(units)
                model.save_revision().publish()
            elif kind == "recognise" and models:
                model = rng.choice(models)
                model.refresh_from_db()
                if model.status == InitiativeStatus.DRAFT:
                    initiative_actions.submit_initiative(editor, model)
                elif model.status == InitiativeStatus.SUBMITTED:
                    initiative_actions.start_appraisal(editor, model)
                elif model.status == InitiativeStatus.UNDER_APPRAISAL:
                    initiative_actions.recognise_initiative(editor, model, RecognitionLevel.COMMUNE)
            elif kind == "new":
                models.append(make_initiative(index, rng.choice(units), title=f"Sáng kiến mới {step}"))
            elif kind == "restrict" and models:
                model = rng.choice(models)
                restriction = PageViewRestriction.objects.filter(page=model).first()
                if restriction:
                    restriction.delete()
                else:
                    PageViewRestriction.objects.create(page=model, restriction_type="password", password="x")
            elif kind == "remove" and len(models) > 2:
                model = models.pop(rng.randrange(len(models)))
                model.delete()
        for model in models:
            model.refresh_from_db()
        _check((step, kind))
    assert summary.stored()  # the sequence did count something


def test_rebuild_command_writes_the_live_counts(world, capsys):
    from django.core.management import call_command

    from public.models import UnitSummary

    Adoption.objects.create(initiative=world["models"][0], unit=world["units"][1], status=AdoptionStatus.PILOTING)
    UnitSummary.objects.all().delete()
    call_command("rebuild_unit_summaries")
    assert summary.stored() == summary._live()
    assert summary.stored()[world["units"][1].pk]["adoptions_started"] == 1
    assert "dòng" in capsys.readouterr().out


def test_a_status_change_moves_the_started_count(world, django_capture_on_commit_callbacks):
    """planned → piloting is written by queryset.update() (no post_save): the started count follows."""
    editor, unit = world["editor"], world["units"][1]
    with django_capture_on_commit_callbacks(execute=True):
        adoption = actions.record_adoption(editor, world["models"][0], unit, status=AdoptionStatus.PLANNED)
    assert summary.stored()[unit.pk]["adoptions_started"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_adoption_status(editor, adoption, AdoptionStatus.PILOTING)
    assert summary.stored()[unit.pk]["adoptions_started"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_adoption_status(editor, adoption, AdoptionStatus.OPERATING)
        actions.change_adoption_status(editor, adoption, AdoptionStatus.DISCONTINUED)
    # Discontinued since: it did start (rollout.models.STARTED_STATUSES); the live count agrees.
    assert summary.stored()[unit.pk]["adoptions_started"] == 1
    assert summary.stored() == summary._live()
