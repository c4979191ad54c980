"""Demo results: three years of quarterly periods, reports of every participating
organisation with plausible growth (accepted, except the last quarter's mix of
submitted, returned and missing ones), and the programme's targets.

Coherent with the practices: an organisation's accepted figures for 2025 exceed
what its practices say they did (hours, recipients, volunteers). Safe to re-run:
existing reports are left as they are."""

import math
import random

from django.db.models import Sum
from django.utils import timezone

from home.demo import refresh_planner_statistics
from home.models import Region
from home.page_cache import bulk_changes
from organisations.models import Organisation
from practices.models import PracticeIndicatorRow, ServiceType, TargetGroup

from .indicators import all_figures
from .models import IndicatorTarget, OrganisationReport, RecipientRow, ServiceRow
from .periods import ensure_periods

Status = OrganisationReport.Status


def _practice_totals(org):
    rows = PracticeIndicatorRow.objects.filter(page__organisation=org, page__live=True)
    totals = dict(
        rows.values("indicator__slug")
        .annotate(total=Sum("value"))
        .values_list("indicator__slug", "total")
    )
    return {key: int(value or 0) for key, value in totals.items()}


def _series(rng, periods, base, growth):
    """Quarterly values from `base`, growing by about `growth` a quarter, with noise."""
    values = []
    for index, _period in enumerate(periods):
        seasonal = 0.9 if index % 4 == 2 else 1.0  # summer dip
        noise = rng.uniform(0.93, 1.07)
        values.append(max(0, round(base * (1 + growth) ** index * seasonal * noise)))
    return values


