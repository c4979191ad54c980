"""`{% fragment %}`: a block of a page rendered once per content generation.

    {% load fragments %}
    {% fragment "library" page.pk shared content %} … {% endfragment %}

The block's HTML is kept in the shared cache under its name, the values after
it, and what every block may read from the request: site, path with query
string and language. It carries the content generation of home.page_cache:
any change of content (every save or delete, see there) makes it stale, so a
block is never older than the content it shows. The rest of the page (header,
forms, messages) is rendered per request.

Who shares a block:
- by default only visitors who are not logged in: they all get the same page,
  so nothing of one visitor can reach another. Members get it rendered for
  themselves (their rights, read marks…);
- `shared`: everyone. The block is then rendered as for an anonymous visitor
  (`user` and `request.user` anonymous), for members too, so it cannot carry
  one member's view to another: declare it only on blocks that show the same
  to everyone (page bodies, listings, breadcrumbs).

Other options:
- `minute`: the block also changes with the clock (upcoming events), so it is
  kept for the current minute only, and so is a cached copy of the whole page
  (home.page_cache.keep_until);
- `content` (or another area of home.page_cache): the block shows only that
  area's data and follows its token alone, so a change elsewhere (a forum
  post, a registration) leaves it kept. Without one, every change retires it.

A bare word after the name is an option: an unknown one is a template error,
never a value of the key. Values are variables with a dot (`page.pk`),
literals or filtered expressions.

A block that renders a CSRF token is never stored: it belongs to one visitor.
Nor is one used in Wagtail's preview, which shows a draft.
FRAGMENT_CACHE_SECONDS bounds how long a block is kept (0 renders every time).
"""

import copy
import datetime
import hashlib
import re

from django import template
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from home.page_cache import AREAS, generation, keep_until

register = template.Library()

FLAGS = {"shared", "anonymous", "minute", *AREAS}  # `anonymous`: the default, said aloud
BARE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _as_anonymous(context, request):
    """The context seen by a shared block: no member, whoever asks."""
    anonymous = AnonymousUser()
    visitor = copy.copy(request)
    visitor.user = anonymous
    return {"user": anonymous, "request": visitor, "perms": None}


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
        if request is None:
            return self.nodelist.render(context)
        shared = "shared" in self.flags
        member = getattr(request, "user", None) is not None and request.user.is_authenticated
        if shared and member:
            with context.push(_as_anonymous(context, request)):
                return self._render(context, request, timeout, now)
        if member:
            return self.nodelist.render(context)
        return self._render(context, request, timeout, now)

    def _render(self, context, request, timeout, now):
        # A preview shows a draft: never served from, nor stored as, the live block.
        if timeout <= 0 or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [
            str(self.name.resolve(context)),
            request.get_host(),
            request.get_full_path(),
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
    flags, vary_on = set(), []
    for bit in bits[2:]:
        if bit in FLAGS:
            flags.add(bit)
        elif BARE_WORD.match(bit):
            raise template.TemplateSyntaxError(
                f"{{% fragment %}}: unknown option {bit!r}; options are "
                f"{', '.join(sorted(FLAGS))} (a value of the key needs a dot: {bit}.pk)"
            )
        else:
            vary_on.append(parser.compile_filter(bit))
    if {"shared", "anonymous"} <= flags:
        raise template.TemplateSyntaxError("{% fragment %}: `shared` or `anonymous`, not both")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), vary_on, flags)
