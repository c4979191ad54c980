"""A forum added by staff shows to anonymous visitors as soon as its rights are
granted, with the page cache and the memoised forum rights on (issue 18).

`forum.setup.apply_permissions()` grants the rights (saving a forum's settings and
`manage.py seed_demo` call it), in bulk: writes that send no signal."""

import pytest
from machina.apps.forum.models import Forum

from forum.setup import THEMES_CATEGORY
from forum_extras.models import ForumSettings


@pytest.mark.django_db
def test_new_forum_shows_once_its_rights_are_granted(client, home_page, forums, forum_regions):
    themes = Forum.objects.get(name=THEMES_CATEGORY)
    forum = Forum.objects.create(
        name="Серебряное добровольчество", parent=themes, type=Forum.FORUM_POST
    )
    before = client.get("/forum/")
    assert before.status_code == 200
    assert "Серебряное добровольчество" not in before.content.decode()
    assert client.get("/forum/")["X-Page-Cache"] == "hit"

    # Saving its settings grants its rights (forum.receivers), in bulk.
    ForumSettings.objects.create(
        forum=forum, kind=ForumSettings.Kind.THEMATIC, region=forum_regions["interregional"]
    )

    index = client.get("/forum/")
    assert index.status_code == 200
    assert "Серебряное добровольчество" in index.content.decode()
    page = client.get(f"/forum/forum/{forum.slug}-{forum.pk}/")
    assert page.status_code == 200
    assert "Серебряное добровольчество" in page.content.decode()
