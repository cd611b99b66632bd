"""Rollout models, split by concept.

Stable field names (other modules — the spreadsheet importer, exports, campaigns, search — rely on
them; do not rename):

- Observation: unit, metric, adoption (nullable), period_kind, period_key, period_start, period_end,
  value (Decimal), source, entered_by, entered_at. One row per (unit, metric, period_key, adoption),
  NULL adoption included (two partial unique constraints). Write through rollout.actions
  (record_observation / bulk_upsert_observations), which keep ObservationRevision history.
- Metric: code, name_vi, name_en, unit (MetricUnit), direction (Direction), min_value, max_value,
  decimals, scale_labels.
- Adoption: initiative, unit, replicated_from_initiative, replicated_from_adoption, status
  (AdoptionStatus), start_date, responsible_office, notes.
- Periods: rollout.periods.Period(year, kind, number) with .key / .start / .end / .label and
  Period.from_key("2024-Q1").
"""

from ..periods import Period, PeriodKind
from .adoption import ACTIVE_STATUSES, STARTED_STATUSES, Adoption, AdoptionStatus, AdoptionStatusChange
from .impact import ImpactContribution, InitiativeImpact  # precomputed by rollout.impact_store
from .imports import ImportJob, ImportStatus  # the spreadsheet importer's jobs (rollout.importing)
from .metrics import Direction, Metric, MetricUnit
from .observations import EARNS_POINTS, Observation, ObservationRevision, Verification
from .service_index import ScoredIndicator, ScoreGroup  # Decision 766/QĐ-TTg (rollout.service_index)

__all__ = [
    "ACTIVE_STATUSES",
    "EARNS_POINTS",
    "STARTED_STATUSES",
    "Adoption",
    "AdoptionStatus",
    "AdoptionStatusChange",
    "Direction",
    "ImpactContribution",
    "ImportJob",
    "InitiativeImpact",
    "ImportStatus",
    "Metric",
    "MetricUnit",
    "Observation",
    "ObservationRevision",
    "Period",
    "PeriodKind",
    "Verification",
    "ScoreGroup",
    "ScoredIndicator",
]
