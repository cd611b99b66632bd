"""An officer never reads another unit's draft in the admin: not in the page search, the page chooser,
the admin API, the site history report, the usage views or a page's history (issue 12)."""

import pytest

from core import roles
from tests.factories import make_initiative, make_member

pytestmark = pytest.mark.django_db

FOREIGN = "BANNHAPXAKHAC"
OWN = "BANNHAPCUATOI"


@pytest.fixture
def drafts(site, commune, other_commune):
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_scope")
    own = make_initiative(site["index"], commune, title=f"Mô hình {OWN}", live=False)
    foreign = make_initiative(site["index"], other_commune, title=f"Mô hình {FOREIGN}", live=False)
    # The other unit's officer edited it: the site history has an entry for it.
    other = make_member(roles.COMMUNE_OFFICERS, other_commune, username="canbo_khac")
    from wagtail.log_actions import log

    log(foreign, "wagtail.edit", user=other)
    log(own, "wagtail.edit", user=officer)
    return {"officer": officer, "own": own, "foreign": foreign, "index": site["index"]}


def _paths(drafts):
    own, foreign, index = drafts["own"].pk, drafts["foreign"].pk, drafts["index"].pk
    return [
        f"/admin/pages/search/?q={FOREIGN}", f"/admin/pages/search/results/?q={FOREIGN}",
        "/admin/pages/search/?q=Mô hình", f"/admin/pages/{index}/",
        f"/admin/choose-page/?q={FOREIGN}", f"/admin/choose-page/{index}/",
        f"/admin/choose-page/search/?q={FOREIGN}", "/admin/choose-page/search/?q=Mô hình",
        f"/admin/api/main/pages/{foreign}/", f"/admin/api/main/pages/?child_of={index}",
        f"/admin/api/main/pages/?search={FOREIGN}",
        "/admin/reports/site-history/", "/admin/reports/site-history/results/",
        "/admin/pages/usage/initiatives/initiativepage/", "/admin/pages/usage/initiatives/initiativepage/results/",
        f"/admin/pages/{foreign}/usage/", f"/admin/pages/{foreign}/history/", f"/admin/pages/{foreign}/revisions/",
        f"/admin/pages/{foreign}/edit/", f"/admin/pages/{foreign}/view_draft/",
        f"/admin/pages/{own}/history/",
    ]


def test_an_officer_never_reads_another_units_draft_title_in_the_admin(client, drafts):
    client.force_login(drafts["officer"])
    seen_own = False
    for path in _paths(drafts):
        response = client.get(path)
        text = response.content.decode("utf-8", errors="replace").lower().replace(path.lower(), "")
        if FOREIGN.lower() in path.lower():
            text = text.replace(FOREIGN.lower(), "", path.lower().count(FOREIGN.lower()) * 3)
            assert f"mô hình {FOREIGN.lower()}" not in text, path
        else:
            assert FOREIGN.lower() not in text, f"{path} ({response.status_code}) names the other unit's draft"
        seen_own |= OWN.lower() in text
    assert client.get(f"/admin/api/main/pages/{drafts['foreign'].pk}/").status_code == 404
    assert seen_own  # the officer's own draft is there: the rule hides, it does not empty the admin


def test_an_editor_still_finds_every_unit_draft(client, drafts):
    editor = make_member(roles.EDITORS, username="bientap_scope")
    client.force_login(editor)
    assert FOREIGN.lower() in client.get(f"/admin/pages/search/?q={FOREIGN}").content.decode().lower()
    assert client.get(f"/admin/api/main/pages/{drafts['foreign'].pk}/").status_code == 200


def test_an_officer_of_a_merged_commune_sees_the_merged_in_communes_initiatives_in_the_explorer(
        client, site, province, commune, other_commune):
    """A commune formed on 1 July 2025 holds the records of the communes merged into it: its officer
    reads and edits their initiatives (core.roles.acting_unit_ids), so the page explorer, its search
    and the admin API list them too, and still hide a third commune's."""
    import datetime

    from tests.factories import UnitFactory

    merged_in = UnitFactory(code="h29951", key="h29951", name="Xã Tân Hòa Cũ", short_name="Tân Hòa Cũ",
                            parent=province, valid_until=datetime.date(2025, 6, 30))
    merged_in.successors.add(commune)
    officer = make_member(roles.COMMUNE_OFFICERS, commune, username="canbo_sapnhap")
    inherited = make_initiative(site["index"], merged_in, title="Mô hình KETHUAXACU", live=False)
    own = make_initiative(site["index"], commune, title="Mô hình CUAXAMOI", live=False)
    foreign = make_initiative(site["index"], other_commune, title=f"Mô hình {FOREIGN}", live=False)
    client.force_login(officer)
    explorer = client.get(f"/admin/pages/{site['index'].pk}/")
    assert explorer.status_code == 200
    html = explorer.content.decode()
    assert "KETHUAXACU" in html and "CUAXAMOI" in html and FOREIGN not in html
    assert f"/admin/pages/{inherited.pk}/edit/" in html
    assert "KETHUAXACU" in client.get("/admin/pages/search/?q=KETHUAXACU").content.decode()
    assert client.get(f"/admin/api/main/pages/{inherited.pk}/").status_code == 200
    assert client.get(f"/admin/api/main/pages/{foreign.pk}/").status_code == 404
    assert client.get(f"/admin/pages/{inherited.pk}/edit/").status_code == 200
    # The dashboard's "Việc cần làm" lists it with the commune's own.
    dashboard = client.get("/admin/").content.decode()
    assert "KETHUAXACU" in dashboard and "CUAXAMOI" in dashboard and FOREIGN not in dashboard
    assert own.pk != inherited.pk
