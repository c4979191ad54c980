"""Posts are Markdown rendered by markdown2 and then sanitised by nh3; forum
pages carry a Content-Security-Policy without inline scripts."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from machina.apps.forum_conversation.models import Post

from forum.markup import render

from .conftest import make_topic, post_data, topic_url

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(\'xss\')">',
    "<IMG SRC=javascript:alert('XSS')>",
    '<img src="jav&#x09;ascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">клик</a>',
    '<a href="JaVaScRiPt:alert(1)">клик</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "[клик](javascript:alert(1))",
    "[клик](JAVASCRIPT:alert(1))",
    "[клик](javascript&#58;alert(1))",
    "[клик]( javascript:alert(1) )",
    "[клик](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![картинка](javascript:alert(1))",
    "![картинка](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x" onerror="alert(1)](https://example.org/a.png)',
    '[x](https://example.org/" onmouseover="alert(1))',
    "[a](<javascript:alert(1)>)",
    '<http://example.org/" onmouseover="alert(1)>',
    "[ref]: javascript:alert(1)\n\n[клик][ref]",
    "`<script>alert(1)</script>`\n\n<script>alert(2)</script>",
    "```\n</code><script>alert(1)</script>\n```",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    '<a href="#" onclick="alert(1)">ссылка</a>',
    "<p onmouseover=alert(1)>наведи</p>",
    '<img src="https://example.org/a.png" onload="alert(1)">',
    '<a href="java\nscript:alert(1)">перенос</a>',
]

EVENT_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "link",
              "meta", "base", "form", "input", "button", "marquee", "details", "noscript"}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class PageAudit(HTMLParser):
    """Collects every dangerous construct a browser would act on."""

    def __init__(self, inside_class="post-content"):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.inside_class = inside_class
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self.depth or self.inside_class in classes.split():
            self.depth += 1
        if not self.depth:
            return
        if tag in EVENT_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"{tag} {name}={value}")
            if name in {"href", "src", "action", "data"} and value:
                squeezed = "".join(ch for ch in unquote(value) if ch > " ").lower()
                if squeezed.startswith(BAD_SCHEMES):
                    self.problems.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


# The one script every page loads: our own file, from our own origin, no inline code.
OWN_SCRIPTS = ['<script src="/static/js/portal.js" defer></script>']


def scripts_of(html):
    """Every script element of a page, as written (with its content)."""
    return re.findall(r"<script\b.*?</script\s*>", html.lower(), flags=re.S)


def audit(html):
    parser = PageAudit()
    parser.feed(html)
    return parser.problems


def test_the_corpus_holds_at_least_forty_payloads():
    assert len(set(XSS_PAYLOADS)) >= 40


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_renderer_output_contains_no_active_content(payload):
    html = render(payload)
    parser = PageAudit(inside_class="wrapper")
    parser.feed(f'<div class="wrapper">{html}</div>')
    assert parser.problems == []
    assert "<script" not in html.lower()


def test_no_xss_payload_posted_through_the_forum_survives_in_the_topic_page(client, roles, forums):
    member = roles["member"]
    topic = make_topic(forums["karelia"], member, subject="Проверка безопасности")
    client.force_login(member)
    for payload in XSS_PAYLOADS:
        response = client.post(topic_url(topic, "post/create/"), post_data(payload))
        assert response.status_code == 302, response.context["post_form"].errors
    assert Post.objects.filter(topic=topic).count() == len(XSS_PAYLOADS) + 1

    client.logout()
    pages, page = [], 1
    while True:
        response = client.get(topic_url(topic), {"page": page})
        assert response.status_code == 200
        pages.append(response.content.decode())
        if not response.context["page_obj"].has_next():
            break
        page += 1
    html = "\n".join(pages)
    assert html.count('class="post-content"') == len(XSS_PAYLOADS) + 1
    assert audit(html) == []
    assert scripts_of(html) == OWN_SCRIPTS * len(pages)


def test_text_that_merely_looks_dangerous_is_shown_as_text(client, roles, forums):
    member = roles["member"]
    topic = make_topic(forums["karelia"], member, subject="Экранирование")
    client.force_login(member)
    client.post(
        topic_url(topic, "post/create/"),
        post_data("Пример тега: <script>alert(1)</script> — не работает"),
    )
    html = client.get(topic_url(topic)).content.decode()
    assert "Пример тега: &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_formatting_and_safe_links_survive_sanitising():
    html = render("**жирный** и [сайт](https://example.org)\n\n> цитата")
    assert "<strong>жирный</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
    assert "<blockquote>" in html


def test_forum_pages_send_a_csp_without_inline_scripts_and_contain_none(client, roles, forums):
    topic = make_topic(forums["karelia"], roles["member"], subject="CSP")
    for url in ["/forum/", topic_url(topic), "/accounts/login/", "/accounts/signup/"]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "object-src 'none'" in policy
        html = response.content.decode().lower()
        assert scripts_of(html) == OWN_SCRIPTS  # no inline script, only our own file
        assert " style=" not in html  # inline styles are refused by the policy too


def test_pages_outside_the_forum_send_the_same_strict_policy(client, home_page):
    """Issue 17: the forum's policy is the whole site's now (tests/privacy/test_csp.py)."""
    forum_policy = client.get("/forum/")["Content-Security-Policy"]
    assert client.get("/")["Content-Security-Policy"] == forum_policy
