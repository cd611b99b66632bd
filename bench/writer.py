"""Writes through the real actions, as officers make them: `record_observation` for adopters of the
most adopted initiative (the widest fan-out: 3,320 adopters at 1/10 scale) and of other initiatives,
and `record_adoption` of a generated initiative by a commune that has not adopted it yet.

Every value is marked (source BENCH_SOURCE; adoptions' notes) and is a new one (a unit × indicator × month of 2025 with no
value yet, inside the generated campaign's period, so it can earn points), so `delete_bench_writes()`
removes them and a run never rewrites generated figures.
Used in process (`--skip` without "writes": each write timed, Celery as configured, eager when no
broker) and by the mixed workload (bench/mixed.py), in a thread of the bench process."""

import datetime
import random
import statistics
import time
from decimal import Decimal

from .load import percentile

BENCH_SOURCE = "bench: ghi trong khi đo"
YEAR = 2025  # inside the generated campaign's period: the writes earn points as officers' would


class Writer:
    def __init__(self, seed=17):
        from django.contrib.auth import get_user_model
        from django.db.models import Count

        from initiatives.models import InitiativePage
        from rollout.models import Adoption, Metric, Observation
        from units.models import AdministrativeUnit

        self.rng = random.Random(seed)
        self.user = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if self.user is None:
            raise RuntimeError("Cần một tài khoản quản trị (superuser) để ghi qua các hành động (load_demo tạo 'admin').")
        top = Adoption.objects.values("initiative").annotate(n=Count("pk")).order_by("-n", "initiative").first()
        adopters = list(Adoption.objects.filter(initiative_id=top["initiative"], start_date__isnull=False)
                        .order_by("pk").values_list("unit_id", flat=True)[:2000])
        others = list(Adoption.objects.filter(start_date__isnull=False).exclude(initiative_id=top["initiative"])
                      .order_by("?").values_list("unit_id", flat=True)[:500])
        self.observed_units = adopters + others
        self.metrics = list(Metric.objects.filter(pk__in=Observation.objects.filter(unit_id__in=adopters[:200])
                                                  .values("metric_id").distinct()).order_by("pk"))
        self.initiatives = list(InitiativePage.objects.live().filter(slug__startswith="gen-")
                                .order_by("pk").values_list("pk", "origin_unit_id")[:5000])
        self.communes = list(AdministrativeUnit.objects.current().communes().order_by("pk").values_list("pk", flat=True))
        # The indicators communes report themselves month by month (generate_scale --unit-histories):
        # every other observation is the next month of one of them, as an officer enters it, which
        # moves the latest value of each of the commune's adoptions (the widest write there is).
        from scale.pages import MARKER

        self.histories = list(Metric.objects.filter(observations__adoption__isnull=True,
                                                    observations__source=MARKER).distinct().order_by("pk"))
        self.count = self.observations = 0

    def _value(self, metric):
        low = metric.min_value if metric.min_value is not None else Decimal(0)
        high = metric.max_value if metric.max_value is not None else Decimal(5000)
        return (low + (high - low) * Decimal(self.rng.randint(0, 1000)) / 1000).quantize(Decimal("0.1"))

    def observation(self):
        """A callable recording one new value (chosen now: a unit × indicator × month without one)."""
        self.observations += 1
        if self.histories and self.observations % 2 == 0:
            # A commune's own value of a month after its generated history (2026).
            return self._new_value(self.communes, self.histories, YEAR + 1)
        return self._new_value(self.observed_units, self.metrics, YEAR)

    def _new_value(self, units, metrics, year):
        """record_observation of a unit's own value for a unit × indicator × month of `year` without one."""
        from rollout.actions import record_observation
        from rollout.models import Observation
        from rollout.periods import Period
        from units.models import AdministrativeUnit

        while True:
            unit_id, metric = self.rng.choice(units), self.rng.choice(metrics)
            period = Period.month(year, self.rng.randint(1, 12))
            if not Observation.objects.filter(unit_id=unit_id, metric=metric, period_key=period.key).exists():
                break
        unit, value = AdministrativeUnit.objects.get(pk=unit_id), self._value(metric)
        return lambda: record_observation(self.user, unit, metric, period, value, BENCH_SOURCE)

    def adoption(self):
        """A callable recording one new adoption (a generated initiative, a commune not adopting it)."""
        from initiatives.models import InitiativePage
        from rollout.actions import record_adoption
        from rollout.models import Adoption, AdoptionStatus
        from units.models import AdministrativeUnit

        while True:
            initiative_id, origin = self.rng.choice(self.initiatives)
            unit_id = self.rng.choice(self.communes)
            if unit_id != origin and not Adoption.objects.filter(initiative_id=initiative_id, unit_id=unit_id).exists():
                break
        initiative, unit = InitiativePage.objects.get(pk=initiative_id), AdministrativeUnit.objects.get(pk=unit_id)
        return lambda: record_adoption(self.user, initiative, unit, status=AdoptionStatus.OPERATING,
                                       start_date=datetime.date(YEAR, 6, 1), notes=BENCH_SOURCE)

    def write(self):
        """One write (four observations for every adoption), only the action timed. (kind, seconds)."""
        kind = "adoption" if self.count % 5 == 4 else "observation"
        self.count += 1
        action = self.adoption() if kind == "adoption" else self.observation()
        started = time.perf_counter()
        action()
        return kind, time.perf_counter() - started


def summary(times):
    if not times:
        return {"writes": 0}
    return {"writes": len(times), "p50_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * percentile(times, 95), 1), "max_ms": round(1000 * max(times), 1)}


def in_process(count, seed=17):
    """Time `count` writes one after the other, Celery as configured (eager without a broker)."""
    writer = Writer(seed)
    by_kind = {"observation": [], "adoption": []}
    for _ in range(count):
        kind, took = writer.write()
        by_kind[kind].append(took)
    return {kind: summary(times) for kind, times in by_kind.items()}


def delete_bench_writes():
    """Remove what the bench wrote (values marked BENCH_SOURCE, adoptions noted so); the figures
    follow through the usual signals."""
    from rollout.models import Adoption, Observation

    Observation.objects.filter(source=BENCH_SOURCE).delete()
    Adoption.objects.filter(notes=BENCH_SOURCE).delete()
