from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Phong trào thi đua")

    def ready(self):
        from . import receivers

        receivers.connect()
        # A campaign target's metric is chosen by name in the metric chooser (its code is stored).
        from wagtail.admin.panels import FieldPanel

        from rollout.choosers import MetricCodeChooser

        from .models.pages import CampaignTarget

        CampaignTarget.panels = [FieldPanel(
            "metric_code", widget=MetricCodeChooser(), heading=_("Chỉ tiêu"),
            help_text=_("Chọn chỉ tiêu theo tên trong danh mục; mã của chỉ tiêu được ghi kèm.")), FieldPanel("target_value")]
