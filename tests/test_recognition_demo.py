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
