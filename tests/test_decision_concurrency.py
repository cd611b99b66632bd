"""record_decision takes the entry's lock before it reads the scores (issue 12): a sheet submitted by
another member at the same moment is either counted in the final score (it locked first) or refused
with a message (the decision locked first), never left out silently. Two real connections, so
PostgreSQL only: SQLite has no row locks (it serialises whole-database writes instead)."""

import datetime
import threading
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from appraisal import actions, scoring_actions
from appraisal.aggregation import entry_summaries
from appraisal.models import Decision, ScoreSheet

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs row locks and two connections (PostgreSQL); SQLite locks the whole file"),
    # serialized_rollback: the flush of a transactional test must not leave the content types and
    # migration data the later tests (and the browser tests) restore from.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TODAY = timezone.localdate()


def _sheet(member, assignment, value):
    values = {c.pk: {"value": value, "comment": ""} for c in assignment.entry.round.rubric.criteria.all()}
    return actions.record_score(member, assignment, values, version=assignment.sheet.version, confidence="high")


def _ready(w):
    """An entry with one submitted sheet (8s) and a second one (4s) saved, about to be submitted;
    the Art. 3 checks recorded (a condition not met: the decision can only be a refusal)."""
    rnd = actions.open_round(w["chair"], w["council"], "Đợt đồng thời", TODAY, TODAY + datetime.timedelta(days=7),
                             min_reviewers=2, min_ballots=0)
    entry = actions.add_entries(w["chair"], rnd, [w["i_lka"]])[0]
    first, second = actions.assign_members(w["chair"], rnd, mode="manual", entry=entry,
                                           members=[w["m_province"], w["m_tam_nong"]])[0]
    sheet = _sheet(w["m_province"], first, 8)
    actions.submit_scoresheet(w["m_province"], first, version=sheet.version)
    draft = _sheet(w["m_tam_nong"], second, 4)
    actions.record_legal_checks(w["chair"], entry, is_new=False, is_applied=True, not_excluded=True,
                                reasons="Đã có đơn vị áp dụng trước.")
    return entry, second, draft.version


def _decide(w, entry):
    return actions.record_decision(w["chair"], entry, "not_recognised", decision_number="9/QĐ-HĐ",
                                   decision_date=TODAY, reasoning="Không đạt tính mới.")


def _submit_in_thread(w, assignment, version, outcome, wait_for=None):
    def run():
        try:
            if wait_for is not None:
                assert wait_for.wait(10)
            actions.submit_scoresheet(w["m_tam_nong"], assignment, version=version)
            outcome["submitted"] = True
        except ValidationError as error:
            outcome["refused"] = " ".join(error.messages)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _pause_after(target, event):
    """Wrap `target` so the caller signals `event`, then holds its transaction (and locks) a moment."""
    def paused(*args, **kwargs):
        result = target(*args, **kwargs)
        event.set()
        time.sleep(1.5)
        return result
    return paused


def test_a_sheet_submitted_while_the_decision_holds_the_lock_is_refused_with_a_message(appraisal_world):
    w = appraisal_world
    entry, assignment, version = _ready(w)
    locked, outcome = threading.Event(), {}
    # The decision pauses after taking the entry's lock and reading the scores; the member submits then.
    with mock.patch("appraisal.actions.entry_summaries", _pause_after(entry_summaries, locked)):
        thread = _submit_in_thread(w, assignment, version, outcome, wait_for=locked)
        decision = _decide(w, entry)
    thread.join(20)
    assert "đã có quyết định" in outcome.get("refused", ""), outcome
    assert ScoreSheet.objects.get(assignment=assignment).submitted_at is None
    summary = entry_summaries([entry.pk])[entry.pk]
    assert summary.count == 1
    assert Decision.objects.get(pk=decision.pk).final_score == summary.mean  # what the chair saw is what counts


def test_a_sheet_that_locked_first_is_counted_in_the_final_score(appraisal_world):
    w = appraisal_world
    entry, assignment, version = _ready(w)
    locked, outcome = threading.Event(), {}
    # The member's submission takes the entry's lock first and holds it a moment; the decision waits.
    with mock.patch("appraisal.scoring_actions._bump_version",
                    _pause_after(scoring_actions._bump_version, locked)):
        thread = _submit_in_thread(w, assignment, version, outcome)
        assert locked.wait(10)
        decision = _decide(w, entry)
    thread.join(20)
    assert outcome == {"submitted": True}
    summary = entry_summaries([entry.pk])[entry.pk]
    assert summary.count == 2
    assert Decision.objects.get(pk=decision.pk).final_score == summary.mean
