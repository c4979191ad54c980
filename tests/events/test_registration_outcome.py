"""After «Зарегистрироваться» the outcome is the first thing in the registration
section, where the form's anchor leaves the visitor, says what happens next, and
the filled form is not offered again as if nothing had happened."""

import re

from django.urls import reverse

from events.models import Registration
from tests.conftest import make_user
from tests.events.conftest import form_data

URL = "/crimea/conference/"


def registration_section(content):
    return content[
        content.index('id="registration"') : content.index(
            "</section>", content.index('id="registration"')
        )
    ]


def test_a_guest_lands_on_the_outcome_panel_with_what_to_do_next(client, conference):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == URL + "#registration-status"

    content = client.get(URL).content.decode()
    section = registration_section(content)
    panel = re.search(r'<div class="status-panel" id="registration-status"[^>]*>', section)
    assert panel and "data-focus-on-load" in panel.group(0) and 'tabindex="-1"' in panel.group(0)
    assert 'role="status"' in section
    assert "мы отправили письмо на irina@example.org" in section
    assert "папку «Спам»" in section
    # The form is not shown again as if nothing had happened; another person can still sign up.
    assert "registration-form" not in section
    assert "Зарегистрировать ещё одного участника" in section
    # The notice is not repeated above the page, out of the visitor's sight.
    assert content.count("мы отправили письмо на irina@example.org") == 1


def test_a_second_submission_is_refused_inside_the_section_as_an_alert(client, conference):
    client.post(URL, form_data())
    client.get(URL)
    response = client.post(URL, form_data(name="Ещё раз"))
    assert response.status_code == 409
    section = registration_section(response.content.decode())
    assert 'role="alert"' in section
    assert "уже есть регистрация на это событие" in section
    assert Registration.objects.count() == 1


def test_a_member_on_the_waiting_list_is_told_their_place(client, conference):
    for name in ("first", "second", "third"):
        user = make_user(name)
        client.force_login(user)
        response = client.post(URL, form_data(email=user.email))
    manage = client.get(response["Location"]).content.decode()
    assert 'id="registration-status"' in manage
    assert "вы в листе ожидания, место 1" in manage
    assert "third@example.org" in manage
    # Its cabinet says the same.
    assert "в листе ожидания, место 1" in client.get(reverse("accounts:cabinet")).content.decode()


def test_cancelling_takes_a_second_confirming_step(client, conference):
    user = make_user("olga")
    client.force_login(user)
    manage_url = client.post(URL, form_data(email=user.email))["Location"]
    page = client.get(manage_url).content.decode()
    start = page.index('<details class="confirm-cancel">')
    details = page[start : page.index("</details>", start)]
    assert "<summary" in details and "Отменить регистрацию" in details
    assert "Ваше место перейдёт следующему участнику" in details
    assert 'type="submit">Да, отменить регистрацию</button>' in details
    assert page.count('name="action" value="cancel"') == 1  # only inside the second step
