"""The appraisal demo goes through the recognition path: Art. 3 checks and ballots before each decision,
and for one application the whole path (issue 14): receipt -> checks -> ballots -> recognition ->
certificate -> later a scope-of-influence decision with its evidence dossier."""

import io

from django.urls import reverse

from appraisal import demo as appraisal_demo
from appraisal.models import Ballot, Decision, LegalCheck, ScopeDecision
from initiatives.models import ApplicationReceipt, InitiativePage
from tests.test_demo_loader import run_loader


def test_demo_decisions_follow_checks_and_ballots(client, site, demo_units):
    run_loader()
    out = io.StringIO()
    appraisal_demo.load(out)
    appraisal_demo.load(out)  # idempotent
    decisions = list(Decision.objects.all())
    assert decisions, out.getvalue()
    for decision in decisions:
        assert LegalCheck.objects.get(entry=decision.entry).passed
        assert Ballot.objects.filter(entry=decision.entry).count() == decision.votes_for >= 3

    # The whole path for one application.
    [slug] = appraisal_demo.SCOPE
    page = InitiativePage.objects.get(slug=slug)
    receipt = ApplicationReceipt.objects.get(initiative=page)
    decision = Decision.objects.get(entry__initiative=page)
    assert receipt.received_on == appraisal_demo.RECEIVED_ON < decision.decision_date
    assert (page.status, decision.outcome) == ("recognised", "recognised")
    scope = ScopeDecision.objects.get(initiative=page)  # once, though loaded twice
    assert scope.decision_date > decision.decision_date and page.influence_scope == scope.scope == "base"
    dossier_url = reverse("dossier:page", args=[page.pk])
    assert dossier_url in scope.reasoning and "Chưa ghi nhận đơn vị nào nhân rộng" in scope.reasoning and "minh hoạ" in scope.reasoning
    assert "phạm vi ảnh hưởng" in out.getvalue()
    assert client.get(reverse("recognition_public:certificate", args=[page.pk])).status_code == 200
    assert client.get(dossier_url).status_code == 200
    html = client.get(page.url).content.decode()
    assert scope.decision_number in html
    client.force_login(_chair())  # the council chair reads the scope screen
    screen = client.get(reverse("appraisal_rounds:scope", args=[page.pk])).content.decode()
    assert scope.decision_number in screen and dossier_url in screen


def _chair():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="chutich_dongthap")


HONG_NGU_SLUGS = {  # the demo's Hồng Ngự initiatives and the pre-2025 unit each comes from
    "long-khanh-a-ngay-thu-nam-khong-hen": "h29980", "long-khanh-b-nguoi-dan-khong-viet": "h29983",
    "hong-ngu-phong-y-te-cap-giay-attp-tai-nha": "h870", "hong-ngu-ngay-khong-dung-tien-mat": "h870",
    "phu-thuan-a-giam-thoi-gian-ngoi-cho": "h29998", "long-thuan-doan-thanh-nien-ho-tro-nop-truc-tuyen": "h29992",
    "phu-thuan-b-tiep-nhan-truc-tuyen-hop-xet-tai-nha": "h29995",
}


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_related("affiliation__unit").get(username=username)


def test_every_demo_account_is_bound_to_a_unit_in_force_today(site, demo_units):
    """Issue 18: officers and council members are bound to current units; none to a unit dissolved on
    1/7/2025 (an abolished district, a merged commune or province)."""
    import importlib

    from django.contrib.auth import get_user_model

    from core import roles
    from home.management.commands.load_demo import DEMO_STEPS

    for module in DEMO_STEPS:
        importlib.import_module(module).load(io.StringIO())
    users = get_user_model().objects.select_related("affiliation__unit")
    bound = {u.username: u.affiliation.unit for u in users if hasattr(u, "affiliation")}
    assert {name: (unit.key, unit.name) for name, unit in bound.items()} == {
        "canbo_longkhanha": ("29983", "Xã Long Khánh"), "canbo_phuthuana": ("29992", "Xã Long Phú Thuận"),
        "chutich_dongthap": ("82", "Tỉnh Đồng Tháp"), "hoidong_dongthap": ("82", "Tỉnh Đồng Tháp"),
        "hoidong_khcn_dongthap": ("82", "Tỉnh Đồng Tháp"), "hoidong_hongngu": ("29983", "Xã Long Khánh"),
        "hoidong_tanhong": ("29926", "Xã Tân Hồng")}
    for name, unit in bound.items():
        assert unit.valid_until is None and not unit.is_historic, name
        assert unit.pk in roles.acting_unit_ids(_user(name)), name
    # Every officer and council member has a unit (none left unbound, so none escapes the check above).
    in_unit_roles = users.filter(groups__name__in=[roles.COMMUNE_OFFICERS, roles.COUNCIL_MEMBERS]).distinct()
    assert set(in_unit_roles.values_list("username", flat=True)) == set(bound)
    # The council's scope is today's province, which holds the pre-2025 units the initiatives name.
    from appraisal.models import Council

    council = Council.objects.get(name=appraisal_demo.COUNCIL_NAME)
    scope = council.scope_unit_ids()
    assert {u.key for u in council.scope_units.all()} >= {"82"}
    assert set(InitiativePage.objects.filter(origin_unit__province__key="h87").values_list(
        "origin_unit_id", flat=True)) <= scope


def test_demo_conflicts_follow_todays_units(site, demo_units):
    """hoidong_hongngu works for Xã Long Khánh, formed from Long Khánh A and B of the abolished Hồng Ngự
    district: conflicted on those communes' initiatives and on the district's, on nothing else; the
    provincial members and Xã Tân Hồng's member are conflicted on none of the Hồng Ngự initiatives."""
    from appraisal import actions
    from appraisal.conflicts import is_conflicted
    from appraisal.models import AppraisalRound, Assignment

    run_loader()
    appraisal_demo.load(io.StringIO())
    pages = {p.slug: p for p in InitiativePage.objects.filter(slug__in=HONG_NGU_SLUGS).select_related("origin_unit")}
    for slug, key in HONG_NGU_SLUGS.items():
        assert pages[slug].origin_unit.key == key, slug
    member = _user("hoidong_hongngu")
    conflicted = {slug for slug, page in pages.items() if is_conflicted(member, page)}
    assert conflicted == {"long-khanh-a-ngay-thu-nam-khong-hen", "long-khanh-b-nguoi-dan-khong-viet",
                          "hong-ngu-phong-y-te-cap-giay-attp-tai-nha", "hong-ngu-ngay-khong-dung-tien-mat"}
    for username in ("hoidong_dongthap", "hoidong_khcn_dongthap", "chutich_dongthap", "hoidong_tanhong"):
        user = _user(username)
        assert not [slug for slug, page in pages.items() if is_conflicted(user, page)], username
    # The open round (Long Khánh A's initiative): the chair cannot assign him, and he holds no assignment.
    open_round = AppraisalRound.objects.get(name=appraisal_demo.OPEN_ROUND)
    entry = open_round.entries.get(initiative__slug=appraisal_demo.OPEN_SLUG)
    assert not Assignment.objects.filter(entry=entry, member=member).exists()
    assert entry.assignments.count() == len(appraisal_demo.OPEN_REVIEWERS)
    try:
        actions.assign_members(_chair(), open_round, mode="manual", entry=entry, members=[member])
    except Exception as error:  # noqa: BLE001 - the message is what the chair reads
        assert "xung đột lợi ích" in str(error)
    else:
        raise AssertionError("a conflicted member was assigned")
