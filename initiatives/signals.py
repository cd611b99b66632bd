"""Signals of the initiatives app.

- status_changed: sent on commit after any status change of an initiative (submitted, recognised,
  returned…, appraisal decisions too). kwargs: initiative_id, from_status, to_status, actor_id.
  Receivers (points, search index, notifications, the public change events) hook here.
"""

from django.dispatch import Signal

status_changed = Signal()
# Sent on commit when a public field of a decided initiative changes without a status change (the
# scope of influence decision). kwargs: initiative_id. Relayed as a public change (apps.py).
recognition_changed = Signal()
