"""The one body StreamField block set shared by every page type of the portal."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Цитата"))
    author = blocks.CharBlock(label=_("Автор"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Цитата")
        template = "blocks/quote_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Документ"))
    title = blocks.CharBlock(
        label=_("Подпись"), required=False, help_text=_("Если пусто — название документа")
    )

    class Meta:
        icon = "doc-full"
        label = _("Ссылка на документ")
        template = "blocks/document_link_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Подзаголовок"), form_classname="title", template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Текст"),
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4", "document-link"],
    )
    image = ImageBlock(label=_("Изображение"), template="blocks/image_block.html")
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Видео"), help_text=_("Ссылка на видео (VK Видео, Rutube)"))
    document = DocumentLinkBlock()
    table = TableBlock(label=_("Таблица"), template="blocks/table_block.html")

    class Meta:
        label = _("Содержание")
