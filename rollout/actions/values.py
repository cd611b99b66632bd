"""The checks of a value before it is written, shared by the actions and the importer (pure or
read-only): one row to write (`ObservationInput`), a rate derived from its counts, the period and
range rules, with Vietnamese reasons."""

import dataclasses
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_number as vn_number

from ..periods import Period
from ..permissions import can_write_for_unit


@dataclasses.dataclass
class ObservationInput:
    """One value to write. `unit` and `metric` may be model instances or primary keys; `adoption`
    an Adoption, its pk or None; `period` a rollout.periods.Period; `value` a Decimal (or str/int)."""

    unit: object
    metric: object
    period: Period
    value: object  # for a rate given by its counts: None (derived), or the stated rate to check
    source: str = ""
    adoption: object = None
    numerator: object = None
    denominator: object = None

    @property
    def unit_id(self):
        return getattr(self.unit, "pk", self.unit)

    @property
    def metric_id(self):
        return getattr(self.metric, "pk", self.metric)

    @property
    def adoption_id(self):
        return getattr(self.adoption, "pk", self.adoption)


def _decimal(value):
    try:
        value = Decimal(value)
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        return None
    return value


# A rate stated next to its counts may be rounded by the source ("đạt 98%" for 98,36%): up to this
# many percentage points apart, the counts win; further apart, the row is refused.
RATE_TOLERANCE = Decimal("0.5")


def derived_value(metric, value, numerator=None, denominator=None):
    """(value to store, numerator, denominator, Vietnamese errors). A rate given by its counts gets
    its value from them (numerator / denominator × 100); a value alone is kept (for a rate: then not
    aggregable). Pure: the importer and the actions share it."""
    errors = []
    if numerator is None and denominator is None:
        number = _decimal(value) if value is not None else None
        if number is None:
            errors.append(_("Giá trị “%(value)s” không phải là số.") % {"value": "" if value is None else value}
                          if value not in (None, "") else _("Thiếu giá trị (hoặc tử số và mẫu số)."))
        return number, None, None, errors
    if not metric.is_rate:
        return None, None, None, [_("Chỉ tiêu “%(metric)s” không phải là tỷ lệ: không nhập tử số, mẫu số.")
                                  % {"metric": metric.display_name}]
    num, den = _decimal(numerator), _decimal(denominator)
    if numerator is None or denominator is None:
        errors.append(_("Tỷ lệ “%(metric)s”: cần cả tử số và mẫu số (hoặc chỉ nhập tỷ lệ).")
                      % {"metric": metric.display_name})
    elif num is None or den is None:
        errors.append(_("Tử số “%(num)s” hoặc mẫu số “%(den)s” không phải là số.")
                      % {"num": numerator, "den": denominator})
    elif den <= 0:
        errors.append(_("Mẫu số phải lớn hơn 0 (đã nhập %(den)s).") % {"den": vn_number(den)})
    elif num < 0 or num > den:
        errors.append(_("Tử số %(num)s phải từ 0 đến mẫu số %(den)s.") % {"num": vn_number(num), "den": vn_number(den)})
    if errors:
        return None, None, None, errors
    from ..aggregation import ratio_value

    derived = ratio_value(num, den).quantize(Decimal("0.0001"))
    stated = _decimal(value) if value not in (None, "") else None
    if value not in (None, "") and stated is None:
        errors.append(_("Giá trị “%(value)s” không phải là số.") % {"value": value})
    elif stated is not None and abs(stated - derived) > RATE_TOLERANCE:
        errors.append(_("Tỷ lệ %(stated)s%% không khớp với tử số / mẫu số %(num)s / %(den)s = %(derived)s%%.")
                      % {"stated": vn_number(stated), "num": vn_number(num), "den": vn_number(den),
                         "derived": vn_number(derived, 2)})
    return derived, num, den, errors


def period_errors(period, unit=None, today=None):
    """Vietnamese reasons why no figure may be recorded for `period` (and `unit`): a period that has
    not started yet, or a period after a merged unit ceased to exist."""
    today = today or timezone.localdate()
    errors = []
    if period is None:
        return errors
    if period.start > today:
        errors.append(_("Kỳ “%(period)s” chưa bắt đầu (hôm nay là %(today)s): không nhận số liệu cho kỳ tương lai.")
                      % {"period": period.label_vi, "today": today.strftime("%d/%m/%Y")})
    until = getattr(unit, "valid_until", None)
    if until is not None and period.end > until:
        errors.append(_("%(unit)s chỉ tồn tại đến %(until)s: chỉ nhận số liệu các kỳ kết thúc trước ngày đó "
                        "(kỳ “%(period)s”); số liệu từ sau sáp nhập ghi cho đơn vị kế thừa.")
                      % {"unit": unit.name, "until": until.strftime("%d/%m/%Y"), "period": period.label_vi})
    return errors


def observation_errors(user, metric, value, unit_id, adoption=None, *, period=None, unit=None,
                       numerator=None, denominator=None):
    """Vietnamese reasons why this value may not be written (empty list = fine). The importer calls
    this while validating rows so its messages match the actions' own checks."""
    errors = []
    if not can_write_for_unit(user, unit_id):
        errors.append(_("Bạn không có quyền nhập số liệu cho đơn vị này."))
    errors += period_errors(period, unit)
    value, numerator, denominator, problems = derived_value(metric, value, numerator, denominator)
    if problems:
        return errors + problems
    if not metric.in_range(value):
        bounds = {"metric": metric.display_name, "value": vn_number(value),
                  "min": vn_number(metric.min_value) if metric.min_value is not None else "−∞",
                  "max": vn_number(metric.max_value) if metric.max_value is not None else "+∞"}
        errors.append(_("Giá trị %(value)s của chỉ tiêu “%(metric)s” nằm ngoài khoảng cho phép "
                        "[%(min)s; %(max)s].") % bounds)
    if adoption is not None and getattr(adoption, "unit_id", unit_id) != unit_id:
        errors.append(_("Mô hình được đo không thuộc đơn vị này."))
    return errors
