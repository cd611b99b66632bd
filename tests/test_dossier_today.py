"""The replication dossier a council reads (rollout/dossier.py) groups the adopters by today's
province with the rule every public page uses (units.vocabulary.todays_province_of), and counts only
started adoptions (rollout.models.adoption.STARTED_STATUSES)."""

import datetime

import pytest

from rollout.dossier import build_dossier
from rollout.models import Adoption, AdoptionStatus
from tests.factories import load_real_unit_subset, make_initiative
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_an_old_commune_and_its_successor_are_one_province_of_today_and_planned_ones_do_not_count(site):
    # Xã Long Khánh A (h29980, old Đồng Tháp) went into Xã Long Khánh (29983, Tỉnh Đồng Tháp of today,
    # merged with Tiền Giang); the model comes from Phường Cao Lãnh (29869, a commune of today).
    load_real_unit_subset({"h29980", "h29983", "29869"})
    by_key = AdministrativeUnit.objects.in_bulk(field_name="key")
    old, new, planner = by_key["h29980"], by_key["29983"], by_key["29869"]
    assert old.province.valid_until is not None and new.province.valid_until is None
    model = make_initiative(site["index"], planner, title="Một cửa liên thông")
    day = datetime.date(2024, 3, 1)
    Adoption.objects.create(initiative=model, unit=old, status=AdoptionStatus.OPERATING, start_date=day)
    Adoption.objects.create(initiative=model, unit=new, status=AdoptionStatus.PILOTING, start_date=day)
    Adoption.objects.create(initiative=model, unit=by_key["h29983"], status=AdoptionStatus.PLANNED)
    dossier = build_dossier(model)
    assert dossier.adopters == 2  # the planned one is not replication
    assert [(g.province.pk, len(g.adoptions)) for g in dossier.provinces] == [(new.province.pk, 2)]
    assert [u.pk for u in dossier.provinces[0].adoptions[0].today_units] == [new.pk]
