"""Every write of this app is a named action: it checks `can_write_for_unit`, writes atomically,
leaves an audit row, and sends `rollout.signals` on commit. Admin views, the importer, commands and
the demo all call these functions, so the rules hold on every path.

One module per concept; every name is re-exported here, so `from rollout.actions import X` and
`rollout.actions.X` keep working:

- `adoptions`: record_adoption, change_adoption_status, update_adoption, delete_adoption, adoption_start;
- `observations`: record_observation, bulk_upsert_observations (UpsertResult), delete_observation;
- `values`: the checks shared with the importer: ObservationInput, derived_value (RATE_TOLERANCE),
  period_errors, observation_errors;
- `catalogue`: the indicator catalogue (metrics, the QĐ 766 groups and indicators), administrators only;
- `common`: the unit check and the log.
"""

from .adoptions import adoption_start, change_adoption_status, delete_adoption, record_adoption, update_adoption
from .catalogue import (delete_metric, delete_score_group, delete_scored_indicator, save_metric, save_score_group,
                        save_scored_indicator)
from .common import logger
from .observations import UpsertResult, bulk_upsert_observations, delete_observation, record_observation
from .values import RATE_TOLERANCE, ObservationInput, derived_value, observation_errors, period_errors

__all__ = ["RATE_TOLERANCE", "ObservationInput", "UpsertResult", "adoption_start", "bulk_upsert_observations",
           "change_adoption_status", "delete_adoption", "delete_metric", "delete_score_group", "delete_scored_indicator",
           "save_metric", "save_score_group", "save_scored_indicator", "delete_observation", "derived_value", "logger",
           "observation_errors", "period_errors", "record_adoption", "record_observation", "update_adoption"]
