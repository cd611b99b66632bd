from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class FigureBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("chỉ tiêu"))
    value = blocks.DecimalBlock(label=_("giá trị"), decimal_places=2)
    unit = blocks.CharBlock(label=_("đơn vị"), required=False, max_length=30)

    class Meta:
        icon = "table"
        template = "initiatives/blocks/figure.html"


# What an attached document is, as the public page lists it (Issue 19: "decisions, plans, reports").
DOCUMENT_KINDS = [
    ("decision", _("Quyết định")),
    ("plan", _("Kế hoạch")),
    ("report", _("Báo cáo")),
    ("guide", _("Hướng dẫn")),
    ("form", _("Biểu mẫu")),
    ("other", _("Tài liệu khác")),
]


class AttachmentValue(blocks.StructValue):
    @property
    def kind_display(self):
        return dict(DOCUMENT_KINDS).get(self.get("kind"), dict(DOCUMENT_KINDS)["other"])


class AttachmentBlock(blocks.StructBlock):
    """A document attached to the initiative with what it is; listed under "Tài liệu đính kèm"."""

    document = DocumentChooserBlock(label=_("tệp tài liệu"))
    kind = blocks.ChoiceBlock(choices=DOCUMENT_KINDS, default="other", label=_("loại tài liệu"))
    note = blocks.CharBlock(required=False, max_length=200, label=_("ghi chú (số, ngày ban hành…)"))

    class Meta:
        icon = "doc-full"
        template = "initiatives/blocks/attachment.html"
        value_class = AttachmentValue


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("tiêu đề"), form_classname="title", icon="title",
                               template="initiatives/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("đoạn văn"), features=["bold", "italic", "link", "ol", "ul"])
    image = ImageBlock(label=_("ảnh"))
    document = DocumentChooserBlock(label=_("tài liệu"), template="initiatives/blocks/document.html")
    attachment = AttachmentBlock(label=_("tài liệu đính kèm (có loại)"))
    quote = blocks.BlockQuoteBlock(label=_("trích dẫn"))
    figure = FigureBlock(label=_("số liệu"))
