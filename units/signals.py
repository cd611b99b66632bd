"""Signals of this app. Receivers get no arguments beyond the sender and re-read what they need."""

from django.dispatch import Signal

# The units map changed (units/loader.map_changed: load_units when anything changed, a unit edited):
# positions, provinces, successors. What was derived from it is to be recomputed.
map_changed = Signal()
