"""Administrative units and affiliations are the country's map and who acts for what: only an
administrator adds or edits them. Officers, council members and chairs can choose units (the chooser)
but never reach the unit or affiliation forms, by GET or by a crafted POST."""

import pytest

from core import roles
from tests.factories import make_member
from units.models import AdministrativeUnit

ADD = "/admin/snippets/units/administrativeunit/add/"


def edit(unit):
    return f"/admin/snippets/units/administrativeunit/edit/{unit.pk}/"


@pytest.mark.parametrize("group", [roles.COMMUNE_OFFICERS, roles.COUNCIL_MEMBERS, roles.EDITORS])
def test_only_administrators_add_or_edit_units(client, site, province, commune, group):
    user = make_member(group, commune, username="khong_quyen")
    client.force_login(user)
    for url in (ADD, edit(commune), edit(province)):
        response = client.get(url)
        assert response.status_code in (302, 403), (group, url, response.status_code)
    before = AdministrativeUnit.objects.count()
    response = client.post(ADD, {"code": "99999", "key": "99999", "name": "Xã Giả", "short_name": "Giả",
                                 "unit_type": "Xã", "level": "commune", "parent": province.pk})
    assert response.status_code in (302, 403)
    response = client.post(edit(commune), {"code": commune.code, "key": commune.key, "name": "Xã Đổi Tên",
                                           "short_name": "Đổi Tên", "unit_type": "Xã", "level": "commune",
                                           "parent": province.pk})
    assert response.status_code in (302, 403)
    assert AdministrativeUnit.objects.count() == before
    commune.refresh_from_db()
    assert commune.name == "Xã Long Khánh A"


def test_an_administrator_reaches_the_unit_forms(client, site, commune):
    admin = make_member(roles.ADMINISTRATORS, username="quan_tri")
    client.force_login(admin)
    assert client.get(ADD).status_code == 200
    assert client.get(edit(commune)).status_code == 200
