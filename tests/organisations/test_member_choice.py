"""Issue 22, item 1: members pick their organisation from the directory at
sign-up and in their profile, or propose a missing one for the region's
moderator to approve. Through the sign-up and profile pages over HTTP."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from organisations.models import Membership, Organisation
from tests.conftest import make_user

from .conftest import make_org

User = get_user_model()


@pytest.fixture
def signup(regions):
    def data(**changes):
        values = {
            "email": "olga@example.org",
            "password1": "Добро-2026-пароль",
            "password2": "Добро-2026-пароль",
            "display_name": "Ольга Петрова",
            "organisation": "",
            "organisation_type": "ngo",
            "region": regions["karelia"].pk,
            "role": "ngo_specialist",
            "bio": "",
            "personal_data_consent": "on",
        }
        values.update(changes)
        return values

    return data


@pytest.fixture
def karelian(regions):
    return make_org("АНО «Онежский дом»", regions["karelia"])


def test_sign_up_offers_the_directory_and_records_the_choice(client, signup, karelian):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert "Организация из каталога" in page and "АНО «Онежский дом»" in page

    response = client.post(reverse("accounts:signup"), signup(directory_organisation=karelian.pk))
    assert response.status_code == 302
    user = User.objects.get(email="olga@example.org")
    assert Membership.objects.get(user=user).organisation == karelian
    assert user.profile.organisation == "АНО «Онежский дом»"


def test_sign_up_proposes_a_missing_organisation_to_the_regions_moderator(
    client, signup, people, regions
):
    response = client.post(
        reverse("accounts:signup"),
        signup(
            organisation="АНО «Новая надежда»",
            propose_organisation="on",
            proposed_type="sonko",
        ),
    )
    assert response.status_code == 302
    user = User.objects.get(email="olga@example.org")
    proposed = Organisation.objects.get(name="АНО «Новая надежда»")
    assert (proposed.status, proposed.region, proposed.org_type, proposed.proposed_by) == (
        Organisation.Status.PROPOSED, regions["karelia"], "sonko", user
    )  # fmt: skip
    assert Membership.objects.get(user=user).organisation == proposed
    # Not in the public directory until the moderator approves it.
    assert "Новая надежда" not in client.get(reverse("organisations:directory")).content.decode()
    assert client.get(proposed.get_absolute_url()).status_code == 404

    listing = reverse("wagtailsnippets_organisations_organisation:list")
    client.force_login(people["karelia"]["moderator"])
    assert "Новая надежда" in client.get(listing + "?status=proposed").content.decode()
    client.force_login(people["crimea"]["moderator"])
    edit = reverse("wagtailsnippets_organisations_organisation:edit", args=[proposed.pk])
    response = client.get(edit)
    assert response.status_code == 302
    assert response["Location"] == listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"organisation": "ано «онежский дом»", "propose_organisation": "on",
             "proposed_type": "sonko"},
            "organisation",
            "Такая организация уже есть в каталоге: выберите её из списка.",
        ),
        (
            {"organisation": "АНО  «чужое предложение»", "propose_organisation": "on",
             "proposed_type": "sonko"},
            "organisation",
            "Организацию с таким названием уже предложили в другом регионе: уточните "
            "название, например добавьте город или район.",
        ),
        (
            {"organisation": "АНО «Другая»", "propose_organisation": "on", "proposed_type": ""},
            "proposed_type",
            "Укажите тип предлагаемой организации.",
        ),
        (
            {"organisation": "АНО «Другая»", "propose_organisation": "on",
             "proposed_type": "sonko", "region": ""},
            "region",
            "Укажите регион предлагаемой организации.",
        ),
        (
            {"propose_organisation": "on", "proposed_type": "sonko"},
            "organisation",
            "Впишите название предлагаемой организации.",
        ),
        (
            {"directory_organisation": "KARELIAN", "organisation": "АНО «Другая»",
             "propose_organisation": "on", "proposed_type": "sonko"},
            "propose_organisation",
            "Выберите организацию из каталога или предложите новую, не то и другое.",
        ),
        (
            {"directory_organisation": "PENDING"},
            "directory_organisation",
            "Выберите организацию из списка.",
        ),
    ],
)  # fmt: skip
def test_bad_organisation_choice_is_refused_in_russian_and_nothing_is_saved(
    client, signup, karelian, regions, changes, field, message
):
    pending = make_org("АНО «Чужое предложение»", regions["crimea"], status="proposed")
    ids = {"KARELIAN": karelian.pk, "PENDING": pending.pk}
    changes = {key: ids.get(value, value) for key, value in changes.items()}
    before = set(Organisation.objects.values_list("pk", flat=True))
    response = client.post(reverse("accounts:signup"), signup(**changes))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not User.objects.filter(email="olga@example.org").exists()
    assert set(Organisation.objects.values_list("pk", flat=True)) == before
    assert not Membership.objects.exists()


def test_sign_up_with_a_registered_address_proposes_nothing(client, signup):
    make_user("olga")  # olga@example.org
    response = client.post(
        reverse("accounts:signup"),
        signup(organisation="АНО «Призрак»", propose_organisation="on", proposed_type="sonko"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    assert not Organisation.objects.filter(name="АНО «Призрак»").exists()
    assert not Membership.objects.exists()


def profile_data(**changes):
    values = {"display_name": "Анна", "organisation": "", "organisation_type": "ngo",
              "region": "", "role": "volunteer", "bio": ""}  # fmt: skip
    values.update(changes)
    return values


def test_profile_keeps_the_representative_role_until_the_member_changes_organisation(
    client, karelian, regions
):
    member = make_user("anna")
    Membership.objects.create(user=member, organisation=karelian, is_representative=True)
    other = make_org("АНО «Белые ночи»", regions["spb"])
    client.force_login(member)
    url = reverse("accounts:profile_edit")
    page = client.get(url).content.decode()
    assert f'<option value="{karelian.pk}" selected>' in page

    response = client.post(url, profile_data(directory_organisation=karelian.pk))
    assert response.status_code == 302
    assert Membership.objects.get(user=member).is_representative is True

    client.post(url, profile_data(directory_organisation=other.pk))
    membership = Membership.objects.get(user=member)
    assert (membership.organisation, membership.is_representative) == (other, False)

    client.post(url, profile_data(directory_organisation=""))
    assert not Membership.objects.filter(user=member).exists()


def test_profile_keeps_a_members_own_pending_proposal(client, regions):
    member = make_user("anna")
    mine = make_org("АНО «Моё предложение»", regions["karelia"], status="proposed")
    Membership.objects.create(user=member, organisation=mine)
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile_edit"), profile_data(directory_organisation=mine.pk)
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=member).organisation == mine
