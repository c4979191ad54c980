"""Search benchmark: index a generated Russian corpus on each backend and time queries.

    .venv/bin/python bench/search.py                # 10 000 documents + 100 000 posts
    .venv/bin/python bench/search.py --scale 0.1    # a tenth of that

Backends measured: the database one on SQLite (always), on PostgreSQL when
DATABASE_URL points at one, and Elasticsearch when ELASTICSEARCH_URL is set.
Nothing real is touched: the database runs are made in a throwaway test database
(Django's test-database machinery), Elasticsearch in `<SEARCH_INDEX_PREFIX>-…`
indices (`portal-bench` when unset) that are deleted afterwards. Prints indexing
throughput and p50/p95 latency of 200 varied queries, with and without facet
counts, after one untimed pass, and the machine's load average: on a shared
machine the figures are noisy.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REGIONS = ["crimea", "karelia", "kaliningrad", "spb", "interregional"]
GROUPS = ["дети", "подростки", "пожилые люди", "люди с инвалидностью", "семьи", "организации"]

SUBJECTS = [
    "волонтёры",
    "добровольцы",
    "серебряные волонтёры",
    "специалисты центра",
    "наставники",
    "социальные работники",
    "студенты-добровольцы",
    "координаторы программы",
    "сотрудники НКО",
    "родители воспитанников",
    "эксперты",
    "организаторы стажировки",
]
VERBS = [
    "помогают",
    "сопровождают",
    "навещают",
    "обучают",
    "поддерживают",
    "организуют",
    "проводят",
    "приглашают",
    "консультируют",
    "собирают",
    "готовят",
    "развивают",
]
OBJECTS = [
    "пожилых людей",
    "одиноких пенсионеров",
    "детей-сирот",
    "воспитанников детского дома",
    "подростков из трудных семей",
    "семьи с детьми-инвалидами",
    "жителей отдалённых посёлков",
    "ветеранов",
    "выпускников интернатов",
    "людей старшего поколения",
    "маломобильных граждан",
    "детей с особенностями развития",
]
PLACES = [
    "в доме престарелых",
    "в комплексном центре социального обслуживания",
    "в детском доме",
    "в реабилитационном центре",
    "на дому",
    "в библиотеке",
    "в Петрозаводске",
    "в Симферополе",
    "в Калининграде",
    "в Санкт-Петербурге",
    "в сельской школе",
    "в хосписе",
]
EXTRAS = [
    "по типовому договору с волонтёром",
    "с согласия на обработку персональных данных",
    "после обучения на дистанционном курсе",
    "при поддержке регионального ресурсного центра",
    "по итогам межрегиональной конференции",
    "во время летней стажировки",
    "с использованием методических материалов",
    "по программе наставничества",
    "вместе с психологом",
    "с привлечением местных предпринимателей",
]
TITLES = [
    "Как привлечь добровольцев {place}",
    "Опыт наставничества {place}",
    "Типовой договор с волонтёром",
    "Памятка для координатора добровольцев",
    "Серебряное волонтёрство: {obj}",
    "Школа волонтёров {place}",
    "Методика работы с {obj_inst}",
    "Стажировка специалистов {place}",
    "Как удержать волонтёров",
    "Отчёт о работе {place}",
]
OBJ_INST = ["пожилыми людьми", "подростками", "детьми-сиротами", "семьями", "ветеранами"]
FORUM_SUBJECTS = [
    "Волонтёр не приходит на смены",
    "Нужен шаблон согласия родителей",
    "Как оформить договор с добровольцем",
    "Где найти волонтёров в посёлке",
    "Стажировка в Санкт-Петербурге: вопросы",
    "Выгорание наставников",
    "Страховка для добровольцев",
    "Подарки пожилым к празднику",
    "Отчётность перед фондом",
    "Транспорт для маломобильных граждан",
]
QUERY_WORDS = [
    "волонтёров",
    "волонтер",
    "добровольцы",
    "доброволец",
    "пожилыми",
    "пожилых людей",
    "стажировки",
    "стажировка",
    "договор",
    "типовой договор с волонтёром",
    "наставничество",
    "наставников",
    "детский дом",
    "дом престарелых",
    "как привлечь добровольцев",
    "подростков",
    "ветераны",
    "согласие",
    "персональных данных",
    "выгорание",
    "страховка добровольцев",
    "методические материалы",
    "Калининград",
    "Петрозаводске",
    "серебряные волонтёры",
    "хоспис",
    "реабилитационный центр",
    "конференция",
    "отчёт",
    "семьи с детьми-инвалидами",
    "одиноких пенсионеров",
    "библиотеке",
]


# Everyday sentences of project reports and forum replies: most of a real text is
# not about the query's subject, and each document keeps to one theme.
FILLER = [
    "Проект длился шесть месяцев, встречи проходили по субботам.",
    "Мы начали с опроса, чтобы понять, чего не хватает людям.",
    "Главная трудность — нехватка транспорта и времени у сотрудников.",
    "Помогли партнёры: районная администрация выделила помещение.",
    "Каждую неделю координатор собирал отзывы и менял расписание.",
    "Результаты обсудили на общем собрании в конце года.",
    "Участники получили благодарственные письма и сертификаты.",
    "Мы записали короткое видео о том, как прошёл первый месяц.",
    "Расходы на проезд компенсировал грант областного фонда.",
    "Особенно ценными оказались простые разговоры за чаем.",
    "Следующий этап — передать опыт соседним районам.",
    "Информацию о наборе разместили в группе во ВКонтакте и в местной газете.",
    "Спасибо всем, кто откликнулся, отвечу каждому лично.",
    "У нас похожая ситуация, попробуем сделать так же.",
    "Подскажите, пожалуйста, где взять образец документа.",
    "Коллеги из соседнего района поделились своим планом работы.",
    "Зимой активность снижается, летом приходит больше людей.",
    "Важно заранее договориться о правилах и графике.",
]


def theme(rng):
    """One document's theme: a few subjects, verbs, objects, places and extras."""
    return (
        rng.sample(SUBJECTS, 2),
        rng.sample(VERBS, 3),
        rng.sample(OBJECTS, 2),
        rng.sample(PLACES, 2),
        rng.sample(EXTRAS, 2),
    )


