"""Public views of events: thin, they read input, call a service and pick a reply.

`event_page` is EventPage.serve(); the others are plain URLs (events/urls.py).
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from background.mail import latest_about
from home import throttle
from home.i18n import chosen_language
from home.models import Region
from home.page_cache import keep_until

from . import calendar, emails, services, tokens
from .forms import RegistrationForm, ResendLetterForm
from .models import ConsentKind, ConsentText, EventPage, Registration

Status = Registration.Status


def _my_registration(request, event):
    user = request.user
    if not user.is_authenticated:
        return None
    query = Registration.objects.filter(event=event, status__in=Registration.ACTIVE_STATUSES)
    mine = query.filter(user=user).first()
    if mine is None and user.email:
        mine = query.filter(email=user.email.strip().lower()).first()
    return mine


def event_context(request, event, form=None):
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    places_left = None if event.capacity is None else max(event.capacity - confirmed, 0)
    mine = _my_registration(request, event)
    # A cached copy of the page must not outlive the state it shows.
    next_change = event.next_change()
    if next_change is not None:
        keep_until(request, next_change)
    feed_url = ""
    if event.region_id:
        feed_url = reverse("events:region_feed", args=[event.region.slug])
    return {
        "calendar_feed_url": feed_url,
        "ics_url": reverse("events:event_ics", args=[event.pk]),
        "form": form or RegistrationForm(event=event, user=request.user),
        "registration_state": event.registration_state(),
        "places_left": places_left,
        "my_registration": mine,
        "my_manage_url": tokens.path(mine, "manage") if mine else "",
        "consent_urls": {
            kind: reverse("events:consent", args=[kind]) for kind in ConsentKind.values
        },
    }


def event_page(request, event):
    form = None
    status = 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, event=event, user=request.user)
        if not request.user.is_authenticated and throttle.too_many(request, "event-guest"):
            messages.error(request, throttle.refusal_message())
            status = 429
        elif form.is_valid():
            try:
                registration = services.register(
                    event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    answers=form.answers(),
                    consents=form.consents(),
                    user=request.user,
                    language=chosen_language(request),
                )
            except services.AlreadyRegistered as error:
                messages.error(
                    request,
                    format_html(
                        '{} <a href="{}?event={}">{}</a>',
                        error.message,
                        reverse("events:letter"),
                        event.pk,
                        _("Письмо не пришло?"),
                    ),
                )
                status = 409
            except services.RegistrationError as error:
                messages.error(request, error.message)
                status = 409
            else:
                return _after_registration(request, event, registration)
        else:
            messages.error(request, _("Регистрация не принята: исправьте ошибки в форме."))
            status = 400
    context = event.get_context(request)
    context.update(event_context(request, event, form))
    # Shown in the registration section (the form's anchor), not above the page.
    notices = list(messages.get_messages(request))
    context["registration_notices"] = notices
    context["registered_now"] = any(notice.level == messages.SUCCESS for notice in notices)
    return TemplateResponse(request, event.get_template(request), context, status=status)


LETTER_SESSION_KEY = "events_letter_registration"


def _letter_sent(registration):
    letter = latest_about(emails.letter_about(registration))
    return letter is not None and letter.status == letter.Status.SENT


def _after_registration(request, event, registration):
    request.session[LETTER_SESSION_KEY] = registration.pk
    if registration.awaits_email:
        if _letter_sent(registration):
            text = _(
                "Почти готово: мы отправили письмо на %(email)s. Перейдите по ссылке из "
                "письма, чтобы подтвердить адрес — только после этого регистрация "
                "вступит в силу. Письмо может идти несколько минут; если его нет, "
                "загляните в папку «Спам»."
            )
        else:
            text = _(
                "Почти готово: письмо со ссылкой поставлено в очередь и придёт на "
                "%(email)s в ближайшие минуты. Перейдите по ссылке из письма, чтобы "
                "подтвердить адрес — только после этого регистрация вступит в силу."
            )
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                text % {"email": registration.email},
                reverse("events:letter"),
                _("Письмо не пришло?"),
            ),
        )
        return HttpResponseRedirect(event.get_url(request) + "#registration-status")
    messages.success(request, _status_message(registration))
    return HttpResponseRedirect(tokens.path(registration, "manage"))


def _status_message(registration):
    if registration.status == Status.CONFIRMED:
        if not _letter_sent(registration):
            return _(
                "Ваша регистрация подтверждена. Письмо с деталями придёт на %(email)s "
                "в ближайшие минуты."
            ) % {"email": registration.email}
        return _("Ваша регистрация подтверждена. Письмо с деталями отправлено на %(email)s.") % {
            "email": registration.email
        }
    if registration.status == Status.WAITLISTED:
        return _(
            "Все места заняты: вы в листе ожидания, место %(place)s. Если место "
            "освободится, мы напишем на %(email)s."
        ) % {"place": registration.waitlist_place(), "email": registration.email}
    if registration.awaits_approval:
        return _(
            "Заявка принята и передана организатору. О его решении мы сообщим письмом на %(email)s."
        ) % {"email": registration.email}
    return registration.get_status_display()


def link_error(request, message, status, event=None):
    return TemplateResponse(
        request, "events/link_error.html", {"event": event, "message": message}, status=status
    )


def _registration_from_token(request, token, purpose):
    """Return (registration, None) or (None, error response)."""
    try:
        registration_id, email_hash = tokens.read_token(token, purpose)
    except tokens.LinkExpired:
        if purpose == "confirm":
            message = _(
                "Срок действия ссылки для подтверждения истёк. Зарегистрируйтесь ещё раз — "
                "мы пришлём новую ссылку."
            )
        else:
            message = _("Срок действия ссылки истёк. Напишите организатору события.")
        return None, link_error(request, message, status=410)
    except tokens.LinkInvalid:
        message = _(
            "Ссылка недействительна: возможно, она скопирована не полностью. "
            "Откройте её из письма ещё раз."
        )
        return None, link_error(request, message, status=400)
    registration = (
        Registration.objects.filter(pk=registration_id)
        .select_related("event", "event__region")
        .first()
    )
    if registration is not None and not tokens.matches(registration, email_hash):
        registration = None
    if registration is None:
        message = _("Регистрация по этой ссылке не найдена.")
        return None, link_error(request, message, status=404)
    if purpose == "manage" and tokens.manage_link_ended(registration.event):
        message = _("Событие прошло, и ссылка больше не действует. Напишите организатору события.")
        return None, link_error(request, message, status=410)
    return registration, None


def confirm_email(request, token):
    """The link in the letter. A GET only shows the event and one button: mail
    scanners open links to look at them, and their visit must not take a place
    (issue 17); the registrant's POST from this page confirms."""
    registration, error = _registration_from_token(request, token, "confirm")
    if error:
        return error
    event = registration.event
    if registration.status in (Status.CANCELLED, Status.REJECTED):
        return link_error(
            request, _("Эта регистрация уже отменена или отклонена."), status=410, event=event
        )
    if request.method != "POST":
        if registration.email_confirmed_at is not None or registration.status != Status.PENDING:
            messages.info(request, _("Адрес электронной почты уже был подтверждён."))
            return HttpResponseRedirect(tokens.path(registration, "manage"))
        return TemplateResponse(
            request,
            "events/confirm_registration.html",
            {"page": event, "event": event, "registration": registration},
        )
    try:
        registration, changed = services.confirm_email(registration)
    except services.RegistrationError as failure:
        return link_error(request, failure.message, status=409, event=event)
    if changed:
        messages.success(
            request, _("Адрес электронной почты подтверждён.") + " " + _status_message(registration)
        )
    else:
        messages.info(request, _("Адрес электронной почты уже был подтверждён."))
    return HttpResponseRedirect(tokens.path(registration, "manage"))


