"""Signals of the initiatives app.

- status_changed: sent on commit after any status change of an initiative (submitted, recognised,
  returned…, appraisal decisions too). kwargs: initiative_id, from_status, to_status, actor_id.
  Receivers (points, search index, notifications, the public change events) hook here.
"""

from django.dispatch import Signal

status_changed = Signal()
