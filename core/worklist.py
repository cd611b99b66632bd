"""The "Việc cần làm" panels of the admin dashboard: each app adds the lists of its role through
Wagtail's construct_homepage_panels hook, all drawn by one component (rows of text, a link, a status
and a note; "—" for what is empty)."""

from dataclasses import dataclass, field

from wagtail.admin.ui.components import Component


@dataclass
class Row:
    text: str
    url: str = ""
    status: str = ""
    note: str = ""
    urgent: bool = False


@dataclass
class WorkList(Component):
    name: str
    heading: str
    rows: list = field(default_factory=list)
    empty: str = ""
    more_url: str = ""
    more_label: str = ""
    columns: tuple = ()
    order: int = 40

    template_name = "core/worklist_panel.html"

    def get_context_data(self, parent_context):
        return {"panel": self}
