from django.contrib import messages
from django.core.exceptions import ValidationError


def run_action(request, action, *args, success=None, **kwargs):
    """Calls an action; a ValidationError becomes error messages (PermissionDenied propagates: 403).
    Returns (ok, result)."""
    try:
        result = action(*args, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
