"""The search contract, written once and run against every backend.

Each test runs with the `database` backend (SQLite FTS5 or PostgreSQL, whichever
the test database is) and with `elasticsearch` (a real node; skipped on a laptop
without ELASTICSEARCH_URL, a failure in CI). Content is created and changed the
way editors and forum members do it, with commit hooks running, so every test
also checks that the index follows the content.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from wagtail.models import PageViewRestriction

import pytest

from search import api
from tests.conftest import make_user

ANON = AnonymousUser()


def titles(results):
    return [str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in results.hits]


def found(query, user=ANON, **kwargs):
    return titles(api.search(query, user, **kwargs))


# Russian ---------------------------------------------------------------------


def test_word_forms_find_each_other(backend, doc_page):
    doc_page("Как найти волонтера для дома престарелых", kind="practice")
    doc_page("Занятия с детьми", body="Досуг для пожилых людей и их внуков", kind="material")
    doc_page("Стажировка в Санкт-Петербурге", kind="event")
    doc_page("Ремонт крыши", body="Ничего общего с запросами", kind="page")

    assert found("волонтёров") == ["Как найти волонтера для дома престарелых"]
    assert found("пожилыми") == ["Занятия с детьми"]
    assert found("стажировки") == ["Стажировка в Санкт-Петербурге"]
    assert found("пожилыми людьми") == ["Занятия с детьми"]


def test_irregular_forms_find_each_other_through_their_lemma(backend, doc_page):
    doc_page("Прогулки с пожилыми людьми", kind="practice")
    doc_page("Как говорить с детьми о болезни", kind="material")
    doc_page("Ремонт крыши", body="Ничего общего с запросами", kind="page")

    # A stemmer cuts «людьми»/«людей» and «детьми»/«детей» differently: lemmas do not.
    for query in ("людей", "люди", "человек", "людям"):
        assert found(query) == ["Прогулки с пожилыми людьми"], query
    for query in ("детей", "ребёнок", "дети", "ребенку"):
        assert found(query) == ["Как говорить с детьми о болезни"], query
    assert found("пожилым людям") == found("пожилыми людьми") == ["Прогулки с пожилыми людьми"]


def test_yo_and_ye_are_the_same_letter(backend, doc_page):
    doc_page("Ёлка для воспитанников", summary="Зелёный праздник")
    doc_page("Елки-палки", summary="Зеленый чай для волонтеров")

    assert sorted(found("елка")) == ["Ёлка для воспитанников", "Елки-палки"]
    assert sorted(found("зелёный")) == ["Ёлка для воспитанников", "Елки-палки"]


def test_stop_words_are_ignored(backend, doc_page):
    doc_page("Наставничество", summary="Наставник и подопечный")

    assert found("и наставничество в") == ["Наставничество"]


def test_title_and_summary_matches_rank_above_body_matches(backend, doc_page):
    doc_page(
        "Отчёт за квартал",
        body="Наставничество, наставничество и ещё раз наставничество в отчёте о работе",
    )
    doc_page("Сборник статей", summary="Наставничество для подростков из детских домов")
    doc_page("Наставничество: с чего начать", body="Первые шаги программы")

    assert found("наставничество") == [
        "Наставничество: с чего начать",
        "Сборник статей",
        "Отчёт за квартал",
    ]


def test_all_words_first_then_any_word(backend, doc_page):
    doc_page("Договор с волонтёром", summary="Типовой договор о добровольческой деятельности")
    doc_page("Договор аренды", summary="Помещение для занятий")

    # One document holds all the words: it comes first, then those with most of them.
    results = api.search("типовой договор волонтёр", ANON)
    assert titles(results) == ["Договор с волонтёром", "Договор аренды"]
    assert results.partial
    assert [hit.missing for hit in results.hits] == [[], ["типовой", "волонтёр"]]
    assert sorted(found("договор чемодан")) == ["Договор аренды", "Договор с волонтёром"]


def test_a_section_page_comes_after_the_event_it_links_to(
    backend, doc_page, regions, django_capture_on_commit_callbacks
):
    hub = regions["spb"].hub
    with django_capture_on_commit_callbacks(execute=True):
        hub.search_description = "Стажировки и вебинары"
        hub.save_revision().publish()
    # Both mention the word once in their summary; the hub's is even shorter.
    doc_page("Три дня в доме-интернате", summary="Трёхдневная стажировка на базе организации")

    assert found("стажировки") == ["Три дня в доме-интернате", hub.title]


def test_recency_only_breaks_ties(backend, doc_page):
    doc_page("Памятка наставнику", date=datetime.date(2020, 1, 1))
    doc_page("Памятка наставнику", date=datetime.date(2025, 1, 1))
    doc_page("Наставнику о выгорании", date=datetime.date(2026, 1, 1), body="памятка внутри")

    results = api.search("памятка наставнику", ANON)
    assert [hit.date.year for hit in results.hits] == [2025, 2020, 2026]


# Synonyms ----------------------------------------------------------------------


def test_the_fields_synonyms_find_each_other_in_every_form(backend, doc_page):
    doc_page("Школа добровольцев", kind="practice")
    doc_page("Клуб для людей старшего поколения", kind="practice")
    doc_page("Комплексный центр социального обслуживания Ялты", kind="page")
    doc_page("Ремонт крыши", body="Ничего общего с запросами", kind="page")

    assert found("волонтёрам") == ["Школа добровольцев"]
    assert found("пенсионеров") == ["Клуб для людей старшего поколения"]
    assert found("пожилые") == ["Клуб для людей старшего поколения"]
    assert found("КЦСОН") == ["Комплексный центр социального обслуживания Ялты"]
    results = api.search("волонтёров", ANON)
    assert "<mark>добровольцев</mark>" in str(results.hits[0].title)


def test_a_synonym_group_added_by_an_editor_in_the_admin_counts_at_once(
    backend, doc_page, programme_editor, client
):
    doc_page("Сопровождение при выписке из стационара", kind="practice")
    assert found("больница") == []

    client.force_login(programme_editor)
    url = "/admin/snippets/site_search/synonymgroup/add/"
    response = client.post(url, {"terms": "стационар\nбольница", "comment": "из практики"})
    assert response.status_code == 302

    assert found("больницы") == ["Сопровождение при выписке из стационара"]


def test_a_synonym_group_needs_two_terms_and_a_regional_editor_may_not_add_one(
    backend, programme_editor, people, client
):
    from search.models import SynonymGroup

    before = SynonymGroup.objects.count()
    client.force_login(programme_editor)
    url = "/admin/snippets/site_search/synonymgroup/add/"
    response = client.post(url, {"terms": "стационар", "comment": ""})
    assert response.status_code == 200
    assert "Нужно хотя бы два слова или выражения" in response.content.decode()

    client.force_login(people["karelia"]["editor"])
    response = client.post(url, {"terms": "стационар\nбольница", "comment": ""})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert SynonymGroup.objects.count() == before


# Facets, highlighting, pagination, sorting ---------------------------------


def test_facets_count_kinds_regions_and_target_groups(backend, doc_page, regions):
    karelia, crimea = regions["karelia"], regions["crimea"]
    doc_page(
        "Серебряные волонтёры", kind="practice", region=karelia, target_groups=["пожилые люди"]
    )
    doc_page(
        "Волонтёры в детском доме",
        kind="practice",
        region=crimea,
        target_groups=["дети", "подростки"],
    )
    doc_page("Памятка волонтёру", kind="material", region=karelia, target_groups=["дети"])
    doc_page("Слёт волонтёров", kind="event")

    results = api.search("волонтёры", ANON)
    counts = {name: {f.value: f.count for f in values} for name, values in results.facets.items()}
    assert counts["kind"] == {"practice": 2, "material": 1, "event": 1}
    assert counts["region"] == {"karelia": 2, "crimea": 1}
    assert counts["target_group"] == {"дети": 2, "подростки": 1, "пожилые люди": 1}
    labels = {f.value: f.label for f in results.facets["kind"]}
    assert labels == {"practice": "практика", "material": "материал", "event": "событие"}
    assert {f.label for f in results.facets["region"]} == {"Республика Карелия", "Республика Крым"}

    narrowed = api.search("волонтёры", ANON, filters={"kind": "practice", "region": "karelia"})
    assert titles(narrowed) == ["Серебряные волонтёры"]
    assert [f.selected for f in narrowed.facets["kind"]] == [True]
    by_group = api.search("волонтёры", ANON, filters={"target_group": "дети"})
    assert sorted(titles(by_group)) == ["Волонтёры в детском доме", "Памятка волонтёру"]
    assert titles(api.search("волонтёры", ANON, filters={"kind": "нечто"})) != []


def test_hits_carry_kind_region_date_url_and_highlighted_snippet(backend, doc_page, regions):
    page = doc_page(
        "Школа волонтёров",
        summary="Как обучить добровольцев (возраст < 18 & старше)",
        body="Длинный рассказ о том, как серебряные волонтёры учат новичков",
        kind="practice",
        region=regions["kaliningrad"],
        date=datetime.date(2025, 3, 14),
    )

    [hit] = api.search("волонтеры", ANON).hits
    assert hit.kind == "practice" and hit.kind_label == "практика"
    assert hit.region_slug == "kaliningrad" and hit.region_name == "Калининградская область"
    assert hit.date.date() == datetime.date(2025, 3, 14)
    assert hit.url == page.url
    assert "<mark>волонтёров</mark>" in str(hit.title)
    # The summary wins the snippet: «добровольцев» is a synonym of «волонтёры».
    assert "<mark>добровольцев</mark>" in str(hit.snippet)
    [body_hit] = api.search("серебряные новичков", ANON).hits
    assert "<mark>серебряные</mark> волонтёры учат <mark>новичков</mark>" in str(body_hit.snippet)

    [summary_hit] = api.search("добровольцы", ANON).hits
    assert "<mark>добровольцев</mark>" in str(summary_hit.snippet)
    assert "возраст &lt; 18 &amp; старше" in str(summary_hit.snippet)


def test_results_are_paginated_without_overlap(backend, doc_page):
    for number in range(23):
        doc_page(f"Практика наставничества № {number}", kind="practice")

    pages = [api.search("наставничество", ANON, page=number) for number in (1, 2, 3)]
    assert [len(results.hits) for results in pages] == [10, 10, 3]
    assert {results.total for results in pages} == {23}
    assert pages[0].num_pages == 3 and pages[0].has_next and not pages[2].has_next
    keys = [hit.key for results in pages for hit in results.hits]
    assert len(set(keys)) == 23
    assert api.search("наставничество", ANON, page="abc").page == 1


def test_sort_by_date_puts_newest_first(backend, doc_page):
    doc_page("Волонтёры: старый отчёт", date=datetime.date(2020, 1, 1))
    doc_page("Волонтёры: новый отчёт", date=datetime.date(2025, 6, 1))
    doc_page("Волонтёры", date=datetime.date(2023, 1, 1))

    assert found("волонтёры", sort="date") == [
        "Волонтёры: новый отчёт",
        "Волонтёры",
        "Волонтёры: старый отчёт",
    ]
    assert found("волонтёры")[0] == "Волонтёры"


def test_pages_without_search_document_are_found_by_title_summary_and_body(
    backend, publish, regions
):
    publish(
        regions["spb"].hub,
        "Контакты координатора",
        summary="Куда писать по вопросам стажировок",
        body="Телефон горячей линии для добровольцев",
    )

    [hit] = api.search("добровольцу", ANON).hits
    assert hit.kind == "page" and hit.kind_label == "страница"
    assert hit.region_slug == "spb"
    assert titles(api.search("стажировка", ANON)) == ["Контакты координатора"]


# Visibility ------------------------------------------------------------------


def test_drafts_and_private_pages_are_never_found(backend, publish, home_page):
    publish(home_page, "Черновик о волонтёрах", live=False)
    private = publish(home_page, "Закрытый раздел о волонтёрах")
    with transaction.atomic():
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    # The restriction above was saved without commit hooks: rebuild must honour it too.
    api.rebuild()
    publish(private, "Вложенная страница о волонтёрах")
    publish(home_page, "Открытая страница о волонтёрах")

    assert found("волонтёры") == ["Открытая страница о волонтёрах"]


def test_posts_are_found_only_by_people_who_may_read_their_forum(backend, forums, forum_post):
    forum_post(forums["public"], "Как удержать волонтёров", "Делимся опытом удержания")
    forum_post(forums["private"], "Жалоба на волонтёра", "Разбор конфликта")
    forum_post(forums["public"], "Волонтёр не пришёл", "Ждём одобрения", approved=False)
    member = make_user("member")
    moderator = make_user("moderator-forum", forums["moderators"])
    admin = make_user("root", is_superuser=True)

    assert found("волонтёр") == ["Как удержать волонтёров"]
    assert found("волонтёр", member) == ["Как удержать волонтёров"]
    assert sorted(found("волонтёр", moderator)) == [
        "Жалоба на волонтёра",
        "Как удержать волонтёров",
    ]
    assert len(found("волонтёр", admin)) == 2
    [hit] = api.search("удержать", ANON).hits
    assert hit.kind == "topic" and hit.kind_label == "обсуждение"
    assert hit.url.startswith("/forum/") and f"#{hit.key.split(':')[1]}" in hit.url


def test_a_topic_is_one_result_quoting_its_best_post(backend, forums, forum_post):
    first = forum_post(forums["public"], "Как отдыхать координатору", "Как вы отдыхаете?")
    forum_post(topic=first.topic, content="Выгорание лечится долгим летним отпуском")
    best = forum_post(topic=first.topic, content="Выгорание, выгорание: поможет супервизия")
    forum_post(topic=first.topic, content="Мы ездим на дачу")
    forum_post(forums["public"], "Отпуск волонтёра", "Тема без нужного слова")

    # Two posts of the topic have the word: one result, the better post quoted.
    results = api.search("выгорание", ANON)
    [hit] = results.hits
    assert results.total == 1 and hit.posts == 2
    assert str(hit.title) == "Как отдыхать координатору"
    assert hit.url.endswith(f"?post={best.pk}#{best.pk}")
    assert "<mark>Выгорание</mark>, <mark>выгорание</mark>: поможет супервизия" in str(hit.snippet)
    assert {f.value: f.count for f in results.facets["kind"]} == {"topic": 1}


def test_matches_past_the_cap_are_reported_even_when_they_share_one_topic(
    backend, forums, forum_post, settings
):
    settings.SEARCH_MAX_MATCHES = 2
    opening = forum_post(forums["public"], "Страховка волонтёров", "Нужна ли страховка?")
    forum_post(topic=opening.topic, content="Страховка за счёт гранта")
    forum_post(topic=opening.topic, content="Страховка от несчастного случая")

    # Three matching posts, more than the cap, in one topic: one result, and the
    # page must say that counting stopped, on every backend.
    results = api.search("страховка", ANON)
    assert results.capped is True
    assert results.total == 1 and results.hits[0].posts == 3


def test_unapproved_and_reported_posts_are_never_found(
    backend, forums, forum_post, people, django_capture_on_commit_callbacks
):
    from forum import services

    topic_post = forum_post(forums["public"], "Подарки подопечным", "Собираем подарки")
    forum_post(forums["public"], "Подарки на праздник", "Ждёт модерации", approved=False)
    spam = forum_post(topic=topic_post.topic, content="Продаю подарки недорого, пишите в личку")
    member = people["karelia"]["editor"]
    moderator = make_user("moderator-forum", forums["moderators"], is_superuser=True)
    assert [hit.posts for hit in api.search("подарки", moderator).hits] == [2]

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_post(spam, member, "Реклама, к теме не относится")
    assert found("недорого") == [] and found("недорого", moderator) == []
    assert [hit.posts for hit in api.search("подарки", moderator).hits] == [1]

    with django_capture_on_commit_callbacks(execute=True):
        services.resolve_report(report, moderator)
    assert found("недорого") == ["Подарки подопечным"]


# Index updates -----------------------------------------------------------------


def test_publishing_editing_and_unpublishing_update_the_index_after_commit(
    backend, publish, home_page, django_capture_on_commit_callbacks
):
    page = publish(home_page, "Памятка для новичков", summary="Первый день в центре")
    assert found("памятка") == ["Памятка для новичков"]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            page.title = "Инструкция для новичков"
            page.save_revision().publish()
        assert found("инструкция") == []  # not before the transaction commits
    for callback in callbacks:
        callback()
    assert found("инструкция") == ["Инструкция для новичков"]
    assert found("памятка") == []

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert found("инструкция") == []


def test_moving_and_deleting_pages_update_the_index(
    backend, publish, regions, django_capture_on_commit_callbacks
):
    page = publish(regions["karelia"].hub, "Опыт соседского патронажа")
    [hit] = api.search("патронаж", ANON).hits
    assert hit.region_slug == "karelia"

    with django_capture_on_commit_callbacks(execute=True):
        page.move(regions["crimea"].hub, pos="last-child")
    [hit] = api.search("патронаж", ANON).hits
    assert hit.region_slug == "crimea" and hit.url.startswith("/crimea/")

    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert found("патронаж") == []


def test_rolled_back_changes_leave_the_index_alone(
    backend, publish, home_page, django_capture_on_commit_callbacks
):
    page = publish(home_page, "Горячее питание")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                page.title = "Холодные закуски"
                page.save_revision().publish()
                raise RuntimeError("editor cancelled")
        except RuntimeError:
            pass
    assert found("питание") == ["Горячее питание"]
    assert found("закуски") == []


def test_forum_posts_are_indexed_on_create_edit_approve_and_delete(
    backend, forums, forum_post, django_capture_on_commit_callbacks
):
    first = forum_post(forums["public"], "Сбор тёплых вещей", "Нужны варежки")
    reply = forum_post(topic=first.topic, content="Принесу варежки и шарфы")
    # One result per topic, counting its matching posts.
    [hit] = api.search("варежки", ANON).hits
    assert (str(hit.title), hit.posts) == ("Сбор тёплых вещей", 2)

    with django_capture_on_commit_callbacks(execute=True):
        reply.content = "Принесу носки"
        reply.save()
    assert [hit.posts for hit in api.search("варежки", ANON).hits] == [1]
    assert found("носки") == ["Сбор тёплых вещей"]

    pending = forum_post(topic=first.topic, content="Ссылка на магазин валенок", approved=False)
    assert found("валенок") == []
    with django_capture_on_commit_callbacks(execute=True):
        pending.approved = True
        pending.save()
    assert found("валенок") == ["Сбор тёплых вещей"]

    with django_capture_on_commit_callbacks(execute=True):
        first.topic.subject = "Сбор зимней одежды"
        first.topic.save()
    # The new subject is matched on the opening post, shown on every post.
    [hit] = api.search("одежда", ANON).hits
    assert (str(hit.title), hit.posts) == ("Сбор зимней <mark>одежды</mark>", 1)
    [hit] = api.search("валенки", ANON).hits
    assert str(hit.title) == "Сбор зимней одежды"

    with django_capture_on_commit_callbacks(execute=True):
        reply.delete()
    assert found("носки") == []
    with django_capture_on_commit_callbacks(execute=True):
        first.topic.delete()
    assert found("одежда") == []


def test_rebuild_reindexes_everything_and_drops_stale_entries(backend, publish, home_page):
    publish(home_page, "Методичка по наставничеству")
    from search.models import SearchEntry

    SearchEntry.objects.create(
        key="page:999999", kind="page", title="Наставничество-призрак", url="/x/"
    )
    counts = api.rebuild()
    assert counts["database"] >= 2  # the home page and ours
    assert found("наставничество") == ["Методичка по наставничеству"]


# Odd input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"волонтёр',
        "волонтёр OR NOT AND NEAR(",
        "title:волонтёр^5 * ? ~ -",
        "волонтёр\x00\x01\x1b[31m",
        "волонтёр " + "я" * 10_000,
        "' ; DROP TABLE site_search_searchentry; --",
        "{}[]()<>/\\|&&||!",
        "   ",
    ],
)
def test_any_query_string_gives_an_answer(backend, doc_page, query):
    doc_page("Волонтёр месяца")

    results = api.search(query, ANON)
    assert results.total >= 0
    if "волонтёр" in query:
        assert "Волонтёр месяца" in titles(results)


# Suggestions -------------------------------------------------------------------


def test_a_mistyped_query_is_corrected_from_the_index_vocabulary(backend, doc_page):
    doc_page("Наставничество для подростков", summary="Волонтёры и подопечные")

    results = api.search("наставничиство", ANON)
    assert results.suggestion == "наставничество" and results.corrected_from == "наставничиство"
    assert titles(results) == ["Наставничество для подростков"]
    # The Latin keyboard layout, read as the Russian one.
    assert api.search("gjlhjcnrjd", ANON).suggestion == "подростков"
    assert api.search("абырвалг", ANON).suggestion == ""
    assert api.search("абырвалг", ANON).total == 0


def test_suggestions_never_reveal_words_of_a_private_forum(backend, forums, forum_post):
    forum_post(forums["private"], "Конфликт с Кондратьевым", "Разбор жалобы")
    api.rebuild()

    assert api.search("кондратьевым", ANON).total == 0
    assert api.search("кондратьевам", ANON).suggestion == ""
