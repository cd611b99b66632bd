"""The audit row of every write: a thin wrapper over Wagtail's `log()`, so each action's row lands in
Wagtail's own log tables (PageLogEntry for pages, ModelLogEntry for every other model) and shows in
the page's or snippet's History and in the site history report.

An action calls `audit(...)` inside its transaction (the row commits or rolls back with the write):

    audit(page, "nhanrong.initiative.submit", user, data={"from": "draft", "to": "submitted"},
          note="…")

Action names are "nhanrong.<app>.<what>". Each app labels its names in Vietnamese in its own
`register_log_actions` hook with `register_labels`, so the History and report views can show them.
"""

from django.db import models
from wagtail.log_actions import log


def audit(instance, action, user=None, *, data=None, note="", **kwargs):
    """Store one audit row for `instance`: who (`user`), when (now), what (`action`, `data`: the
    previous and new values that matter), why (`note`, stored in data["note"] when given)."""
    data = dict(data or {})
    if note:
        data["note"] = note
    return log(instance, action, user=user, data=data, **kwargs)


def audit_many(instances, action, user=None, *, data_for=None):
    """One audit row per instance (not pages), in one INSERT per 500: for the bulk writes (an import
    writes values for thousands of units). `data_for(instance)` gives each row's data; the label is
    str(instance), so pass instances whose str needs no query."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    now = timezone.now()
    rows = [ModelLogEntry(content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                          label=str(instance)[:1000], action=action, timestamp=now, object_id=str(instance.pk),
                          data=data_for(instance) if data_for else {}, user=user if getattr(user, "pk", None) else None)
            for instance in instances]
    return ModelLogEntry.objects.bulk_create(rows, batch_size=500)


def register_labels(actions, labels):
    """In an app's `register_log_actions` hook: `labels` maps each action name to its (lazy,
    translatable) label, used both as the filter label and the History message."""
    for name, label in labels.items():
        actions.register_action(name, label, label)


def _value(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):  # m2m: a list or a queryset
        return sorted(_value(v) for v in value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def form_changes(form):
    """{field: [old, new]} of what the (validated) form changes on its instance; inline formsets that
    changed are listed as {name: "changed"}."""
    changes = {}
    for name in form.changed_data:
        field = form.fields[name]
        old = form.initial.get(name, field.initial)
        if callable(old):
            old = old()
        changes[name] = [_value(old), _value(form.cleaned_data.get(name))]
    for name, formset in getattr(form, "formsets", {}).items():
        if formset.has_changed():
            changes[name] = "changed"
    return changes


def changes(instance, form=None):
    """What a save of `instance` changes, for the audit row: the form's changes when it is given, else
    {field: [old, new]} of the concrete fields that differ from the stored row (all of them, old None,
    when the instance is new). Call it before saving."""
    if form is not None:
        return form_changes(form)
    stored = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    found = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key:
            continue
        new = _value(getattr(instance, field.attname))
        old = _value(getattr(stored, field.attname)) if stored is not None else None
        if old != new:
            found[field.name] = [old, new]
    return found


def save_instance(instance, form=None):
    """Save through the form when there is one (many-to-many fields and inline formsets too), else
    validate the instance and save it. Returns the saved instance."""
    if form is not None:
        return form.save()
    instance.full_clean()
    instance.save()
    return instance
