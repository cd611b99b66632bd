"""Row-by-row upkeep of the public read tables (public.summary's UnitSummary, public.unit_map_store's
UnitSpread and UnitLearning) can be switched off for a bulk writer (the scale generator's clear): one
switch for all of them, then each table's rebuild()."""

import contextlib
import threading

_suspended = threading.local()


@contextlib.contextmanager
def suspended():
    """No row-by-row upkeep of the public tables inside; the caller rebuilds them afterwards."""
    _suspended.on = True
    try:
        yield
    finally:
        _suspended.on = False


def active():
    return not getattr(_suspended, "on", False)
