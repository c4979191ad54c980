"""Plain text out of the shared body StreamField, for search and feeds."""

from django.utils.html import strip_tags

from wagtail.rich_text import RichText


def _block_text(value):
    if isinstance(value, RichText):
        return strip_tags(value.source)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "data" in value and isinstance(value["data"], list):  # table block
            return " ".join(" ".join(str(cell or "") for cell in row) for row in value["data"])
        return " ".join(_block_text(item) for item in value.values() if item)
    return ""


def stream_text(stream):
    """The readable text of a StreamField value: headings, paragraphs, quotes, tables."""
    parts = []
    for block in stream or []:
        if block.block_type in {"heading", "paragraph", "quote", "table"}:
            text = _block_text(block.value)
            if text.strip():
                parts.append(" ".join(text.split()))
    return "\n".join(parts)
