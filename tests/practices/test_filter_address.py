"""The practices filter: the address people share carries only what was chosen,
and the lists offer no choice that would show nothing."""

from tests.practices.conftest import make_practice


def test_the_filter_forms_empty_fields_are_dropped_from_the_address(client, library, regions):
    make_practice(regions["karelia"], "Тёплый дом", targets=["starshee-pokolenie"])
    response = client.get("/practices/?region=karelia&target=&org_type=&topic=&sort=new")
    assert response.status_code == 302
    assert response["Location"] == "/practices/?region=karelia"
    assert client.get("/practices/?region=&sort=new")["Location"] == "/practices/"
    # A clean address is served as it is.
    page = client.get("/practices/?region=karelia")
    assert page.status_code == 200
    assert "Тёплый дом" in page.content.decode()


def test_choices_that_would_find_nothing_are_not_offered(client, library, regions):
    make_practice(regions["karelia"], "Тёплый дом", targets=["starshee-pokolenie"])
    page = client.get("/practices/").content.decode()
    select = page[
        page.index('id="facet-region"') : page.index("</select>", page.index('id="facet-region"'))
    ]
    assert 'value="karelia"' in select
    assert 'value="crimea"' not in select
    assert "(0)" not in select
