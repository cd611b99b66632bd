"""The person chooser of the award forms: searched by name with or without diacritics, the workplace
shown beside it (two people of the same name are told apart)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from units.text import fold


def search_persons(persons, text):
    """Every folded word of `text` in the folded name. Names are short: folded in Python."""
    wanted = fold(text).split()
    if not wanted:
        return persons
    keep = [pk for pk, name in persons.values_list("pk", "full_name") if all(w in fold(name) for w in wanted)]
    return persons.filter(pk__in=keep)


class PersonFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Tìm theo họ và tên (có dấu hay không dấu)"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: tran minh an")}))

    def filter(self, objects):
        objects = super().filter(objects)
        text = self.cleaned_data.get("q")
        if text:
            objects = search_persons(objects, text)
            self.is_searching = True
            self.search_query = text
        return objects


class PersonChooseMixin:
    filter_form_class = PersonFilterForm
    per_page = 20
    page_title = _("Chọn cá nhân")

    @property
    def page_subtitle(self):
        return ""

    def get_object_list(self):
        from .models import Person

        return Person.objects.select_related("workplace_unit").order_by("full_name", "pk")

    def apply_object_list_ordering(self, objects):
        return objects

    @property
    def columns(self):
        title = self.title_column
        title.label = _("Họ và tên")
        return [title, Column("position", label=_("Chức vụ"), accessor=lambda p: p.position or "—"),
                Column("workplace", label=_("Nơi công tác"), accessor=lambda p: p.workplace or "—")]


class PersonChooseView(PersonChooseMixin, ChooseView):
    pass


class PersonChooseResultsView(PersonChooseMixin, ChooseResultsView):
    pass


class PersonChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    choose_one_text = _("Chọn cá nhân")
    choose_another_text = _("Chọn cá nhân khác")
    edit_item_text = _("Sửa")
