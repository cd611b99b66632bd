"""One public rule (public/rules.py), proved on every public route: each public URL pattern of the site
and each route of /api/v1/ is requested by an anonymous visitor, with every parameter filled for the
initiatives that must stay hidden (a password-restricted one, a draft never published, one unpublished
since), and no answer names them. A route added later without a way to request it here fails
`test_every_public_route_is_covered`.

Each hidden initiative is made as visible as data can make it: recognised, adopted (started) by
another commune with an indicator measured, awarded, featured in a campaign, decided by a council, in
the search index and in the precomputed impact table. A control initiative with the same data must be
visible, so the test can fail."""

import datetime
from html import escape
import io

import openpyxl
import pytest
from django.urls import get_resolver
from django.urls.resolvers import URLResolver
from wagtail.models import PageViewRestriction

from core.roles import EDITORS
from initiatives.status import InitiativeStatus, RecognitionLevel
from rollout import actions
from rollout.models import AdoptionStatus, Metric
from rollout.periods import Period
from tests.factories import UnitFactory, make_campaign, make_council, make_initiative, make_member

pytestmark = pytest.mark.django_db

HIDDEN = {"restricted": "HANCHEMATKHAU", "draft": "NHAPCHUADANG", "unpublished": "GODANGXUONG"}
VISIBLE = "CONGKHAIROIRANG"


def _initiative(site, unit, token, *, live=True):
    return make_initiative(site["index"], unit, title=f"Mô hình {token}", summary=f"Tóm tắt {token} riêng.",
                           status=InitiativeStatus.RECOGNISED, live=live, slug=f"mo-hinh-{token.lower()}",
                           recognition_level=RecognitionLevel.PROVINCE, decision_number=f"1/{token}",
                           decision_date=datetime.date(2024, 12, 1), start_date=datetime.date(2023, 1, 1))


@pytest.fixture
def hidden_world(site, province, commune, other_commune, django_capture_on_commit_callbacks):
    from appraisal.models import AppraisalRound, Decision, DecisionOutcome, RoundEntry, Rubric
    from campaigns.leaderboard import refresh_leaderboard
    from campaigns.models import Award, AwardKind, AwardStatus, Enrolment, FeaturedModel, PointEntry
    from rollout.impact_store import refresh
    from search.indexing import all_initiative_ids, refresh_entries

    editor = make_member(EDITORS, username="bientap_rule")
    third = UnitFactory(code="29970", key="29970", name="Xã Thử Ba", short_name="Thử Ba", parent=province)
    pages = {"visible": _initiative(site, commune, VISIBLE)}
    pages["restricted"] = _initiative(site, commune, HIDDEN["restricted"])
    PageViewRestriction.objects.create(page=pages["restricted"], restriction_type=PageViewRestriction.PASSWORD,
                                       password="mat-khau")
    pages["draft"] = _initiative(site, commune, HIDDEN["draft"], live=False)
    pages["unpublished"] = _initiative(site, commune, HIDDEN["unpublished"])
    pages["unpublished"].unpublish()

    metric = Metric.objects.get(code="dossiers_on_time_pct")
    council_chair = make_member("Thành viên hội đồng", province, username="chutich_rule")
    council = make_council(council_chair, [], [province], name="Hội đồng thử quy tắc công khai")
    round_ = AppraisalRound.objects.create(council=council, name="Đợt thử", rubric=Rubric.default(),
                                           soft_deadline=datetime.date(2030, 1, 1),
                                           hard_deadline=datetime.date(2030, 2, 1))
    campaign = make_campaign("thi-dua-quy-tac")
    for unit in (commune, other_commune, third):
        Enrolment.objects.create(campaign=campaign, unit=unit)
        PointEntry.objects.create(campaign=campaign, unit=unit, points=10, event_key=f"k{unit.pk}",
                                  event_date=datetime.date.today())
    refresh_leaderboard(campaign)
    awards = {}
    with django_capture_on_commit_callbacks(execute=True):
        for name, page in pages.items():
            adopter = other_commune if name != "visible" else third
            adoption = actions.record_adoption(editor, page, adopter, status=AdoptionStatus.OPERATING,
                                               start_date=datetime.date(2023, 6, 1))
            for year, value in ((2022, "80"), (2024, "95")):
                actions.record_observation(editor, adopter, metric, Period.year_of(year), value, f"Báo cáo {year}",
                                           adoption=adoption)
            entry = RoundEntry.objects.create(round=round_, initiative=page)
            Decision.objects.create(entry=entry, outcome=DecisionOutcome.RECOGNISED, level=RecognitionLevel.PROVINCE,
                                    decision_number=f"9/{name}", decision_date=datetime.date(2024, 12, 1),
                                    reasoning="Đạt.", decided_by=editor)
            awards[name] = Award.objects.create(
                campaign=campaign, kind=AwardKind.GIAY_KHEN_XA, recipient_initiative=page, citation="Khen.",
                status=AwardStatus.CONFIRMED, decision_number=f"5/{name}", decision_date=datetime.date(2024, 12, 2))
            FeaturedModel.objects.create(page=campaign, initiative=page, sort_order=len(awards))
    refresh([page.pk for page in pages.values()])
    refresh_entries(all_initiative_ids())
    return {"pages": pages, "awards": awards, "campaign": campaign, "units": [commune, other_commune, third, province],
            "metric": metric}


