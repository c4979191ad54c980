"""The mixed workload of `make bench-load` (locust; started by bench/load.py).

Anonymous visitors browse the library, events and forum; others search;
guests register for events; members log in and reply on the forum. The URLs
come from the plan file bench/load.py writes (BENCH_LOAD_PLAN), so this file
needs no Django. A response counts as a failure when its status is not the
expected one (a form sent back with errors is a failure too).
"""

import html
import itertools
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, task

with open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

HIDDEN_INPUT = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"(name|value)=\"([^\"]*)\"")
MEMBER_NUMBERS = itertools.count()
REPLIES = [
    "Спасибо, коллеги! Попробуем так же сделать у нас в центре.",
    "У нас похожая ситуация: добровольцы приходят, но не остаются. Помогают встречи раз в месяц.",
    "Поделитесь, пожалуйста, образцом договора с добровольцем.",
    "Мы решили это через координатора: он ведёт график и напоминает о сменах.",
]


def hidden_fields(page):
    """The hidden inputs of a form page (CSRF token, formset management fields)."""
    fields = {}
    for tag in HIDDEN_INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return fields


def expect(response, *statuses):
    if response.status_code in statuses:
        response.success()
    else:
        response.failure(f"HTTP {response.status_code}, ожидался {statuses}")


class Visitor(HttpUser):
    """Reads the portal without an account: the bulk of the traffic."""

    weight = 6
    wait_time = between(1, 3)

    def get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            expect(response, 200)

    @task(3)
    def home(self):
        self.get("/", "главная")

    @task(2)
    def hub(self):
        self.get(random.choice(PLAN["hubs"]), "раздел региона")

    @task(4)
    def practices(self):
        self.get(random.choice(PLAN["practice_listings"]), "каталог практик")

    @task(6)
    def practice(self):
        self.get(random.choice(PLAN["practices"]), "практика")

    @task(2)
    def materials(self):
        self.get("/materials/", "материалы")

    @task(2)
    def events(self):
        self.get("/events/", "события")

    @task(3)
    def event(self):
        self.get(random.choice(PLAN["events"]), "событие")

    @task(2)
    def forum_index(self):
        self.get(PLAN["forum_index"], "форум")

    @task(2)
    def forum(self):
        self.get(random.choice(PLAN["forums"]), "раздел форума")

    @task(4)
    def topic(self):
        self.get(random.choice(PLAN["topics"]), "тема форума")


class Searcher(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    @task
    def search(self):
        query = random.choice(PLAN["queries"])
        with self.client.get(
            "/search/", params={"q": query}, name="поиск", catch_response=True
        ) as response:
            expect(response, 200)


class Registrant(HttpUser):
    """A guest who opens an event and registers (e-mail confirmation follows)."""

    weight = 1
    wait_time = between(2, 5)

    @task
    def register(self):
        url = random.choice(PLAN["open_events"])
        with self.client.get(url, name="событие", catch_response=True) as response:
            expect(response, 200)
            if response.status_code != 200:
                return
            fields = hidden_fields(response.text)
        fields.update(
            {
                "name": "Мария Соколова",
                "email": f"guest-{uuid.uuid4().hex[:12]}@example.org",
                "phone": "+7 (900) 123-45-67",
                "consent_processing": "on",
                "consent_listing": "on",
            }
        )
        with self.client.post(
            url, data=fields, name="регистрация", allow_redirects=False, catch_response=True
        ) as response:
            expect(response, 302)


class Member(HttpUser):
    """A member who logs in once, reads topics and replies."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        number = next(MEMBER_NUMBERS) % len(PLAN["members"])
        login = PLAN["login"]
        response = self.client.get(login, name="вход")
        fields = hidden_fields(response.text)
        fields.update({"username": PLAN["members"][number], "password": PLAN["password"]})
        with self.client.post(
            login, data=fields, name="вход", allow_redirects=False, catch_response=True
        ) as response:
            expect(response, 302)

    @task(3)
    def read(self):
        topic = random.choice(PLAN["reply_topics"])
        with self.client.get(topic["url"], name="тема форума (участник)", catch_response=True) as r:
            expect(r, 200)

    @task(1)
    def reply(self):
        topic = random.choice(PLAN["reply_topics"])
        with self.client.get(topic["reply"], name="ответ: форма", catch_response=True) as r:
            expect(r, 200)
            if r.status_code != 200:
                return
            fields = hidden_fields(r.text)
        fields.update(
            {"subject": f"Re: {topic['subject']}"[:255], "content": random.choice(REPLIES)}
        )
        with self.client.post(
            topic["reply"], data=fields, name="ответ", allow_redirects=False, catch_response=True
        ) as response:
            expect(response, 302)
