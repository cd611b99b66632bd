"""Pure arithmetic behind the generated dataset's shapes (no database; unit-tested).

- zipf_counts: how many adoptions each initiative gets — most very few, a handful very many.
- metric_value: a plausible value for one metric at one point of an adoption's life, inside the
  metric's range, drifting in the metric's "better" direction.
- spread_dates: days over the five campaign years (2021–2025).
"""

import datetime

FIRST_DAY = datetime.date(2021, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days
MONTHS = [(year, month) for year in range(2021, 2026) for month in range(1, 13)]  # 60 months

# Metrics without an upper bound (counts, money) still need a plausible scale.
OPEN_RANGE_TOP = {"count": 5000.0, "vnd": 50_000_000.0}


def zipf_counts(n, total, cap, rng, exponent=1.0):
    """Split `total` into `n` non-negative counts, each ≤ `cap`, Zipf-shaped: the k-th most popular
    gets a share ∝ 1/k^exponent. Which initiative is k-th is random (rng). Exact: sum == total
    (raises ValueError when total > n * cap)."""
    if total > n * cap:
        raise ValueError(f"{total} > {n} × {cap}")
    if n == 0 or total == 0:
        return [0] * n
    weights = [1.0 / (k ** exponent) for k in range(1, n + 1)]
    counts = [0] * n
    remaining, open_ = total, list(range(n))
    # Hand out proportionally; whoever hits the cap is closed and the excess goes round again.
    while remaining and open_:
        weight_sum = sum(weights[i] for i in open_)
        handed = 0
        for i in open_:
            extra = min(int(remaining * weights[i] / weight_sum), cap - counts[i])
            counts[i] += extra
            handed += extra
        remaining -= handed
        still_open = [i for i in open_ if counts[i] < cap]
        if handed == 0:  # rounding leftovers: one each, most popular first
            for i in still_open[:remaining]:
                counts[i] += 1
            remaining -= min(remaining, len(still_open))
        open_ = [i for i in still_open if counts[i] < cap]
    order = list(range(n))
    rng.shuffle(order)
    shuffled = [0] * n
    for rank, position in enumerate(order):
        shuffled[position] = counts[rank]
    return shuffled


def metric_bounds(unit, min_value, max_value):
    """(low, high) as floats; open-ended metrics get a plausible top."""
    low = float(min_value) if min_value is not None else 0.0
    high = float(max_value) if max_value is not None else OPEN_RANGE_TOP.get(unit, 1000.0)
    return low, high


def metric_value(low, high, decimals, higher_is_better, progress, uniform):
    """A value in [low, high] (floats), rounded to `decimals`: starts around the worse third and
    drifts towards the better end as `progress` (0..1, share of the adoption's life so far) grows.
    `uniform` is the generator's rng.uniform."""
    level = 0.35 + 0.45 * progress + uniform(-0.12, 0.12)
    level = 1.0 if level > 1.0 else 0.0 if level < 0.0 else level
    if not higher_is_better:
        level = 1.0 - level
    return round(low + (high - low) * level, decimals)


def random_day(rng, start=FIRST_DAY, end=LAST_DAY):
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def month_index(day):
    """0 for January 2021 … 59 for December 2025 (clamped)."""
    return min(59, max(0, (day.year - 2021) * 12 + day.month - 1))