def sentence(rng, topic):
    subjects, verbs, objects, places, extras = topic
    if rng.random() < 0.55:
        return rng.choice(FILLER)
    text = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)} {rng.choice(places)}"
    if rng.random() < 0.4:
        text += " " + rng.choice(extras)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, low, high, topic=None):
    topic = topic or theme(rng)
    return " ".join(sentence(rng, topic) for _ in range(rng.randint(low, high)))


def corpus(documents, posts, seed=2026):
    from search.sources import IndexDoc

    rng = random.Random(seed)
    base = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    for number in range(documents):
        topic = theme(rng)
        title = rng.choice(TITLES).format(
            place=topic[3][0], obj=topic[2][0], obj_inst=rng.choice(OBJ_INST)
        )
        yield IndexDoc(
            key=f"page:{number + 1}",
            kind=rng.choice(["practice", "practice", "material", "event", "page"]),
            title=title,
            url=f"/bench/{number + 1}/",
            summary=paragraph(rng, 1, 2, topic),
            body=paragraph(rng, 8, 25, topic),
            region_slug=rng.choice(REGIONS),
            region_name="",
            target_groups=rng.sample(GROUPS, rng.randint(1, 3)),
            date=base + datetime.timedelta(days=rng.randint(0, 1000)),
        )
    topic, left, subject, forum = 0, 0, "", 1
    for number in range(posts):
        if not left:  # a new topic of 1 to 19 posts
            topic, left = topic + 1, rng.randint(1, 19)
            subject, forum = rng.choice(FORUM_SUBJECTS), rng.randint(1, 20)
            opening = True
        left -= 1
        yield IndexDoc(
            key=f"post:{number + 1}",
            kind="topic",
            title=subject,
            url=f"/forum/bench/{topic}/?post={number + 1}",
            body=paragraph(rng, 1, 6),
            region_slug=rng.choice(REGIONS),
            date=base + datetime.timedelta(minutes=rng.randint(0, 1_500_000)),
            public=False,
            forum_id=forum,
            topic_id=topic,
            match_title=opening,
        )
        opening = False


