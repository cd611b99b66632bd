"""The appraisal demo goes through the recognition path: Art. 3 checks and ballots before each decision."""

import io

from appraisal import demo as appraisal_demo
from appraisal.models import Ballot, Decision, LegalCheck
from tests.test_demo_loader import run_loader


def test_demo_decisions_follow_checks_and_ballots(site, demo_units):
    run_loader()
    out = io.StringIO()
    appraisal_demo.load(out)
    appraisal_demo.load(out)  # idempotent
    decisions = list(Decision.objects.all())
    assert decisions, out.getvalue()
    for decision in decisions:
        assert LegalCheck.objects.get(entry=decision.entry).passed
        assert Ballot.objects.filter(entry=decision.entry).count() == decision.votes_for >= 3