def seed(command):
    out = command.stdout
    today = timezone.localdate()
    periods = ensure_periods(today.year - 2, today.year)
    ended = [p for p in periods if p.end < today]
    if not ended:
        return
    services = list(ServiceType.objects.all())
    groups = list(TargetGroup.objects.all())
    created = 0
    for org in Organisation.objects.filter(is_participant=True).order_by("pk"):
        if OrganisationReport.objects.filter(organisation=org).exists():
            continue
        rng = random.Random(f"results-{org.name}")  # noqa: S311 - deterministic demo numbers
        practice = _practice_totals(org)
        growth = rng.uniform(0.02, 0.06)
        hours = _series(rng, ended, rng.randrange(300, 1500), growth)
        recipients = _series(rng, ended, rng.randrange(40, 220), growth)
        active = _series(rng, ended, rng.randrange(10, 60), growth / 2)
        # Coherence with the practices: 2025 totals above what the practices claim.
        in_2025 = [i for i, p in enumerate(ended) if p.start.year == 2025]
        for series, key in ((hours, "chasy"), (recipients, "poluchateli")):
            claimed = practice.get(key, 0) * 1.2
            reported = sum(series[i] for i in in_2025)
            if in_2025 and reported < claimed:
                factor = claimed / max(reported, 1)
                series[:] = [math.ceil(v * factor) + 1 for v in series]
        claimed_volunteers = practice.get("dobrovolcy", 0)
        if claimed_volunteers:
            active[:] = [max(v, claimed_volunteers + 1) for v in active]
        my_services = list(org.services.all()) or services[:2]
        my_groups = list(org.target_groups.all()) or groups[:2]
        for index, period in enumerate(ended):
            last = index == len(ended) - 1
            status = Status.ACCEPTED
            if last:
                status = rng.choice(
                    [Status.ACCEPTED] * 6 + [Status.SUBMITTED, Status.RETURNED, None]
                )
                if status is None:
                    continue  # late: the reminder command will write
            report = OrganisationReport.objects.create(
                organisation=org,
                period=period,
                status=status,
                volunteers_active=active[index],
                volunteers_new=max(1, active[index] // rng.randrange(4, 8)),
                events_held=rng.randrange(1, 12),
                submitted_at=timezone.now(),
                review_comment="Уточните число получателей по группам."
                if status == Status.RETURNED
                else "",
            )
            cells = [(s, g) for s in my_services for g in my_groups]
            shares = [rng.uniform(0.5, 1.5) for _cell in cells]
            total = sum(shares)
            with bulk_changes():
                ServiceRow.objects.bulk_create(
                    [
                        ServiceRow(
                            report=report,
                            service_type=s,
                            target_group=g,
                            hours=math.ceil(hours[index] * share / total),
                            cases=max(
                                1, math.ceil(hours[index] * share / total / rng.uniform(2, 5))
                            ),
                        )
                        for (s, g), share in zip(cells, shares, strict=True)
                    ]
                )
            split = [rng.uniform(0.5, 1.5) for _g in my_groups]
            with bulk_changes():
                RecipientRow.objects.bulk_create(
                    [
                        RecipientRow(
                            report=report,
                            target_group=g,
                            people=math.ceil(recipients[index] * w / sum(split)),
                        )
                        for g, w in zip(my_groups, split, strict=True)
                    ]
                )
            created += 1
    _proposals(ended)
    _counts(ended)
    _consultations(ended)
    _past_learners(ended)
    _past_conferences(today)
    # The reports just written, before summing them.
    refresh_planner_statistics([Organisation, OrganisationReport, ServiceRow, RecipientRow])
    # Targets for this year: a tenth above last year's accepted figures.
    last_year = [p for p in ended if p.start.year == today.year - 1]
    for region in [None, *Region.objects.regional()]:
        figures = all_figures(last_year, region)
        for code in ("service_hours", "recipients", "volunteers_new", "certified"):
            value = sum(figures[code].values())
            if value:
                IndicatorTarget.objects.get_or_create(
                    indicator=code,
                    region=region,
                    year=today.year,
                    defaults={"value": math.ceil(value * 1.1)},
                )
    out.write(f"Отчёты организаций: создано {created}, всего {OrganisationReport.objects.count()}")


PROPOSAL_SUBJECTS = [
    "Типовое положение о добровольческой деятельности в учреждениях социального обслуживания",
    "Порядок допуска добровольцев в стационарные организации",
    "Типовой договор учреждения с добровольцем",
    "Предложения в региональную программу поддержки СО НКО",
    "Стандарт сопровождения людей старшего поколения добровольцами на дому",
]


def _proposals(ended):
    from .models import Proposal

    if Proposal.objects.exists():
        return
    rows = []
    for region in Region.objects.regional():
        authority = Organisation.objects.filter(region=region, org_type="authority").first()
        name = authority.name if authority else f"Орган власти ({region.name})"
        rng = random.Random(f"proposals-{region.slug}")  # noqa: S311 - deterministic demo
        for index, period in enumerate(ended[1::2]):
            submitted = period.start + (period.end - period.start) * rng.uniform(0.1, 0.9)
            answered = index < len(ended[1::2]) - 1
            rows.append(
                Proposal(
                    region=region,
                    authority=name,
                    subject=PROPOSAL_SUBJECTS[(index + region.pk) % len(PROPOSAL_SUBJECTS)],
                    submitted_on=submitted,
                    answered_on=(submitted + (period.end - period.start) / 3) if answered else None,
                    answer="Предложение поддержано, направлено в рабочую группу."
                    if answered
                    else "",
                )
            )
    with bulk_changes():
        Proposal.objects.bulk_create(rows)


def _counts(ended):
    """Views of practices and downloads of materials' files, by month, growing."""
    from wagtail.documents import get_document_model

    from practices.models import MaterialFile, SuccessStoryPage

    from .models import DailyCount

    if DailyCount.objects.exists():
        return
    practices = list(SuccessStoryPage.objects.live().values_list("pk", "first_published_at"))
    documents = list(MaterialFile.objects.values_list("document_id", flat=True).distinct()) or list(
        get_document_model().objects.values_list("pk", flat=True)[:20]
    )
    rows = []
    for index, period in enumerate(ended):
        for kind, ids in (
            (
                DailyCount.Kind.PRACTICE_VIEW,
                [pk for pk, published in practices if published and published.date() <= period.end],
            ),
            (DailyCount.Kind.DOWNLOAD, documents),
        ):
            for object_id in ids:
                rng = random.Random(f"{kind}-{object_id}-{period.pk}")  # noqa: S311
                count = round(rng.randrange(20, 120) * (1.06**index))
                rows.append(DailyCount(kind=kind, object_id=object_id, day=period.end, count=count))
    DailyCount.objects.bulk_create(rows)


CONSULTATION_QUESTIONS = [
    ("Как оформить договор с несовершеннолетним добровольцем",
     "Школьники 15 лет хотят помогать в нашем центре. Какие документы нужны от родителей?"),
    ("Нужна ли медицинская книжка добровольцам в доме престарелых",
     "Добровольцы приходят читать и гулять с проживающими. Требуется ли им медкнижка?"),
    ("Как учитывать часы добровольцев в отчёте учреждения",
     "В госзадании просят показать участие добровольцев. Как считать и подтверждать часы?"),
    ("Можно ли добровольцам сопровождать пожилых к врачу",
     "Есть ли ограничения, если доброволец сопровождает подопечного в поликлинику?"),
    ("Как вести себя добровольцу при выгорании",
     "Наши добровольцы после полугода работы с тяжелобольными устают. Что посоветуете?"),
    ("Персональные данные подопечных: что можно передавать добровольцам",
     "Какие сведения о подопечных можно сообщать добровольцам по 152-ФЗ?"),
    ("Страхование добровольцев при выездах",
     "Выезжаем к пожилым в сёла. Обязательно ли страховать добровольцев и за чей счёт?"),
    ("Как привлечь добровольцев старшего возраста",
     "Хотим создать группу «серебряных» добровольцев. С чего начать?"),
    ("Поощрение добровольцев без денежных выплат",
     "Какие формы благодарности добровольцам допустимы в бюджетном учреждении?"),
    ("Работа добровольцев с детьми с инвалидностью",
     "Какую подготовку должен пройти доброволец перед занятиями с особыми детьми?"),
    ("Можно ли принимать пожертвования вещами от добровольцев",
     "Добровольцы приносят вещи для подопечных. Как это оформить в учреждении?"),
    ("Как оценить результат добровольческой практики",
     "Грантодатель просит показать изменения у получателей услуг. Какие показатели взять?"),
]  # fmt: skip

EXPERT_ANSWERS = {
    "expert-law": "По закону № 135-ФЗ это оформляется договором с добровольцем и локальным "
    "актом организации. Пришлите проект — посмотрю и подскажу формулировки.",
    "expert-psy": "Начните с короткой беседы и понятных правил: кто куратор, как просить "
    "помощи, когда отдыхать. Раз в месяц полезна встреча-супервизия группы.",
}


def _consultations(ended):
    """Questions to the experts in every past period, most answered within a day or
    two, so /results/ shows consultations and the answer time for each period."""
    import datetime

    from django.contrib.auth import get_user_model

    from machina.apps.forum.models import Forum
    from machina.apps.forum_conversation.models import Post, Topic

    from forum.services import notifications_paused
    from forum.setup import CONSULTATIONS

    users = {u.username: u for u in get_user_model().objects.filter(username__contains="-")}
    askers = [u for name, u in sorted(users.items()) if name.startswith("member-")]
    experts = [users[name] for name in EXPERT_ANSWERS if name in users]
    forum = Forum.objects.filter(name=CONSULTATIONS).first()
    subjects = [subject for subject, _text in CONSULTATION_QUESTIONS]
    if forum is None or not askers or not experts:
        return
    if Topic.objects.filter(forum=forum, subject__in=subjects).exists():
        return
    rng = random.Random("consultations")  # noqa: S311 - deterministic demo
    number = 0
    with notifications_paused():
        for index, period in enumerate(ended):
            for _question in range(2 + index % 3):
                subject, text = CONSULTATION_QUESTIONS[number % len(CONSULTATION_QUESTIONS)]
                number += 1
                asker = askers[number % len(askers)]
                expert = experts[number % len(experts)]
                days = (period.end - period.start).days
                asked = timezone.make_aware(
                    datetime.datetime.combine(
                        period.start + datetime.timedelta(days=rng.randrange(days - 3)),
                        datetime.time(rng.randrange(9, 18), rng.randrange(60)),
                    )
                )
                topic = Topic.objects.create(
                    forum=forum, subject=subject, poster=asker, type=Topic.TOPIC_POST,
                    status=Topic.TOPIC_UNLOCKED, approved=True,
                )  # fmt: skip
                question = Post.objects.create(
                    topic=topic, poster=asker, subject=subject, content=text, approved=True
                )
                rows = [(question, asked)]
                if rng.random() < 0.9 or index < len(ended) - 1:
                    answered = asked + datetime.timedelta(hours=rng.uniform(2, 40))
                    answer = Post.objects.create(
                        topic=topic,
                        poster=expert,
                        subject=f"Re: {subject}",
                        content=EXPERT_ANSWERS[expert.username],
                        approved=True,
                    )
                    rows.append((answer, answered))
                with bulk_changes():
                    for post, moment in rows:
                        Post.objects.filter(pk=post.pk).update(created=moment, updated=moment)
                    Topic.objects.filter(pk=topic.pk).update(
                        created=asked,
                        updated=rows[-1][1],
                        last_post_on=rows[-1][1],
                        views_count=25 + (topic.pk * 37) % 160,  # read, as topics are
                    )


def _past_learners(ended):
    """Earlier cohorts of the distance courses: a few learners of every region
    certified in each past period (accounts without a password, closed to logins)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from accounts.models import Profile
    from courses.models import Certificate, CoursePage, Enrolment, new_certificate_code

    User = get_user_model()
    courses = list(CoursePage.objects.live().order_by("pk"))
    regions = list(Region.objects.regional())
    if not courses or not regions or User.objects.filter(username__startswith="alumnus-").exists():
        return
    rng = random.Random("past-learners")  # noqa: S311 - deterministic demo
    people = []
    for index, period in enumerate(ended):
        for region in regions:
            for number in range(rng.randrange(2, 5) + index // 3):
                days = (period.end - period.start).days
                certified = timezone.make_aware(
                    datetime.datetime.combine(
                        period.start + datetime.timedelta(days=rng.randrange(days)),
                        datetime.time(12),
                    )
                )
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                username = f"alumnus-{period.pk}-{region.slug}-{number}"
                people.append((username, name, region, rng.choice(courses), certified))
    with bulk_changes():
        User.objects.bulk_create(
            [
                User(
                    username=username,
                    email=f"{username}@dobro-social.example",
                    first_name=name,
                    password=make_password(None),
                    date_joined=certified - datetime.timedelta(days=60),
                )
                for username, name, _region, _course, certified in people
            ]
        )
        ids = dict(
            User.objects.filter(username__startswith="alumnus-").values_list("username", "pk")
        )
        Profile.objects.bulk_create(
            [
                Profile(
                    user_id=ids[username],
                    display_name=name,
                    region=region,
                    role=Profile.Role.NGO_SPECIALIST,
                    email_confirmed_at=certified - datetime.timedelta(days=60),
                )
                for username, name, region, _course, certified in people
            ]
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    course=course,
                    user_id=ids[username],
                    created_at=certified - datetime.timedelta(days=45),
                )
                for username, _name, _region, course, certified in people
            ]
        )
        enrolments = dict(
            Enrolment.objects.filter(user__username__startswith="alumnus-").values_list(
                "user__username", "pk"
            )
        )
        Certificate.objects.bulk_create(
            [
                Certificate(
                    enrolment_id=enrolments[username],
                    code=new_certificate_code(),
                    full_name=name,
                    course_title=course.title,
                    issued_at=certified,
                )
                for username, name, _region, course, certified in people
            ]
        )


FIRST_NAMES = ["Анна", "Ирина", "Ольга", "Марина", "Елена", "Сергей", "Алексей", "Наталья",
               "Татьяна", "Дмитрий", "Юлия", "Павел", "Светлана", "Виктор", "Людмила"]  # fmt: skip
LAST_NAMES = ["Ковальчук", "Петренко", "Соколова", "Иванова", "Мельник", "Захарова",
              "Лебедева", "Орлова", "Никитина", "Кузнецова", "Волкова", "Морозова"]  # fmt: skip


def _past_conferences(today):
    """The conferences of the last two years in Crimea: participants checked in,
    attendance certificates issued, a feedback survey answered by demo members."""
    import datetime

    from django.contrib.auth import get_user_model

    from events.demo import _ensure_event, _local, _register
    from events.models import EventKind, Registration

    from .models import AttendanceCertificate, Survey, SurveyQuestion, SurveyResponse

    crimea = Region.objects.filter(slug="crimea").first()
    if crimea is None or crimea.hub is None:
        return
    members = list(get_user_model().objects.filter(username__startswith="member-"))

    class Quiet:
        def write(self, *args):
            pass

    for year in (today.year - 2, today.year - 1):
        day = datetime.date(year, 9, 24)
        event, created = _ensure_event(
            crimea.hub,
            f"conference-crimea-{year}",
            Quiet(),
            title=f"Межрегиональная конференция программы {year} года",
            kind=EventKind.CONFERENCE,
            summary="Итоги года: практики регионов, обучение, предложения органам власти.",
            start=_local("Europe/Simferopol", day, 10),
            end=_local("Europe/Simferopol", day + datetime.timedelta(days=1), 17),
            venue_name="Крымский федеральный университет им. В. И. Вернадского",
            venue_address="Симферополь, проспект Академика Вернадского, 4",
            registration_opens=_local("Europe/Simferopol", day - datetime.timedelta(days=60), 9),
            capacity=200,
        )
        if not created:
            continue
        checked = _local("Europe/Simferopol", day, 9)
        rng = random.Random(f"conference-{year}")  # noqa: S311 - deterministic demo
        people = 90 + (year - today.year + 2) * 25
        for number in range(people):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            came = rng.random() < 0.85
            _register(
                event,
                name,
                f"conf{year}-{number}@dobro-social.example",
                Registration.Status.CONFIRMED,
                checked,
                checked_in=came,
            )
        for member in members:
            _register(
                event,
                member.get_full_name() or member.username,
                member.email,
                Registration.Status.CONFIRMED,
                checked,
                checked_in=True,
            )
            with bulk_changes():
                Registration.objects.filter(event=event, email=member.email).update(
                    user=member, checked_in_at=checked
                )
        from .attendance import _dates, new_code

        for registration in Registration.objects.filter(event=event, checked_in_at__isnull=False):
            AttendanceCertificate.objects.create(
                registration=registration,
                code=new_code(),
                full_name=registration.name,
                event_title=event.title,
                event_kind=event.get_kind_display(),
                event_dates=_dates(event),
            )
        with bulk_changes():
            AttendanceCertificate.objects.filter(registration__event=event).update(
                issued_at=event.end
            )
        survey = Survey.objects.create(
            title=f"Оценка конференции {year} года",
            event=event,
            intro="Ваши оценки помогают программе отчитываться о качестве и делать следующую "
            "конференцию лучше.",
        )
        questions = [
            SurveyQuestion.objects.create(survey=survey, text=text, kind=kind, sort_order=order)
            for order, (text, kind) in enumerate(
                [
                    ("Насколько полезной была конференция для вашей работы?", "scale"),
                    ("Как вы оцениваете организацию конференции?", "scale"),
                    ("Что стоит изменить в следующий раз?", "text"),
                ]
            )
        ]
        with bulk_changes():
            Survey.objects.filter(pk=survey.pk).update(invitations_sent_at=event.end)
        remarks = ["Больше практикумов", "Трансляция для тех, кто не смог приехать", ""]
        for member in members:
            SurveyResponse.objects.create(
                survey=survey,
                user=member,
                answers={
                    str(questions[0].pk): str(rng.choice([4, 5, 5])),
                    str(questions[1].pk): str(rng.choice([3, 4, 5])),
                    str(questions[2].pk): rng.choice(remarks),
                },
            )
