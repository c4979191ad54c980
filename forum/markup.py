"""Rendering of forum posts: Markdown, then an allowlist sanitiser.

machina stores the rendered HTML of every post next to its source at save time
(`MACHINA_MARKUP_LANGUAGE` names this function). markdown2's `safe_mode` has been
bypassed repeatedly, so we do not rely on it: whatever markdown2 produces goes
through nh3 (ammonia), which keeps only the tags, attributes and URL schemes
listed here.
"""

from django import forms
from django.utils.encoding import smart_str

import markdown2
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align"},
    "abbr": {"title"},
}
# No javascript:, data:, vbscript: or other schemes: only the web and mail.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

MARKDOWN_EXTRAS = {
    "break-on-newline": True,
    "fenced-code-blocks": None,
    "tables": None,
    "strike": None,
}


def sanitise(html):
    """Keep only the allowlisted HTML; links get rel="nofollow noopener"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def render(text, **kwargs):
    """Markdown source of a post → safe HTML (the MACHINA_MARKUP_LANGUAGE function)."""
    # "escape" turns raw HTML in the source into text, the sanitiser then
    # removes whatever Markdown itself could be tricked into producing.
    html = markdown2.markdown(text or "", safe_mode="escape", extras=MARKDOWN_EXTRAS)
    return smart_str(sanitise(html).strip())


class MarkdownTextarea(forms.Textarea):
    """A plain textarea for Markdown: no editor script, so the forum's CSP stays strict."""

    def __init__(self, attrs=None):
        defaults = {"rows": 12, "cols": 80, "class": "markdown-input"}
        defaults.update(attrs or {})
        super().__init__(defaults)
