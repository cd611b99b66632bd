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


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("tiêu đề"), form_classname="title", icon="title",
                               template="initiatives/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("đoạn văn"), features=["bold", "italic", "link", "ol", "ul"])
    image = ImageBlock(label=_("ảnh"))
    document = DocumentChooserBlock(label=_("tài liệu"), template="initiatives/blocks/document.html")
    quote = blocks.BlockQuoteBlock(label=_("trích dẫn"))
    figure = FigureBlock(label=_("số liệu"))
