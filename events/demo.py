"""Demo events: the Crimea conference, St. Petersburg internships, webinars and
some registrations. Pages are looked up by slug, registrations by e-mail, so a
second run changes nothing. Dates are relative to the day of the first run.
"""

import datetime
import zoneinfo

from django.utils import timezone

from wagtail.rich_text import RichText

from home.models import HomePage, Region

from .models import ConsentKind, ConsentText, EventIndexPage, EventKind, EventPage, Registration

CONFERENCE_TITLE = (
    "Новые технологии и успешные практики организации добровольческой (волонтёрской) "
    "деятельности в процессе предоставления дополнительных социальных услуг"
)

STANDARD_QUESTIONS = [
    ("Организация", "text", "", True),
    ("Должность", "text", "", True),
    (
        "Ваш регион",
        "choice",
        "Республика Крым\nРеспублика Карелия\nКалининградская область\nСанкт-Петербург\nДругой",
        True,
    ),
]
MOTIVATION = ("Почему вы хотите пройти стажировку?", "textarea", "", True)


def _questions(items):
    return [
        (
            "question",
            {
                "label": label,
                "field_type": field_type,
                "choices": choices,
                "required": required,
                "help_text": "",
            },
        )
        for label, field_type, choices, required in items
    ]


def _local(tz_name, day, hour, minute=0):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(tz_name)
    )


def _session(day, start, end, title, speakers=""):
    return (
        "session",
        {
            "day": day,
            "start": datetime.time(*start),
            "end": datetime.time(*end) if end else None,
            "title": title,
            "speakers": speakers,
            "description": "",
        },
    )


def _ensure_event(parent, slug, out, **fields):
    event = EventPage.objects.filter(slug=slug).first()
    if event is not None:
        return event, False
    event = EventPage(slug=slug, **fields)
    parent.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    out.write(f"Событие «{event.title[:60]}» создано")
    return event, True


def _register(event, name, email, status, now, answers=None, checked_in=False, photo=False):
    """A demo registration written directly in its final state (no e-mails)."""
    existing = Registration.objects.filter(event=event, email=email).first()
    if existing is not None:
        return existing
    registration = Registration.objects.create(
        event=event,
        name=name,
        email=email,
        status=status,
        answers=answers or {},
        email_confirmed_at=now,
        created_at=now,
        status_changed_at=now,
        waitlisted_at=now if status == Registration.Status.WAITLISTED else None,
        checked_in_at=now if checked_in else None,
        consent_processing_version=ConsentText.current(ConsentKind.PROCESSING).version,
        consent_processing_at=now,
        consent_listing_version=ConsentText.current(ConsentKind.LISTING).version,
        consent_listing_at=now,
        consent_photo_version=ConsentText.current(ConsentKind.PHOTO).version if photo else "",
        consent_photo_at=now if photo else None,
    )
    return registration


