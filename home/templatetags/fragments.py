"""`{% fragment %}`: a block of a page rendered once per content generation.

    {% load fragments %}
    {% fragment "library" request.get_full_path anonymous %} … {% endfragment %}

The block's HTML is kept in the shared cache under its name, the values after
it (the query string, a region…), the site and the language, together with
the content generation of home.page_cache: any change of content (the same
signals that empty the page cache) makes every fragment stale, so a block is
never older than the content it shows. Unlike the page cache it serves every
visitor, members included, and leaves the rest of the page (header, forms,
messages) rendered per request.

Options after the values:
- `anonymous`: only visitors who are not logged in share the block (members
  see their own rights or read marks in it);
- `minute`: the block also changes with the clock (upcoming events), so it is
  kept for the current minute only, and so is a cached copy of the whole page
  (home.page_cache.keep_until);
- `content` (or another area of home.page_cache): the block shows only that
  area's data and follows its token alone, so a change elsewhere (a forum
  post, a registration) leaves it kept. Without one, every change retires it.

A block that renders a CSRF token is never stored: it belongs to one visitor.
Nor is one used in Wagtail's preview, which shows a draft.
FRAGMENT_CACHE_SECONDS bounds how long a block is kept (0 renders every time,
as the test settings do except in the tests of speed).
"""

import datetime
import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from home.page_cache import AREAS, generation, keep_until

register = template.Library()

FLAGS = {"anonymous", "minute", *AREAS}


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, flags):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.flags = flags
        self.areas = sorted(flags & set(AREAS))  # the content tokens the block follows

    def render(self, context):
        timeout = settings.FRAGMENT_CACHE_SECONDS
        request = context.get("request")
        now = timezone.now()
        if "minute" in self.flags:
            next_minute = now.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
            keep_until(request, next_minute)
        # A preview shows a draft: never served from, nor stored as, the live block.
        if timeout <= 0 or request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        if "anonymous" in self.flags and request.user.is_authenticated:
            return self.nodelist.render(context)
        parts = [
            str(self.name.resolve(context)),
            request.get_host(),
            translation.get_language() or "",
            *(str(value.resolve(context)) for value in self.vary_on),
        ]
        if "minute" in self.flags:
            parts.append(now.strftime("%Y%m%d%H%M"))
        digest = hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
        key = f"fragment:{parts[0]}:{digest}"
        cache = caches["shared"]
        areas = self.areas
        current = "/".join(generation(area) for area in areas) if areas else generation()
        stored = cache.get(key)
        if stored is not None and stored[0] == current:
            return mark_safe(stored[1])  # noqa: S308 - our own rendered template
        html = self.nodelist.render(context)
        if "csrfmiddlewaretoken" not in html:
            cache.set(key, (current, str(html)), 60 if "minute" in self.flags else timeout)
        return html


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    flags = {bit for bit in bits[2:] if bit in FLAGS}
    vary_on = [parser.compile_filter(bit) for bit in bits[2:] if bit not in FLAGS]
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), vary_on, flags)
