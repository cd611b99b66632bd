"""The statutory clocks of an application for recognition (pure arithmetic, no database).

- Receipt: Circular 18/2013/TT-BKHCN Art. 6(1)(a): the receiving body hands the applicant a receipt
  (giấy biên nhận, Annex II) stating when the result will be answered under Regulation Art. 7(1).
- Acceptance review: Decree 13/2012/NĐ-CP, Regulation Art. 6 (the body reviews the application and
  accepts it, asks for changes or refuses it). The number of days could NOT be confirmed from a primary
  text here: it is the setting RECOGNITION_ACCEPTANCE_DAYS (default 30 calendar days from the receipt).
- Decision: Regulation Art. 7(1): "trong thời hạn 03 tháng kể từ ngày chấp nhận đơn" (within three
  months of accepting the application under Art. 6(2)). Counted in calendar days, setting
  RECOGNITION_DECISION_DAYS (default 90) from the acceptance; before acceptance, from the acceptance
  deadline (so the latest possible decision date is known from the receipt).
- Return for changes: while the application is back with the applicant (status "returned") the clock
  stops; the days until resubmission are added to the running deadline. This is the product's reading
  of Art. 6 (the applicant's time to amend is not the council's time); it is configurable by turning
  RECOGNITION_CLOCK_STOPS_ON_RETURN off.

Acceptance = the application enters an appraisal round (status "under appraisal") for the first time.
"""

import datetime
from dataclasses import dataclass, field

SUBMITTED, UNDER_APPRAISAL, RETURNED = "submitted", "under_appraisal", "returned"
FINAL = {"recognised", "not_recognised"}


@dataclass
class Clock:
    received_on: datetime.date
    acceptance_due: datetime.date
    decision_due: datetime.date
    accepted_on: datetime.date | None = None
    stopped_since: datetime.date | None = None
    finished_on: datetime.date | None = None
    paused_days: int = 0
    pauses: list = field(default_factory=list)  # [(from, to or None)]

    @property
    def stage(self):
        if self.finished_on:
            return "finished"
        return "decision" if self.accepted_on else "acceptance"

    @property
    def due(self):
        return self.decision_due if self.accepted_on else self.acceptance_due

    def days_left(self, today):
        """Days until the running deadline (negative: overdue); None once decided."""
        if self.finished_on:
            return None
        return (self.due - today).days

    def is_overdue(self, today):
        left = self.days_left(today)
        return left is not None and left < 0 and self.stopped_since is None


def compute_clock(received_on, changes, today, *, acceptance_days=30, decision_days=90, stop_on_return=True):
    """`changes`: the (date, to_status) moves after the receipt, oldest first."""
    accepted_on = stopped_since = finished_on = None
    pauses, before, after = [], 0, 0
    for day, status in changes:
        if day < received_on or finished_on:
            continue
        if status == RETURNED and stopped_since is None:
            stopped_since = day
        elif status in (SUBMITTED, UNDER_APPRAISAL) or status in FINAL:
            if stopped_since is not None:
                length = (day - stopped_since).days
                pauses.append((stopped_since, day))
                if accepted_on:
                    after += length
                else:
                    before += length
                stopped_since = None
            if status == UNDER_APPRAISAL and accepted_on is None:
                accepted_on = day
            if status in FINAL:
                finished_on = day
    if stopped_since is not None:
        pauses.append((stopped_since, None))
        running = (today - stopped_since).days
        if accepted_on:
            after += running
        else:
            before += running
    if not stop_on_return:
        before = after = 0
    acceptance_due = received_on + datetime.timedelta(days=acceptance_days + before)
    start = accepted_on or acceptance_due
    decision_due = start + datetime.timedelta(days=decision_days + after)
    return Clock(received_on=received_on, acceptance_due=acceptance_due, decision_due=decision_due,
                 accepted_on=accepted_on, stopped_since=stopped_since, finished_on=finished_on,
                 paused_days=before + after, pauses=pauses)
