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