def _public_patterns():
    """(pattern text, name) of every route a visitor can request (the admin sites excluded)."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            text = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if text.startswith(("admin/", "django-admin/")):
                    continue
                yield from walk(pattern.url_patterns, prefix + text)
            elif not (pattern.name is None and text.startswith(("^static/", "^media/"))):
                # (the DEBUG-only static and image routes serve files, never initiative data; a test that
                # reloads the URLconf with DEBUG on leaves them in)
                yield prefix + text, pattern.name
    return list(walk(get_resolver().url_patterns))


# Routes that show no initiative data, and why.
NO_INITIATIVE_DATA = {
    "set_language": "POST only: switches the language",
    "openapi-json": "the API's schema: field names, no rows",
    "openapi-view": "the Swagger UI page: no rows",
    "api-root": "the API's index of routes",
    "wagtailcore_authenticate_with_password": "Wagtail's password form (POST checks the password)",
    "wagtailcore_login": "Wagtail's login form for login-restricted pages",
    "wagtaildocs_serve": "documents/: uploaded files, served under Wagtail's own collection privacy rules",
    "wagtaildocs_authenticate_with_password": "documents/: Wagtail's password form",
    "rollout_export_xlsx": "the same rows as rollout_export_csv, checked there in both formats",
    "jwks": "the issuer's public signing keys",
    "favicon": "a redirect to the site's icon",
    "rollout_export_766_xlsx": "the same rows as rollout_export_766_csv, checked there",
    "follow": "POST only (subscribe); a non-public target is refused in tests/test_following.py",
    "confirm": "a signed subscription token's confirmation button: names only the followed target's "
               "public label, and a token cannot be made for a hidden one (tests/test_following.py)",
    "unsubscribe": "a signed token's unsubscribe button (tests/test_following.py)",
    "issuer_profile": "the issuer's profile (no award rows)",
    "status_list": "revocation bit list (indices, no names)",
    "status_list_json": "revocation bit list (indices, no names)",
    "achievement": "an award kind's description (no recipients)",
}


def _urls(world):
    """{route name: [paths]} with every parameter filled for the hidden initiatives (and the control)."""
    from opendata.registry import all_datasets

    pages, campaign = world["pages"], world["campaign"]
    ids = [page.pk for page in pages.values()]
    keys = [unit.key for unit in world["units"]]
    q = [VISIBLE, *HIDDEN.values(), "mo hinh"]
    uuids = [award.uuid for award in world["awards"].values()]
    datasets = [dataset.file_name for dataset in all_datasets()]
    return {
        "list_initiatives": ["/api/v1/initiatives/", "/api/v1/initiatives/?page_size=500",
                             *[f"/api/v1/initiatives/?q={word}" for word in q]],
        "get_initiative": [f"/api/v1/initiatives/{pk}/" for pk in ids],
        "list_units": ["/api/v1/units/"],
        "get_unit": [f"/api/v1/units/{key}/" for key in keys],
        "metrics": ["/api/v1/rollout/metrics/"],
        "adoptions": [f"/api/v1/rollout/initiatives/{pk}/adoptions/" for pk in ids],
        "impact": [f"/api/v1/rollout/initiatives/{pk}/impact/" for pk in ids],
        "observations": [f"/api/v1/rollout/units/{key}/observations/" for key in keys],
        "list_adoptions": ["/api/v1/adoptions/?page_size=500", *[f"/api/v1/adoptions/?initiative={pk}" for pk in ids]],
        "list_observations": ["/api/v1/observations/?page_size=500",
                              *[f"/api/v1/observations/?initiative={pk}" for pk in ids]],
        "decisions": ["/api/v1/appraisal/decisions/?page_size=500"],
        "initiative_decision": [f"/api/v1/appraisal/initiatives/{pk}/decision/" for pk in ids],
        "list_campaigns": ["/api/v1/campaigns/"],
        "leaderboard": [f"/api/v1/campaigns/{campaign.slug}/leaderboard/"],
        "list_leaderboards": ["/api/v1/leaderboards/?page_size=500"],
        "list_awards": ["/api/v1/awards/?page_size=500"],
        "unit_badges": [f"/api/v1/badges/{key}/" for key in keys],
        "unit_points": [f"/api/v1/points/{key}/" for key in keys],
        "search": [*[f"/api/v1/search/?q={word}" for word in q], "/api/v1/search/",
                   *[f"/tim-kiem/?q={word}" for word in q], "/tim-kiem/"],
        "search-suggest": [f"/api/v1/search/suggest/?q={word}" for word in q],
        "list": ["/don-vi/", *[f"/don-vi/?q={word}" for word in ("Thử", "xa")]],
        "detail": [f"/don-vi/{key}/" for key in keys],
        "rollout_export_csv": ["/so-lieu/xuat.csv", "/so-lieu/xuat.xlsx",
                               *[f"/so-lieu/xuat.csv?sang_kien={pk}" for pk in ids],
                               *[f"/so-lieu/xuat.csv?don_vi={key}" for key in keys]],
        "rollout_export_766_csv": ["/so-lieu/diem-766.csv", *[f"/so-lieu/diem-766.csv?sang_kien={pk}" for pk in ids],
                                   *[f"/so-lieu/diem-766.csv?don_vi={key}" for key in keys]],
        "enrol": [f"/thi-dua/{campaign.slug}/dang-ky/"],
        "export_csv": [f"/thi-dua/{campaign.slug}/bang-xep-hang.csv"],
        "export_xlsx": [f"/thi-dua/{campaign.slug}/bang-xep-hang.xlsx"],
        "verify_award": [f"/xac-minh/{u}/" for u in uuids],
        "award_credential": [f"/xac-minh/{u}.json" for u in uuids],
        "award_credential_jwt": [f"/xac-minh/{u}.jwt" for u in uuids],
        "verify_any": ["/xac-minh/", *[f"/xac-minh/?ma={u}" for u in uuids]],
        "award_certificate": [f"/xac-minh/{u}/giay-chung-nhan.pdf" for u in uuids],
        # issue 14's papers: the certificate and the evidence dossier are public, the receipt and the
        # minutes need a role; none may name a hidden initiative
        "receipt": [f"/giay-to/bien-nhan/{pk}.pdf" for pk in ids],
        "certificate": [f"/giay-to/chung-nhan/{pk}.pdf" for pk in ids],
        "minutes": [f"/giay-to/bien-ban/{pk}.pdf" for pk in ids],
        "verify": [f"/xac-minh/sang-kien/{pk}/" for pk in ids],
        "page": [f"/ho-so-nhan-rong/{pk}/" for pk in ids],
        "pdf": [f"/ho-so-nhan-rong/{pk}.pdf" for pk in ids],
        # issue 19's feeds and the adopt-this-model contact form
        "unit_initiatives": [f"/nguon-tin/don-vi/{key}/sang-kien.atom" for key in keys],
        "recognitions": ["/nguon-tin/cong-nhan.atom"],
        "initiative_adoptions": [f"/nguon-tin/sang-kien/{pk}/nhan-rong.atom" for pk in ids],
        "campaign_awards": [f"/nguon-tin/thi-dua/{campaign.slug}/khen-thuong.atom"],
        "contact": [f"/ap-dung-mo-hinh/{pk}/" for pk in ids],
        "data_page": ["/du-lieu-mo/"],
        "fields_json": ["/du-lieu-mo/truong-du-lieu.json"],
        "download": [f"/du-lieu-mo/{slug}.{fmt}" for slug in datasets for fmt in ("csv", "xlsx")],
        "showcase": ["/mo-hinh-tieu-bieu/", "/mo-hinh-tieu-bieu/?thu-tu=hieu-qua",
                     "/mo-hinh-tieu-bieu/?thu-tu=nhan-rong"],
        "compare": [*[f"/so-sanh/?sang-kien={pk}&sang-kien={pages['visible'].pk}" for pk in ids],
                    *[f"/so-sanh/?sang-kien={word}&sang-kien={VISIBLE}" for word in HIDDEN.values()],
                    f"/so-sanh/?don-vi={keys[0]}&don-vi={keys[1]}&don-vi={keys[2]}"],
        "wagtail_serve": ["/", "/sang-kien/", "/sang-kien/?tag=mot-cua", "/thi-dua/", campaign.url,
                          # the index's list tools: text, sorts by adoption and impact, comparison picks
                          *[f"/sang-kien/?q={word}&so-sanh={pages[kind].slug}" for kind, word in HIDDEN.items()],
                          "/sang-kien/?sort=nhan-rong-nhieu", "/sang-kien/?sort=hieu-qua-cao&status=submitted",
                          *[page.url or f"/sang-kien/{page.slug}/" for page in pages.values()]],
    }


def _text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # an XLSX workbook: its cells
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                        for cell in row if cell is not None)
    if content[:4] == b"%PDF":
        return content.decode("latin-1")
    return content.decode("utf-8", errors="replace")


def test_every_public_route_is_covered(hidden_world):
    urls = _urls(hidden_world)
    missing = [(text, name) for text, name in _public_patterns()
               if name not in urls and name not in NO_INITIATIVE_DATA]
    assert not missing, f"public routes this test does not request yet: {missing}"


def test_no_public_route_names_a_restricted_draft_or_unpublished_initiative(client, hidden_world):
    seen_visible = set()
    for name, paths in _urls(hidden_world).items():
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 302, 401, 404, 410), (path, response.status_code)
            # A page may repeat the address asked for (a password form's return address): not a leak.
            text = _text(response).lower().replace(path.lower(), "").replace(escape(path).lower(), "")
            for kind, token in HIDDEN.items():
                token = token.lower()
                if token in path.lower():  # the page repeats the visitor's query: look for the page itself
                    assert f"tóm tắt {token}" not in text and f"mo-hinh-{token}" not in text, \
                        f"{path} shows the {kind} initiative"
                    assert text.count(token) <= path.lower().count(token) * 3, f"{path} names the {kind} initiative"
                else:
                    assert token not in text, f"{path} names the {kind} initiative"
            if VISIBLE.lower() in text:
                seen_visible.add(name)
    # The control initiative is found where a visitor would look for it: the rule hides, it does not
    # empty the site.
    assert {"list_initiatives", "get_initiative", "search", "search-suggest", "detail", "showcase",
            "compare", "wagtail_serve", "download", "list_awards", "decisions", "verify_award"} <= seen_visible


def test_hidden_initiatives_answer_not_found_on_their_own_routes(client, hidden_world):
    for kind in HIDDEN:
        pk = hidden_world["pages"][kind].pk
        for path in (f"/api/v1/initiatives/{pk}/", f"/api/v1/rollout/initiatives/{pk}/adoptions/",
                     f"/api/v1/rollout/initiatives/{pk}/impact/", f"/api/v1/appraisal/initiatives/{pk}/decision/",
                     f"/xac-minh/{hidden_world['awards'][kind].uuid}/"):
            assert client.get(path).status_code == 404, (kind, path)
    visible = hidden_world["pages"]["visible"].pk
    assert client.get(f"/api/v1/rollout/initiatives/{visible}/adoptions/").status_code == 200


def test_a_restriction_added_later_drops_the_page_from_search_and_the_page_cache(client, hidden_world, settings,
                                                                                  django_capture_on_commit_callbacks):
    from core import page_cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    page_cache.store().clear()
    visible = hidden_world["pages"]["visible"]
    shown = f"mo-hinh-{VISIBLE.lower()}"  # the page's address in a result (the query itself is echoed)
    assert shown in client.get(f"/tim-kiem/?q={VISIBLE}").content.decode().lower()
    assert shown in client.get("/sang-kien/").content.decode().lower()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=visible, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert shown not in client.get(f"/tim-kiem/?q={VISIBLE}").content.decode().lower()
    assert shown not in client.get("/api/v1/search/?q=" + VISIBLE).content.decode().lower()
    assert shown not in client.get("/sang-kien/").content.decode().lower()  # the cached list is out of date
