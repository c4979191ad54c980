"""The account in every page's header, login back to the page one came from, and
the personal cabinet at /accounts/ with everything of the member's."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Consent, Profile
from courses.models import Certificate, Enrolment, LessonView
from courses.services import enrol
from events import services as event_services
from tests.conftest import make_user
from tests.courses.conftest import build_course, first_lesson
from tests.events.conftest import CONSENTS
from tests.forum.conftest import make_topic

User = get_user_model()


def login(client, username, password="pw-123456", next_url=None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_visitors_see_login_and_sign_up_in_the_header_with_the_page_to_return_to(client, regions):
    page = client.get("/karelia/?x=1").content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert 'href="/accounts/login/?next=/karelia/%3Fx%3D1"' in header
    assert 'href="/accounts/signup/"' in header
    assert "Выйти" not in header


def test_a_member_sees_their_name_and_menu_and_no_admin_link(client, regions):
    member = make_user("olga")
    Profile.objects.create(user=member, display_name="Ольга Петрова")
    client.force_login(member)
    page = client.get("/karelia/").content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert "Ольга Петрова" in header
    assert reverse("accounts:cabinet") in header
    assert reverse("accounts:profile_edit") in header
    assert f'action="{reverse("accounts:logout")}"' in header
    assert "Войти" not in header
    assert "Администрирование" not in header


def test_an_editor_also_gets_the_admin_link(client, editor_north):
    client.force_login(editor_north)
    page = client.get("/karelia/").content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert 'href="/admin/">Администрирование' in header


def test_login_returns_to_the_page_the_member_came_from(client, regions):
    make_user("olga")
    response = login(client, "olga", next_url="/karelia/")
    assert response.status_code == 302
    assert response["Location"] == "/karelia/"


def test_login_refuses_to_send_the_member_to_another_site(client, regions):
    make_user("olga")
    response = login(client, "olga", next_url="https://evil.example.com/phish")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:cabinet")


def test_login_without_next_opens_the_cabinet(client, regions):
    make_user("olga")
    response = login(client, "olga")
    assert response["Location"] == reverse("accounts:cabinet")


def test_the_cabinet_asks_visitors_to_log_in_first(client, db):
    response = client.get(reverse("accounts:cabinet"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/accounts/"


def test_logout_from_the_header_menu_ends_the_session(client, regions):
    client.force_login(make_user("olga"))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_cabinet_lists_the_members_registrations_with_status_and_link(
    client, conference, internship
):
    member = make_user("olga", first_name="Ольга")
    other = make_user("other")
    for name in ("first", "second"):  # members are placed at once: the two places
        user = make_user(name)
        event_services.register(
            conference, name=name, email=user.email, consents=CONSENTS, user=user
        )
    mine = event_services.register(
        conference, name="Ольга", email=member.email, consents=CONSENTS, user=member
    )
    pending = event_services.register(
        internship, name="Ольга", email=member.email, consents=CONSENTS, user=member
    )
    event_services.register(
        internship, name="Другой", email=other.email, consents=CONSENTS, user=other
    )
    assert mine.status == "waitlisted" and pending.awaits_approval

    client.force_login(member)
    page = client.get(reverse("accounts:cabinet")).content.decode()
    assert "Новые технологии и успешные практики" in page
    assert "в листе ожидания, место 1" in page
    assert "Стажировка в доме-интернате" in page
    assert "заявка на рассмотрении у организатора" in page
    from events import tokens

    assert tokens.path(mine, "manage") in page
    assert tokens.path(pending, "manage") in page
    assert "Другой" not in page and other.email not in page


def test_the_cabinet_shows_course_progress_certificates_and_posts(
    client, course_index, forums, roles
):
    member = roles["newcomer"]
    course = build_course(course_index, title="Курс для кабинета")
    enrolment = enrol(course, member)
    LessonView.objects.create(enrolment=enrolment, lesson=first_lesson(course))
    finished = build_course(course_index, title="Пройденный курс", slug="done")
    done = Enrolment.objects.create(course=finished, user=member)
    certificate = Certificate.objects.create(
        enrolment=done, full_name="Новичок Новиков", course_title="Пройденный курс"
    )
    waiting = make_topic(forums["karelia"], member, subject="Моя первая тема", approved=False)
    Consent.objects.create(user=member, kind=Consent.Kind.PERSONAL_DATA, version="2025-09")
    stranger = make_topic(forums["karelia"], roles["member"], subject="Чужая тема")

    client.force_login(member)
    page = client.get(reverse("accounts:cabinet")).content.decode()
    assert "Курс для кабинета" in page
    assert "Пройдено уроков: 1 из 4" in page
    assert "Осталось сдать 2 задания" in page
    assert "Пройденный курс" in page
    assert certificate.code in page
    assert certificate.pdf_url() in page and certificate.get_absolute_url() in page
    assert waiting.subject in page
    assert "Ожидает проверки модератором" in page
    assert stranger.subject not in page
    assert "редакция 2025-09" in page


def _past_event(regions, slug="conf-cabinet", title="Конференция в Ялте"):
    import datetime

    from django.utils import timezone

    from events.models import EventKind
    from tests.events.conftest import make_event

    now = timezone.now()
    return make_event(
        regions["crimea"].hub,
        title=title,
        slug=slug,
        kind=EventKind.CONFERENCE,
        start=now - datetime.timedelta(days=3),
        end=now - datetime.timedelta(days=2),
        registration_opens=now - datetime.timedelta(days=30),
    )


def test_the_cabinet_lists_attendance_certificates_and_surveys_to_answer(
    client, regions, events_index, course_index
):
    from results.attendance import issue_for_event
    from results.models import AttendanceCertificate, Survey, SurveyQuestion, SurveyResponse
    from tests.results.test_attendance import register

    member = make_user("anna", first_name="Анна")
    stranger = make_user("stranger")
    event = _past_event(regions)
    other_event = _past_event(regions, slug="conf-other", title="Чужая конференция")
    register(event, "Анна Смирнова", member.email, user=member)
    register(other_event, "Чужой Участник", stranger.email, user=stranger)
    organiser = make_user("organiser", is_superuser=True)
    issue_for_event(event, organiser)
    issue_for_event(other_event, organiser)
    course = build_course(course_index, title="Курс с опросом")
    Enrolment.objects.create(course=course, user=member)
    Certificate.objects.create(
        enrolment=Enrolment.objects.get(course=course, user=member),
        full_name="Анна Смирнова",
        course_title="Курс с опросом",
    )
    asked = Survey.objects.create(title="Как прошла конференция?", event=event)
    about_course = Survey.objects.create(title="Как вам курс?", course=course)
    answered = Survey.objects.create(title="Уже отвеченный опрос", course=course)
    foreign = Survey.objects.create(title="Опрос чужого события", event=other_event)
    for survey in (asked, about_course, answered, foreign):
        SurveyQuestion.objects.create(survey=survey, text="Польза", kind="scale", sort_order=0)
    SurveyResponse.objects.create(survey=answered, user=member, answers={})

    client.force_login(member)
    page = client.get(reverse("accounts:cabinet")).content.decode()

    member_certificate = AttendanceCertificate.objects.get(registration__user=member)
    certificate = AttendanceCertificate.objects.get(registration__user=stranger)
    assert "У вас 2 сертификата." in page
    assert "Конференция в Ялте" in page and member_certificate.code in page
    assert member_certificate.pdf_url() in page
    assert member_certificate.get_absolute_url() in page
    assert certificate.code not in page and "Чужая конференция" not in page

    assert "2 опроса ждут вашего ответа" in page
    assert asked.get_absolute_url() in page and about_course.get_absolute_url() in page
    assert "Событие: Конференция в Ялте" in page and "Курс: Курс с опросом" in page
    assert answered.title not in page and foreign.title not in page
    # Not a representative of an organisation: no reports section at all.
    assert 'id="reports"' not in page


def test_the_cabinet_counts_surveys_to_answer_in_correct_russian(client, regions, course_index):
    from results.models import Survey

    member = make_user("anna", first_name="Анна")
    course = build_course(course_index, title="Курс с опросами")
    Enrolment.objects.create(course=course, user=member)
    client.force_login(member)
    expected = {
        1: "Один опрос ждёт вашего ответа: он займёт пару минут",
        3: "3 опроса ждут вашего ответа: каждый займёт пару минут",
        5: "5 опросов ждут вашего ответа: каждый займёт пару минут",
        21: "21 опрос ждёт вашего ответа: каждый займёт пару минут",
    }
    for number in range(1, 22):
        Survey.objects.create(title=f"Опрос {number}", course=course)
        if number in expected:
            page = client.get(reverse("accounts:cabinet")).content.decode()
            assert expected[number] in page, number


def test_the_cabinet_says_when_there_are_no_certificates_surveys_or_reports(client, db):
    member = make_user("empty")
    client.force_login(member)
    page = client.get(reverse("accounts:cabinet")).content.decode()
    assert "Сертификатов пока нет" in page
    assert "Опросов, ждущих вашего ответа, нет." in page
    assert 'id="reports"' not in page


def test_the_cabinet_lists_the_reports_a_representative_still_has_to_submit(client, db):
    import datetime

    from django.utils import timezone

    from organisations.models import Membership, Organisation
    from results.models import OrganisationReport, ReportingPeriod

    today = timezone.localdate()
    year = today.year
    periods = [
        ReportingPeriod.objects.create(
            label=f"{year - 1}, {quarter} квартал",
            start=datetime.date(year - 1, month, 1),
            end=datetime.date(year - 1, month + 2, 28),
            due=datetime.date(year - 1, month + 2, 28),
        )
        for quarter, month in (("I", 1), ("II", 4), ("III", 7), ("IV", 10))
    ]
    ReportingPeriod.objects.create(  # not over yet: nothing to submit for it
        label="Будущий период",
        start=today,
        end=today + datetime.timedelta(days=90),
        due=today + datetime.timedelta(days=100),
    )
    rep = make_user("rep")
    org = Organisation.objects.create(
        name="АНО «Тёплый дом»", org_type="sonko", is_participant=True
    )
    Membership.objects.create(user=rep, organisation=org, is_representative=True)
    OrganisationReport.objects.create(organisation=org, period=periods[0], status="accepted")
    OrganisationReport.objects.create(
        organisation=org, period=periods[1], status="returned", review_comment="Нет часов услуг"
    )
    client.force_login(rep)
    page = client.get(reverse("accounts:cabinet")).content.decode()
    assert "Отчёты организации «АНО «Тёплый дом»»" in page
    assert "Осталось сдать 3 отчёта." in page
    assert reverse("results:report", args=[periods[1].pk]) in page
    assert "возвращён на доработку" in page and "Нет часов услуг" in page
    assert reverse("results:report", args=[periods[3].pk]) in page
    assert reverse("results:report", args=[periods[0].pk]) not in page
    assert "Будущий период" not in page

    for period in periods[1:]:
        OrganisationReport.objects.update_or_create(
            organisation=org, period=period, defaults={"status": "submitted"}
        )
    page = client.get(reverse("accounts:cabinet")).content.decode()
    assert "Все отчёты за прошедшие периоды отправлены." in page
