"""The audit row of every write: a thin wrapper over Wagtail's `log()`, so each action's row lands in
Wagtail's own log tables (PageLogEntry for pages, ModelLogEntry for every other model) and shows in
the page's or snippet's History and in the site history report.

An action calls `audit(...)` inside its transaction (the row commits or rolls back with the write):

    audit(page, "nhanrong.initiative.submit", user, data={"from": "draft", "to": "submitted"},
          note="…")

Action names are "nhanrong.<app>.<what>". Each app labels its names in Vietnamese in its own
`register_log_actions` hook with `register_labels`, so the History and report views can show them.
"""

from wagtail.log_actions import log


def audit(instance, action, user=None, *, data=None, note="", **kwargs):
    """Store one audit row for `instance`: who (`user`), when (now), what (`action`, `data`: the
    previous and new values that matter), why (`note`, stored in data["note"] when given)."""
    data = dict(data or {})
    if note:
        data["note"] = note
    return log(instance, action, user=user, data=data, **kwargs)


def register_labels(actions, labels):
    """In an app's `register_log_actions` hook: `labels` maps each action name to its (lazy,
    translatable) label, used both as the filter label and the History message."""
    for name, label in labels.items():
        actions.register_action(name, label, label)