def queries(count=200, seed=7):
    """Varied queries: one to three words, sometimes a filter, sometimes date order."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = " ".join(rng.sample(QUERY_WORDS, rng.choice([1, 1, 2, 3])))
        filters = {}
        roll = rng.random()
        if roll < 0.2:
            filters["kind"] = rng.choice(["practice", "material", "event", "topic"])
        elif roll < 0.35:
            filters["region"] = rng.choice(REGIONS)
        elif roll < 0.45:
            filters["target_group"] = rng.choice(GROUPS)
        sort = "date" if rng.random() < 0.2 else "relevance"
        page = 1 if rng.random() < 0.85 else rng.randint(2, 5)
        out.append((words, filters, sort, page))
    return out


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(backend, docs_count, docs_factory, query_list):
    from search.api import build_request

    started = time.perf_counter()
    last = [started]

    def progress(done):
        now = time.perf_counter()
        if now - last[0] > 5:
            last[0] = now
            print(f"    {backend.name}: {done} documents…", flush=True)

    indexed = backend.rebuild(docs_factory(), progress=progress)
    elapsed = time.perf_counter() - started
    readable = list(range(1, 16))  # a member who reads 15 of the 20 forums
    # One untimed pass first: the figures describe a warm server, not the first
    # queries after a bulk load (cold caches, PostgreSQL setting hint bits).
    for words, filters, sort, page in query_list:
        request = build_request(words, None, filters, page, sort)
        request.forum_ids = readable
        backend.search(request)
    timings = {}
    for with_facets in (False, True):
        samples = []
        for words, filters, sort, page in query_list:
            request = build_request(words, None, filters, page, sort)
            request.forum_ids = readable
            request.facets = with_facets
            begin = time.perf_counter()
            backend.search(request)
            samples.append((time.perf_counter() - begin) * 1000)
        timings[with_facets] = samples
    return {
        "indexed": indexed,
        "seconds": elapsed,
        "rate": indexed / elapsed if elapsed else 0,
        "plain": timings[False],
        "facets": timings[True],
        "expected": docs_count,
    }


def load():
    """The machine's load averages, printed beside the figures (they are noisy)."""
    return "load average: " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def report(label, result):
    plain, facets = result["plain"], result["facets"]
    print(
        f"{label:<28} {result['indexed']:>8} docs in {result['seconds']:7.1f} s "
        f"= {result['rate']:8.0f} docs/s | hits only p50 {statistics.median(plain):6.1f} ms "
        f"p95 {percentile(plain, 0.95):6.1f} ms | with facets p50 {statistics.median(facets):6.1f} ms "
        f"p95 {percentile(facets, 0.95):6.1f} ms",
        flush=True,
    )
    print(f"{'':<28} ({load()} on {os.cpu_count()} CPUs)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = 10 000 docs + 100 000 posts"
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--skip", action="append", default=[], choices=["database", "elasticsearch"]
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "portal-bench")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from search.backends import get_backend

    documents = max(1, int(10_000 * args.scale))
    posts = max(1, int(100_000 * args.scale))
    total = documents + posts
    query_list = queries(args.queries)
    print(f"Corpus: {documents} practices/materials/events/pages + {posts} forum posts")

    def factory():
        return corpus(documents, posts)

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        # A file, not the in-memory default, so the figures resemble a real site.
        import tempfile

        bench_db = Path(tempfile.mkdtemp(prefix="portal-bench-")) / "bench.sqlite3"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(bench_db)
    # The test database is made even when only Elasticsearch is measured: building a
    # request reads the forum permissions.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        if "database" not in args.skip:
            label = f"database ({connection.vendor})"
            print(f"Indexing on {label}…", flush=True)
            report(label, measure(get_backend("database"), total, factory, query_list))
        if settings.ELASTICSEARCH_URL and "elasticsearch" not in args.skip:
            settings.SEARCH_ELASTICSEARCH_REFRESH = False
            backend = get_backend("elasticsearch")
            print("Indexing on elasticsearch…", flush=True)
            try:
                report("elasticsearch", measure(backend, total, factory, query_list))
            finally:
                backend.delete_all()
        elif not settings.ELASTICSEARCH_URL:
            print("elasticsearch: skipped (ELASTICSEARCH_URL is not set)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