def seed(command):
    out = command.stdout
    home = HomePage.objects.first()
    for kind in ConsentKind.values:
        default = ConsentText.current(kind)
        if default.pk is None:
            default.save()

    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(
            title="События",
            slug="events",
            intro="<p>Межрегиональная конференция в Крыму, стажировки в Санкт-Петербурге, "
            "вебинары и обучение для специалистов и добровольцев программы.</p>",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        out.write("Список событий /events/ создан")

    crimea = Region.objects.get(slug="crimea")
    spb = Region.objects.get(slug="spb")
    interregional = Region.objects.get(slug="interregional")
    today = timezone.localdate()
    now = timezone.now()

    conference_day = today + datetime.timedelta(days=45)
    conference, _created = _ensure_event(
        crimea.hub,
        "conference-crimea",
        out,
        title=CONFERENCE_TITLE,
        kind=EventKind.CONFERENCE,
        summary="Межрегиональная научно-практическая конференция программы: два дня "
        "докладов, практикумов и обмена опытом регионов.",
        start=_local("Europe/Simferopol", conference_day, 10),
        end=_local("Europe/Simferopol", conference_day + datetime.timedelta(days=1), 17),
        venue_name="Крымский федеральный университет им. В. И. Вернадского",
        venue_address="Симферополь, проспект Академика Вернадского, 4",
        organiser_name="Ольга Викторовна Лысенко",
        organiser_email="crimea@dobro-social.example",
        organiser_phone="+7 (3652) 55-12-40",
        registration_opens=now - datetime.timedelta(days=10),
        registration_closes=_local("Europe/Simferopol", conference_day, 9)
        - datetime.timedelta(days=3),
        capacity=150,
        waitlist_enabled=True,
        reminder_days=2,
        body=[
            (
                "paragraph",
                RichText(
                    "<p>Конференция собирает специалистов СО НКО и учреждений социального "
                    "обслуживания, добровольцев и экспертов из Республики Крым, Республики "
                    "Карелия, Калининградской области и Санкт-Петербурга. Обсудим, как "
                    "добровольцы помогают оказывать дополнительные социальные услуги детям "
                    "и людям старшего поколения, и какие цифровые инструменты для этого "
                    "работают.</p>"
                ),
            )
        ],
        programme=[
            _session(
                conference_day, (9, 0), (10, 0), "Регистрация участников, приветственный кофе"
            ),
            _session(
                conference_day,
                (10, 0),
                (11, 30),
                "Пленарное заседание: добровольчество в системе социального обслуживания",
                "Т. А. Воронцова, руководитель проектного офиса программы",
            ),
            _session(
                conference_day,
                (12, 0),
                (14, 0),
                "Секция «Новые технологии: цифровые сервисы для координации добровольцев»",
                "Эксперты ресурсных центров Санкт-Петербурга и Карелии",
            ),
            _session(
                conference_day + datetime.timedelta(days=1),
                (10, 0),
                (13, 0),
                "Практикум: «серебряное» добровольчество и помощь семьям с детьми",
                "Специалисты КЦСОН Калининградской области",
            ),
            _session(
                conference_day + datetime.timedelta(days=1),
                (15, 0),
                (17, 0),
                "Итоги конференции, принятие резолюции",
            ),
        ],
        questions=_questions(STANDARD_QUESTIONS),
    )

    internships = [
        (
            "internship-spb-resource-centre",
            "Стажировка в ресурсном центре добровольчества Василеостровского района",
            "Ресурсный центр добровольчества «Петербургские волонтёры»",
            "Санкт-Петербург, 8-я линия В.О., 25",
            30,
            {"capacity": 3, "waitlist_enabled": True, "approval_required": False},
        ),
        (
            "internship-spb-care-home",
            "Стажировка в доме-интернате: организация добровольческой помощи пожилым",
            "СПб ГСУСО «Дом-интернат для престарелых и инвалидов № 1»",
            "Санкт-Петербург, Пискарёвский проспект, 52",
            37,
            {"capacity": 12, "waitlist_enabled": True, "approval_required": True},
        ),
        (
            "internship-spb-family-centre",
            "Стажировка в центре помощи семье и детям Калининского района",
            "СПб ГБУ «Центр социальной помощи семье и детям Калининского района»",
            "Санкт-Петербург, улица Бутлерова, 16",
            52,
            {"capacity": 15, "waitlist_enabled": False, "approval_required": False},
        ),
    ]
    created_internships = []
    for slug, title, host, address, days, registration in internships:
        day = today + datetime.timedelta(days=days)
        event, _created = _ensure_event(
            spb.hub,
            slug,
            out,
            title=title,
            kind=EventKind.INTERNSHIP,
            summary=f"Трёхдневная стажировка на базе организации: {host}.",
            start=_local("Europe/Moscow", day, 10),
            end=_local("Europe/Moscow", day + datetime.timedelta(days=2), 17),
            venue_name=host,
            venue_address=address,
            host_organisation=host,
            organiser_name="Дмитрий Павлович Орлов",
            organiser_email="spb@dobro-social.example",
            organiser_phone="+7 (812) 409-77-15",
            registration_opens=now - datetime.timedelta(days=5),
            questions=_questions(STANDARD_QUESTIONS + [MOTIVATION]),
            programme=[
                _session(day, (10, 0), (13, 0), "Знакомство с организацией и её добровольцами"),
                _session(
                    day + datetime.timedelta(days=1),
                    (10, 0),
                    (16, 0),
                    "Работа в паре с координатором добровольцев",
                ),
                _session(
                    day + datetime.timedelta(days=2),
                    (10, 0),
                    (13, 0),
                    "Разбор кейсов и план внедрения практики в своём регионе",
                ),
            ],
            **registration,
        )
        created_internships.append(event)

    webinars = [
        (
            "webinar-volunteer-coordination",
            "Вебинар «Как привлечь и удержать добровольцев в учреждении социального обслуживания»",
            10,
            "Europe/Moscow",
        ),
        (
            "webinar-152-fz-consent",
            "Вебинар «Персональные данные подопечных и добровольцев: что изменилось в 152-ФЗ»",
            20,
            "Europe/Moscow",
        ),
    ]
    for slug, title, days, tz_name in webinars:
        day = today + datetime.timedelta(days=days)
        _ensure_event(
            index,
            slug,
            out,
            title=title,
            kind=EventKind.WEBINAR,
            region=interregional,
            summary="Онлайн-встреча для специалистов и добровольцев всех регионов программы.",
            start=_local(tz_name, day, 11),
            end=_local(tz_name, day, 12, 30),
            online_url="https://webinar.dobro-social.example/room/" + slug,
            organiser_name="Павел Еремеев",
            organiser_email="info@dobro-social.example",
            capacity=None,
            reminder_days=1,
        )

    # Registrations: a few for the conference, the first internship filled up
    # with a waiting list, one application waiting for the host's decision.
    people = [
        (
            "Ирина Мельникова",
            "i.melnikova@example.org",
            "ГБУ РК «КЦСОН г. Симферополя»",
            "Социальный работник",
        ),
        (
            "Олег Шевченко",
            "o.shevchenko@example.org",
            "АНО «Добрые соседи»",
            "Координатор добровольцев",
        ),
        (
            "Светлана Кузьмина",
            "s.kuzmina@example.org",
            "КЦСОН Петрозаводска",
            "Заведующая отделением",
        ),
        (
            "Андрей Васильев",
            "a.vasiliev@example.org",
            "Фонд «Старшее поколение»",
            "Руководитель проектов",
        ),
        (
            "Елизавета Новикова",
            "e.novikova@example.org",
            "Волонтёрский центр Калининграда",
            "Волонтёр",
        ),
    ]
    confirmed = Registration.Status.CONFIRMED
    for name, email, organisation, position in people[:4]:
        _register(
            conference,
            name,
            email,
            confirmed,
            now,
            {"Организация": organisation, "Должность": position},
            photo=True,
        )
    full_internship, approval_internship, _open = created_internships
    for name, email, organisation, position in people[:3]:
        _register(
            full_internship,
            name,
            email,
            confirmed,
            now,
            {"Организация": organisation, "Должность": position},
        )
    for name, email, organisation, position in people[3:]:
        _register(
            full_internship,
            name,
            email,
            Registration.Status.WAITLISTED,
            now,
            {"Организация": organisation, "Должность": position},
        )
    _register(
        approval_internship,
        people[4][0],
        people[4][1],
        Registration.Status.PENDING,
        now,
        {
            "Организация": people[4][2],
            "Должность": people[4][3],
            "Почему вы хотите пройти стажировку?": "Хочу перенять опыт работы с пожилыми "
            "людьми в доме-интернате и запустить такую же программу у нас.",
        },
    )
    out.write(f"Регистраций в демо-данных: {Registration.objects.count()}")
