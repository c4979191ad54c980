"""{% fragment %} keeps per-visitor output out of shared blocks by construction
(issue 18): private (anonymous visitors only) unless declared `shared`, a shared
block rendered as for an anonymous visitor, an unknown option an error, and
the request's path and query always in the key."""

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

import pytest

from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def render(source, user, path="/", **values):
    request = RequestFactory().get(path)
    request.user = user
    template = Template("{% load fragments %}" + source)
    return template.render(Context({"request": request, "user": user, **values}))


BLOCK = '{% fragment "who" OPTIONS %}{{ user.username|default:"guest" }}-{{ n }}{% endfragment %}'


def test_an_unknown_option_is_a_template_error_not_a_value():
    with pytest.raises(TemplateSyntaxError, match="unknown option 'anonymus'"):
        Template('{% load fragments %}{% fragment "x" anonymus %}x{% endfragment %}')
    with pytest.raises(TemplateSyntaxError):
        Template('{% load fragments %}{% fragment "x" page %}x{% endfragment %}')
    Template('{% load fragments %}{% fragment "x" page.pk shared content %}x{% endfragment %}')


def test_a_block_is_private_unless_declared_shared():
    member, other = make_user("olga"), make_user("boris")  # (a new user retires blocks)
    block = BLOCK.replace("OPTIONS", "")
    assert render(block, AnonymousUser(), n=1) == "guest-1"
    # Kept for anonymous visitors: the same block again, whatever changed since.
    assert render(block, AnonymousUser(), n=2) == "guest-1"
    # A member never gets the anonymous copy, nor stores theirs for others.
    assert render(block, member, n=3) == "olga-3"
    assert render(block, other, n=4) == "boris-4"
    assert render(block, AnonymousUser(), n=5) == "guest-1"


def test_a_shared_block_is_rendered_as_for_an_anonymous_visitor():
    member, other = make_user("olga"), make_user("boris")
    block = BLOCK.replace("OPTIONS", "shared")
    assert render(block, member, n=1) == "guest-1"
    assert render(block, AnonymousUser(), n=2) == "guest-1"
    assert render(block, other, n=3) == "guest-1"


def test_the_query_string_is_part_of_every_key():
    block = '{% fragment "list" shared %}{{ request.GET.page }}{% endfragment %}'
    assert render(block, AnonymousUser(), path="/practices/?page=2") == "2"
    assert render(block, AnonymousUser(), path="/practices/?page=3") == "3"
    assert render(block, AnonymousUser(), path="/practices/?page=2") == "2"