def manage_registration(request, token):
    registration, error = _registration_from_token(request, token, "manage")
    if error:
        return error
    event = registration.event
    if request.method == "POST":
        if request.POST.get("action") != "cancel":
            messages.error(request, _("Неизвестное действие."))
        else:
            try:
                services.cancel(registration)
            except services.RegistrationError as failure:
                messages.error(request, failure.message)
            else:
                messages.success(
                    request,
                    _("Регистрация отменена. Письмо-подтверждение отправлено на %(email)s.")
                    % {"email": registration.email},
                )
        return HttpResponseRedirect(request.path)
    return TemplateResponse(
        request,
        "events/manage_registration.html",
        {
            "page": event,
            "event": event,
            "registration": registration,
            "show_online_link": registration.status == Status.CONFIRMED,
            "ics_url": reverse("events:event_ics", args=[event.pk]),
        },
    )


def registration_letter(request):
    """What became of the confirmation letter of the registration made in this
    session, and «отправить письмо ещё раз» — also for an address and event typed
    in (the answer never tells whether such a registration exists)."""
    registration = (
        Registration.objects.filter(pk=request.session.get(LETTER_SESSION_KEY) or 0)
        .select_related("event")
        .first()
    )
    if request.method == "POST":
        return _resend_letter(request, registration)
    context = {
        "registration": registration,
        "form": ResendLetterForm(initial={"event": request.GET.get("event", "")}),
    }
    if registration is not None:
        context["letter"] = latest_about(emails.letter_about(registration))
        context["email"] = registration.email
        context["event"] = registration.event
    return TemplateResponse(request, "events/registration_letter.html", context)


def _resend_letter(request, session_registration):
    form = ResendLetterForm(request.POST)
    if form.is_valid():
        registration = Registration.objects.filter(
            event_id=form.cleaned_data["event"],
            email=form.cleaned_data["email"].strip().lower(),
            status=Status.PENDING,
            email_confirmed_at__isnull=True,
        ).first()
    elif session_registration is not None and not request.POST.get("email"):
        registration = session_registration if session_registration.awaits_email else None
    else:
        return TemplateResponse(
            request,
            "events/registration_letter.html",
            {"registration": session_registration, "form": form},
            status=400,
        )
    if not throttle.allow(f"resend:{throttle.client_address(request)}", 10, 3600):
        messages.error(request, _("Слишком много запросов с вашего адреса. Попробуйте через час."))
        return HttpResponseRedirect(reverse("events:letter"))
    wait = services.resend_confirmation(registration) if registration is not None else 0
    if wait:
        messages.error(
            request,
            ngettext(
                "Письмо уже в пути. Отправить его ещё раз можно через %(seconds)s секунду.",
                "Письмо уже в пути. Отправить его ещё раз можно через %(seconds)s секунд.",
                wait,
            )
            % {"seconds": wait},
        )
    else:
        messages.success(
            request,
            _(
                "Если регистрация с этим адресом ждёт подтверждения, письмо со ссылкой "
                "поставлено в очередь на отправку."
            ),
        )
    return HttpResponseRedirect(reverse("events:letter"))


def consent_text(request, kind):
    if kind not in ConsentKind.values:
        raise Http404
    return TemplateResponse(request, "events/consent.html", {"consent": ConsentText.current(kind)})


def event_ics(request, event_id):
    event = get_object_or_404(
        EventPage.objects.live().public().select_related("region"), pk=event_id
    )
    return calendar.event_response(request, event)


def calendar_feed(request, region_slug=None):
    region = get_object_or_404(Region, slug=region_slug) if region_slug else None
    return calendar.feed_response(request, region)
