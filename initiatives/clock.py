"""The statutory clocks of an application for recognition (pure arithmetic, no database).

Texts read (issue 14; which site each was read from: docs/recognition.md):
- Receipt: Circular 18/2013/TT-BKHCN Art. 6(1)(a): the receiving body hands the applicant a receipt
  (giấy biên nhận, form in Annex II) stating when the result will be answered under Regulation Art. 7(1).
- Acceptance review: Decree 13/2012/NĐ-CP, Regulation Art. 6(2) (acceptance of the application, to which
  Art. 7(1) refers). The text of Art. 6 itself could NOT be read here, so its number of days is the
  setting RECOGNITION_ACCEPTANCE_DAYS (default 30 calendar days from the receipt), not confirmed.
- Decision: Regulation Art. 7(1): "Việc xét công nhận sáng kiến được thực hiện trong thời hạn 03 tháng kể
  từ ngày chấp nhận đơn … theo quy định tại khoản 2 Điều 6 hoặc từ ngày hoàn thành việc áp dụng lần
  đầu, nếu sáng kiến được áp dụng lần đầu sau khi đơn được chấp nhận". Three calendar MONTHS, not 90
  days: the same day of the third month after the acceptance, or that month's last day when it has no
  such day (the product's reading of a period in months). Setting RECOGNITION_DECISION_MONTHS (3).
  The second starting point cannot arise here: the first application must precede the receipt
  (initiatives.actions.submit_initiative refuses a later date). Before acceptance the decision
  deadline runs from the acceptance deadline, so the latest possible date is known from the receipt.
- Return for changes: while the application is back with the applicant (status "returned") the clock
  stops; the days until resubmission are added to the running deadline. The Regulation's words on
  amending the application (Art. 6) could not be read here: this is the product's reading, and it is
  configurable (RECOGNITION_CLOCK_STOPS_ON_RETURN).

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


def add_months(day, months):
    """The same day `months` calendar months later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_first = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return min(day.replace(year=year, month=month, day=1) + datetime.timedelta(days=day.day - 1),
               next_first - datetime.timedelta(days=1))


def compute_clock(received_on, changes, today, *, acceptance_days=30, decision_months=3, stop_on_return=True):
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
    decision_due = add_months(start, decision_months) + datetime.timedelta(days=after)
    return Clock(received_on=received_on, acceptance_due=acceptance_due, decision_due=decision_due,
                 accepted_on=accepted_on, stopped_since=stopped_since, finished_on=finished_on,
                 paused_days=before + after, pauses=pauses)
