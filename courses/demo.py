"""Demo content of courses: two programme courses with modules, lessons and
assignments, tutors, learners at different stages and one certificate.

Run by `manage.py seed_demo` after the practices (lessons link to materials of
the library when there are some). Pages are looked up by slug, people by
username, records by their natural keys: a second run changes nothing and
sends no e-mail.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.demo import demo_member

from .models import (
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonView,
    Submission,
)
from .services import enrol, review, submit
from .setup import setup_courses
from .tutors import ensure_tutors_group

ORGANISATION_COURSE = "Организация добровольческой деятельности в СО НКО и ГУ/МУ"
BASIC_COURSE = "Добровольческие услуги детям и людям старшего поколения: базовая подготовка"


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


COURSES = [
    {
        "slug": "organisation-of-volunteering",
        "title": ORGANISATION_COURSE,
        "audience": "ngo",
        "summary": "Как выстроить работу с добровольцами в некоммерческой организации "
        "и в учреждении социального обслуживания: от договора до признания заслуг.",
        "description": _p(
            "Курс для специалистов СО НКО и государственных и муниципальных учреждений "
            "социального обслуживания, которые отвечают за работу с добровольцами.",
            "За шесть недель вы разберёте правовые основы добровольчества, научитесь "
            "привлекать, отбирать и сопровождать добровольцев и подготовите программу "
            "развития добровольчества в своей организации, согласованную с руководителем.",
        ),
        "duration": "6 недель, 36 академических часов",
        "tutors": "Ирина Сергеевна Иванова — руководитель ресурсного центра добровольчества, "
        "Санкт-Петербург",
        "late_policy": "mark",
        "tutor": "tutor-ivanova",
        "final_work_task": _p(
            "Подготовьте программу развития добровольчества в вашей организации на год: "
            "цели, направления работы добровольцев, порядок привлечения и сопровождения, "
            "ответственные, ожидаемые результаты.",
            "Программу нужно согласовать с руководителем организации: укажите его ФИО "
            "и должность при отправке.",
        ),
        "final_days": 42,
        "modules": [
            {
                "slug": "legal-basics",
                "title": "Правовые основы добровольческой деятельности",
                "intro": "Закон о добровольчестве, договор с добровольцем, ответственность "
                "и возмещение расходов.",
                "days": 14,
                "required": True,
                "task": _p(
                    "Составьте проект договора с добровольцем для вашей организации по "
                    "статье 17.1 закона № 135-ФЗ. Приложите файл договора и в нескольких "
                    "предложениях объясните, какие расходы добровольцев вы будете возмещать."
                ),
                "lessons": [
                    (
                        "zakon-o-dobrovolchestve",
                        "Закон о добровольчестве и его понятия",
                        [
                            "Федеральный закон № 135-ФЗ «О благотворительной деятельности и "
                            "добровольчестве (волонтёрстве)» определяет, кто такие добровольцы, "
                            "организаторы добровольческой деятельности и добровольческие "
                            "организации.",
                            "Учреждение социального обслуживания может привлекать добровольцев "
                            "само, а может работать вместе с добровольческой организацией по "
                            "соглашению о взаимодействии.",
                        ],
                    ),
                    (
                        "dogovor-s-dobrovolcem",
                        "Договор с добровольцем и возмещение расходов",
                        [
                            "Договор с добровольцем — гражданско-правовой, безвозмездный. В нём "
                            "описывают работы и услуги, условия возмещения расходов (проезд, "
                            "питание, средства защиты) и страхование.",
                            "Храните договоры вместе с согласиями на обработку персональных "
                            "данных: с 1 сентября 2025 года согласие оформляется отдельным "
                            "документом.",
                        ],
                    ),
                ],
            },
            {
                "slug": "recruitment",
                "title": "Привлечение и отбор добровольцев",
                "intro": "Где искать добровольцев, как провести собеседование и первую встречу.",
                "days": 28,
                "required": True,
                "task": _p(
                    "Опишите портрет добровольца, которого вы ищете для одного из ваших "
                    "направлений, и составьте текст объявления о наборе (не больше страницы)."
                ),
                "lessons": [
                    (
                        "gde-iskat",
                        "Где искать добровольцев",
                        [
                            "Вузы и колледжи, корпоративные программы, серебряные добровольцы, "
                            "родители подопечных, местные сообщества и региональные порталы — "
                            "у каждого источника свой ритм и своя мотивация.",
                        ],
                    ),
                    (
                        "sobesedovanie",
                        "Собеседование и первая встреча",
                        [
                            "Собеседование помогает понять ожидания добровольца и честно "
                            "рассказать о работе. Для работы с детьми обязательна справка об "
                            "отсутствии судимости.",
                        ],
                    ),
                ],
            },
            {
                "slug": "support",
                "title": "Сопровождение и мотивация добровольцев",
                "intro": "Наставничество, супервизия, профилактика выгорания, благодарность.",
                "days": 35,
                "required": False,
                "task": _p(
                    "Необязательное задание: расскажите о случае, когда доброволец хотел "
                    "уйти, и о том, что помогло (или помогло бы) его удержать."
                ),
                "lessons": [
                    (
                        "nastavnichestvo",
                        "Наставничество и супервизия",
                        [
                            "Новичку нужен наставник из опытных добровольцев или сотрудников. "
                            "Регулярные встречи-супервизии помогают обсудить трудные ситуации.",
                        ],
                    ),
                ],
            },
        ],
    },
    {
        "slug": "basic-volunteer-training",
        "title": BASIC_COURSE,
        "audience": "volunteers",
        "summary": "Первый курс для добровольцев, которые помогают детям и пожилым людям "
        "вместе с социальными службами.",
        "description": _p(
            "Курс для начинающих добровольцев: как общаться с пожилыми людьми и детьми, "
            "как вести себя в гостях у подопечного, как беречь себя и к кому обращаться "
            "за помощью.",
        ),
        "duration": "3 недели, 12 часов",
        "tutors": "Олег Викторович Семёнов — специалист по работе с добровольцами КЦСОН, "
        "Республика Карелия",
        "late_policy": "refuse",
        "tutor": "tutor-semenov",
        "final_work_task": _p(
            "Проведите не меньше 10 часов добровольческой практики с социальной службой и "
            "напишите короткий отчёт: что вы делали, что получилось, что было трудно. Отчёт "
            "согласуйте с руководителем службы, где проходила практика."
        ),
        "final_days": 21,
        "modules": [
            {
                "slug": "older-people",
                "title": "Общение с людьми старшего поколения",
                "intro": "Особенности возраста, уважительное общение, безопасность визитов.",
                "days": 7,
                "required": True,
                "task": _p(
                    "Опишите, как вы подготовитесь к первому визиту к одинокой пожилой "
                    "женщине 82 лет, которая плохо слышит: о чём договоритесь заранее, что "
                    "возьмёте с собой, о чём будете говорить."
                ),
                "lessons": [
                    (
                        "osobennosti-obshcheniya",
                        "Особенности общения с пожилыми людьми",
                        [
                            "Говорите чётко и не спеша, смотрите на собеседника, не "
                            "перебивайте. Уважайте привычки и выбор человека, даже если "
                            "сделали бы иначе.",
                        ],
                    ),
                    (
                        "bezopasnost-vizita",
                        "Безопасность визита на дом",
                        [
                            "Визит согласуют с социальным работником. Не берите у подопечного "
                            "деньги и ценности, не давайте лекарств, о тревожных признаках "
                            "сообщайте куратору.",
                        ],
                    ),
                ],
            },
            {
                "slug": "children",
                "title": "Добровольцы и дети в трудной жизненной ситуации",
                "intro": "Границы, правила безопасности, работа вместе с педагогами.",
                "days": 14,
                "required": True,
                "task": _p(
                    "Придумайте занятие на 45 минут для группы детей 8–10 лет в "
                    "социально-реабилитационном центре и опишите его план."
                ),
                "lessons": [
                    (
                        "granicy",
                        "Границы и правила безопасности",
                        [
                            "Добровольцы работают с детьми только вместе с сотрудниками "
                            "учреждения, не обмениваются с детьми личными контактами и не "
                            "публикуют их фотографии.",
                        ],
                    ),
                ],
            },
        ],
    },
]


LEARNERS = [
    ("learner-kovaleva", "Мария Ковалёва", "crimea", "ngo_specialist", "ngo",
     "АНО «Добрые соседи», Симферополь"),
    ("learner-lebedev", "Андрей Лебедев", "spb", "state_specialist", "state",
     "СПб ГБУ «КЦСОН Калининского района»"),
    ("learner-solovyova", "Екатерина Соловьёва", "karelia", "volunteer", "none", ""),
    ("learner-orlov", "Дмитрий Орлов", "kaliningrad", "volunteer", "none", ""),
]  # fmt: skip

TUTORS = [
    ("tutor-ivanova", "Ирина Иванова", "spb"),
    ("tutor-semenov", "Олег Семёнов", "karelia"),
]


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _materials():
    try:
        from practices.models import MethodMaterialPage
    except ImportError:  # the library is not installed: lessons go without links
        return []
    return list(MethodMaterialPage.objects.live().order_by("path")[:3])


def _lesson_body(paragraphs, material, number):
    body = [("paragraph", _p(*paragraphs))]
    if number == 1:
        body.append(
            (
                "video",
                {
                    "url": "https://rutube.ru/play/embed/dobro-social-demo",
                    "title": "Видеолекция к уроку",
                },
            )
        )
    if material is not None:
        body.append(("material", {"material": material, "note": "прочитайте перед заданием"}))
    return body


def _ensure_course(index, spec, now, materials, out):
    course = CoursePage.objects.filter(slug=spec["slug"]).first()
    if course is None:
        course = _publish(
            index,
            CoursePage(
                title=spec["title"],
                slug=spec["slug"],
                audience=spec["audience"],
                summary=spec["summary"],
                description=spec["description"],
                duration=spec["duration"],
                tutors=spec["tutors"],
                late_policy=spec["late_policy"],
                final_work_task=spec["final_work_task"],
                final_work_due=now + datetime.timedelta(days=spec["final_days"]),
            ),
        )
        out.write(f"  курс: {course.title}")
    for number, module_spec in enumerate(spec["modules"]):
        module = CourseModulePage.objects.child_of(course).filter(slug=module_spec["slug"]).first()
        if module is None:
            module = _publish(
                course,
                CourseModulePage(
                    title=module_spec["title"],
                    slug=module_spec["slug"],
                    intro=_p(module_spec["intro"]),
                    has_assignment=True,
                    assignment_task=module_spec["task"],
                    assignment_due=now + datetime.timedelta(days=module_spec["days"]),
                    assignment_required=module_spec["required"],
                ),
            )
        for lesson_number, (slug, title, paragraphs) in enumerate(module_spec["lessons"], 1):
            if LessonPage.objects.child_of(module).filter(slug=slug).exists():
                continue
            material = materials[number % len(materials)] if materials else None
            _publish(
                module,
                LessonPage(
                    title=title,
                    slug=slug,
                    body=_lesson_body(
                        paragraphs, material if lesson_number == 1 else None, lesson_number
                    ),
                ),
            )
    return CoursePage.objects.get(pk=course.pk)


def _modules(course):
    return list(CourseModulePage.objects.child_of(course).order_by("path"))


def _view_lessons(enrolment, lessons):
    for lesson in lessons:
        LessonView.objects.get_or_create(enrolment=enrolment, lesson=lesson)


def _answer_file(title, text):
    return SimpleUploadedFile(f"{title}.txt", text.encode("utf-8"), content_type="text/plain")


def _learning(course_org, course_basic, people, tutors, out):
    """Learners at different stages; only on the first run (no answers yet)."""
    kovaleva, lebedev, solovyova, orlov = people
    ivanova, semenov = tutors
    if Submission.objects.filter(enrolment__course__in=[course_org, course_basic]).exists():
        return
    org_modules = _modules(course_org)
    basic_modules = _modules(course_basic)

    # Мария Ковалёва: the whole course done, final work accepted → certificate.
    enrolment = enrol(course_org, kovaleva)
    _view_lessons(enrolment, LessonPage.objects.descendant_of(course_org))
    for module in org_modules[:2]:
        answer = submit(
            enrolment,
            module,
            text="Ответ во вложении. В договоре предусмотрено возмещение расходов на проезд.",
            files=[_answer_file("otvet", f"Ответ на задание «{module.title}»")],
            notify=False,
        )
        review(answer, ivanova, accept=True, comment="Хорошая работа, спасибо!", notify=False)
    final = submit(
        enrolment,
        None,
        text="Программа развития добровольчества АНО «Добрые соседи» на 2027 год.",
        files=[_answer_file("programma", "Программа развития добровольчества на 2027 год")],
        agreed_by_name="Гончаренко Светлана Петровна",
        agreed_by_position="директор АНО «Добрые соседи»",
        notify=False,
    )
    review(
        final, ivanova, accept=True, comment="Программа реалистичная и продуманная.", notify=False
    )

    # Андрей Лебедев: first assignment accepted, the second awaits review.
    enrolment = enrol(course_org, lebedev)
    _view_lessons(enrolment, LessonPage.objects.child_of(org_modules[0]))
    _view_lessons(enrolment, LessonPage.objects.child_of(org_modules[1])[:1])
    answer = submit(enrolment, org_modules[0], text="Проект договора с добровольцем во вложении.",
                    files=[_answer_file("dogovor", "Проект договора с добровольцем")],
                    notify=False)  # fmt: skip
    review(answer, ivanova, accept=True, notify=False)
    submit(
        enrolment,
        org_modules[1],
        text="Ищем водителей-добровольцев, чтобы возить пожилых людей к врачу. "
        "Объявление: «Есть машина и свободная суббота? Помогите соседям добраться до "
        "поликлиники».",
        notify=False,
    )

    # Екатерина Соловьёва: first answer returned «на доработку».
    enrolment = enrol(course_basic, solovyova)
    _view_lessons(enrolment, LessonPage.objects.child_of(basic_modules[0]))
    answer = submit(
        enrolment,
        basic_modules[0],
        text="Возьму с собой гостинцы и поговорю о погоде.",
        notify=False,
    )
    review(
        answer,
        semenov,
        accept=False,
        comment="Подумайте, как вы договоритесь о визите с социальным работником и как "
        "будете общаться с человеком, который плохо слышит.",
        notify=False,
    )

    # Дмитрий Орлов: just enrolled, one lesson viewed.
    enrolment = enrol(course_basic, orlov)
    _view_lessons(enrolment, LessonPage.objects.child_of(basic_modules[0])[:1])
    out.write("  слушатели: записи, ответы и один сертификат")


def seed(command):
    out = command.stdout
    index, _created, _groups = setup_courses()
    now = timezone.now()
    materials = _materials()
    courses = [_ensure_course(index, spec, now, materials, out) for spec in COURSES]
    tutors = []
    for (username, name, region_slug), course in zip(TUTORS, courses, strict=True):
        tutor = demo_member(username, name, region_slug, role="expert", org_type="state")
        tutor.groups.add(ensure_tutors_group(course))
        tutors.append(tutor)
    people = [demo_member(*row) for row in LEARNERS]
    _learning(courses[0], courses[1], people, tutors, out)
    enrolments = Enrolment.objects.filter(course__in=courses).count()
    out.write(f"  курсов: {len(courses)}, записей: {enrolments}")
