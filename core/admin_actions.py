"""Admin create, edit and delete views (Wagtail ModelViewSet and SnippetViewSet) that save through a
named action instead of the form's own save, so the admin follows the same rules as every other path
(permission, atomic write, audit row, events on commit).

    class CriterionViewSet(ModelViewSet):
        add_view_class, edit_view_class, delete_view_class = action_views(
            save=actions.save_criterion, delete=actions.delete_criterion)

`save(user, instance, form=form)` receives the instance and the bound, validated form (the instance
holds the new values; the row in the database still holds the old ones) and returns the saved instance; `delete(user, instance)`
deletes. A ValidationError they raise is shown on the form (nothing is saved: the view's transaction
rolls back), a PermissionDenied is a 403. `on_refused(request, error)`, when given, is called with
that ValidationError too (e.g. to offer the way forward: a new version of a rubric in use).

The actions compute "what changed" for their audit row with core.audit.changes.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def _show_errors(form, error):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def action_views(save=None, delete=None, *, create_base=None, edit_base=None, delete_base=None, on_refused=None):
    """(CreateView, EditView, DeleteView) classes whose save / delete path calls the named action.
    The bases default to Wagtail's generic model views; pass the snippet views for a SnippetViewSet."""
    from wagtail.admin.views import generic

    create_base = create_base or generic.CreateView
    edit_base = edit_base or generic.EditView
    delete_base = delete_base or generic.DeleteView

    class SaveThroughAction:
        def save_instance(self):
            self.new_revision = None  # the snippet views read it; these models keep no revisions
            return save(self.request.user, self.form.instance, form=self.form)

        def form_valid(self, form):
            try:
                return super().form_valid(form)
            except ValidationError as error:
                _show_errors(form, error)
                if on_refused:
                    on_refused(self.request, error)
                self.produced_error_code = "invalid"
                self.produced_error_message = " ".join(error.messages)
                return self.form_invalid(form)

    class ActionCreateView(SaveThroughAction, create_base):
        pass

    class ActionEditView(SaveThroughAction, edit_base):
        pass

    class ActionDeleteView(delete_base):
        # The snippets' bulk delete calls it too (core/wagtail_hooks.py: bulk_delete_through_actions).
        delete_through = staticmethod(delete) if delete else None

        def delete_action(self):
            delete(self.request.user, self.object)

        def form_valid(self, form):
            try:
                return super().form_valid(form)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(self.request, message)
                if on_refused:
                    on_refused(self.request, error)
                return redirect(self.get_success_url())

    return (ActionCreateView if save else create_base, ActionEditView if save else edit_base,
            ActionDeleteView if delete else delete_base)


def bulk_delete(request, instances):
    """The snippets' bulk delete ("Xoá" on several rows of a list) of a model whose delete view calls
    an action (its `delete_through`): each instance is deleted through that action, all or nothing
    (one refused: none deleted, the reason shown). Returns the response, or None to let Wagtail go on
    (a GET: its confirmation page; a model without a delete action)."""
    from django.db import transaction
    from django.utils.translation import ngettext

    if request.method != "POST" or not instances:
        return None
    viewset = getattr(type(instances[0]), "snippet_viewset", None)
    delete = getattr(getattr(viewset, "delete_view_class", None), "delete_through", None)
    if delete is None:
        return None
    try:
        with transaction.atomic():
            for instance in instances:
                delete(request.user, instance)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, ngettext("Đã xoá %(count)d mục.", "Đã xoá %(count)d mục.", len(instances))
                         % {"count": len(instances)})
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or viewset.get_url_name("list"))
