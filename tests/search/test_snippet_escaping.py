"""Issue 17: search titles and snippets are escaped exactly once, on every backend.

Rich text and forum posts store `<`, `>`, `&` and `"` as entities; before the fix
the snippet was cut from the text with its entities still in it and escaped again,
so a visitor read «&amp;lt;» and «&amp;quot;» on the results page."""

import pytest

pytestmark = pytest.mark.django_db

TRICKY = 'если возраст < 18 & > 7, «мама» "папа" <b>жирный</b>'


def result_html(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="search-result ')
    return html[start:]


def assert_escaped_once(html):
    assert "&amp;lt;" not in html and "&amp;gt;" not in html
    assert "&amp;amp;" not in html and "&amp;quot;" not in html and "&amp;#x27;" not in html
    assert "<b>жирный</b>" not in html  # content never becomes markup


def test_a_page_title_and_rich_text_body_are_escaped_once(client, backend, publish, home_page):
    from django.utils.html import escape

    # The editor stores the paragraph the way Wagtail's rich text editor does.
    publish(home_page, 'Школа «Доброе <дело> & "помощь"»', body=escape(TRICKY))
    html = result_html(client, "школа возраст")
    assert_escaped_once(html)
    assert "&lt;дело&gt; &amp; " in html
    assert "&lt; 18 &amp; &gt; 7" in html
    assert "&lt;b&gt;жирный&lt;/b&gt;" in html


def test_a_forum_post_is_quoted_escaped_once(client, backend, forums, forum_post):
    forum_post(forums["public"], 'Тема про <возраст> & "правила"', TRICKY)
    html = result_html(client, "возраст")
    assert_escaped_once(html)
    assert "Тема про &lt;" in html
    assert "&lt; 18 &amp; &gt; 7" in html
    assert "&lt;b&gt;жирный&lt;/b&gt;" in html
