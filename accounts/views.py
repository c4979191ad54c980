"""Sign-up, confirmation, profile pages and account deletion."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from axes.utils import reset as axes_reset
from machina.apps.forum_conversation.models import Topic

from forum.visibility import readable_forum_ids
from home import throttle
from home.i18n import chosen_language

from . import cabinet, consents, export, services
from .forms import DeleteAccountForm, ProfileForm, ResendForm, SignUpForm
from .models import Profile

RECENT_TOPICS = 10


class CabinetView(LoginRequiredMixin, View):
    """The personal cabinet: a member's registrations, courses, certificates,
    subscriptions, posts and consents on one page."""

    def get(self, request):
        context = cabinet.cabinet_context(request.user)
        context["profile"] = Profile.objects.filter(user=request.user).first()
        return render(request, "accounts/cabinet.html", context)


class SignUpView(View):
    template_name = "accounts/signup.html"

    def render_form(self, request, form, status=200):
        context = {"form": form, "consent_version": settings.ACCOUNTS_CONSENT_VERSION}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        if request.user.is_authenticated:
            return redirect("accounts:profile_edit")
        return self.render_form(request, SignUpForm())

    def post(self, request):
        form = SignUpForm(request.POST, request.FILES)
        if throttle.too_many(request, "signup"):
            form = SignUpForm(request.POST)
            form.add_error(None, throttle.refusal_message())
            return self.render_form(request, form, status=429)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        email = form.cleaned_data["email"]
        user = services.register(
            form,
            ip_address=throttle.forwarded_client(request),
            language=chosen_language(request),
        )
        if user is not None:
            signup = {"user": user.pk, "new": True}
            signup["about"] = services.confirmation_letter_about(user)
        else:
            # The address was registered already and its owner got a letter: the
            # pages that follow show that letter exactly as they would show a new
            # member's confirmation letter (issue 17: no enumeration).
            owner = services.registered_member(email)
            signup = {"user": owner.pk, "new": False}
            signup["about"] = services.signup_letter_about(owner)
        request.session[SIGNUP_SESSION_KEY] = dict(signup, email=email)
        return redirect("accounts:signup_done")


SIGNUP_SESSION_KEY = "accounts_signup"


def _signup(request):
    """(account, record) of the sign-up made in this session, or (None, {})."""
    record = request.session.get(SIGNUP_SESSION_KEY)
    if not isinstance(record, dict):
        return None, {}
    user = get_user_model().objects.filter(pk=record.get("user") or 0).first()
    return (user, record) if user is not None else (None, {})


def _signup_user(request):
    """The account signed up in this session (a new one; never an existing
    account whose address was typed in again)."""
    user, record = _signup(request)
    return user if record.get("new") else None


class SignUpDoneView(View):
    """«Проверьте почту»: what became of the confirmation letter, and a way to get
    it again. The account is the one signed up in this session, never one named
    in the address."""

    def get(self, request):
        from background.mail import latest_about

        user, record = _signup(request)
        context = {"signup_user": user}
        if user is not None:
            context["letter"] = latest_about(record["about"])
            context["email"] = record["email"]
            context["confirmed"] = record["new"] and user.is_active
        return render(request, "accounts/signup_done.html", context)


class ResendConfirmationView(View):
    """«Отправить письмо ещё раз»: for the account signed up in this session or for
    an address typed in. The answer never says whether an address is registered;
    at most one letter per OUTBOX_RESEND_SECONDS per account, and a few per hour
    from one IP address."""

    template_name = "accounts/resend.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ResendForm()})

    def post(self, request):
        session_user, record = _signup(request)
        form = ResendForm(request.POST)
        send = services.resend_confirmation
        if form.is_valid():
            user = services.unconfirmed_member(form.cleaned_data["email"])
        elif session_user is not None and not request.POST.get("email"):
            if not record["new"]:
                # A sign-up with a registered address: its letter once more,
                # answered as for a new member.
                user, send = session_user, services.send_signup_letter
            else:
                user = None if session_user.is_active else session_user
        else:
            return render(request, self.template_name, {"form": form}, status=400)
        if not throttle.allow(f"resend:{throttle.client_address(request)}", 10, 3600):
            messages.error(
                request, _("Слишком много запросов с вашего адреса. Попробуйте через час.")
            )
            return redirect("accounts:signup_done" if session_user else "accounts:resend")
        wait = send(user, chosen_language(request)) if user else 0
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
        elif session_user is not None and user == session_user:
            messages.success(request, _("Письмо поставлено в очередь ещё раз."))
        else:
            messages.success(
                request,
                _(
                    "Если этот адрес ждёт подтверждения, письмо со ссылкой поставлено "
                    "в очередь на отправку."
                ),
            )
        if session_user is not None:
            return redirect("accounts:signup_done")
        return redirect("accounts:resend")


class ConfirmEmailView(View):
    """The link in the sign-up letter. A GET shows the address and one button:
    mail scanners open links to look at them and must not activate the account
    (issue 17); the POST from the page confirms."""

    def get(self, request, token):
        try:
            user = services.confirmation_user(token)
        except services.ConfirmationFailed as failure:
            return render(
                request, "accounts/confirm_failed.html", {"error": str(failure)}, status=400
            )
        return render(request, "accounts/confirm.html", {"email": user.email})

    def post(self, request, token):
        try:
            services.confirm_email(token)
        except services.ConfirmationFailed as failure:
            return render(
                request, "accounts/confirm_failed.html", {"error": str(failure)}, status=400
            )
        messages.success(request, _("Адрес подтверждён. Теперь вы можете войти."))
        return redirect(reverse("accounts:login"))


class ProfileEditView(LoginRequiredMixin, View):
    template_name = "accounts/profile_edit.html"

    def get_profile(self, request):
        profile = Profile.objects.filter(user=request.user).first()
        if profile is None:
            profile = Profile(
                user=request.user,
                display_name=request.user.get_full_name() or request.user.get_username(),
            )
        return profile

    def get(self, request):
        return render(
            request, self.template_name, {"form": ProfileForm(instance=self.get_profile(request))}
        )

    def post(self, request):
        form = ProfileForm(request.POST, request.FILES, instance=self.get_profile(request))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        form.save()
        messages.success(request, _("Профиль сохранён."))
        return redirect("accounts:profile", pk=request.user.pk)


class ProfileDetailView(View):
    """A member's page: who they are and their recent topics the visitor may read."""

    def get(self, request, pk):
        member = get_object_or_404(
            get_user_model().objects.select_related("profile__region"), pk=pk
        )
        if not member.is_active:
            raise Http404
        profile = getattr(member, "profile", None)
        # 152-ФЗ: a member's page is shown only when they chose so (default off);
        # everyone else's address answers as if there were no such member.
        is_self = request.user.pk == member.pk
        if not is_self and not (profile is not None and profile.show_in_directory):
            raise Http404
        handler = getattr(request, "forum_permission_handler", None)
        topics = (
            Topic.approved_objects.filter(
                poster=member, forum_id__in=readable_forum_ids(request.user, handler)
            )
            .select_related("forum")
            .order_by("-created")[:RECENT_TOPICS]
        )
        return render(
            request,
            "accounts/profile_detail.html",
            {"member": member, "profile": profile, "topics": topics},
        )


class DeleteAccountView(LoginRequiredMixin, View):
    template_name = "accounts/delete.html"

    def get(self, request):
        return render(request, self.template_name, {"form": DeleteAccountForm(request.user)})

    def post(self, request):
        form = DeleteAccountForm(request.user, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, _("Ваша учётная запись удалена."))
        return redirect("/")


class ExportView(LoginRequiredMixin, View):
    """«Скачать мои данные»: GET explains what the archive holds, POST sends it.
    At most ACCOUNTS_EXPORTS_PER_HOUR archives per member and hour."""

    template_name = "accounts/export.html"

    def get(self, request):
        return render(request, self.template_name, {"per_hour": export.exports_per_hour()})

    def post(self, request):
        limit = export.exports_per_hour()
        if limit > 0 and not throttle.allow(f"export:{request.user.pk}", limit, 3600):
            messages.error(
                request,
                ngettext(
                    "Архив можно скачать не больше %(count)s раза в час. Попробуйте позже.",
                    "Архив можно скачать не больше %(count)s раз в час. Попробуйте позже.",
                    limit,
                )
                % {"count": limit},
            )
            return render(request, self.template_name, {"per_hour": limit}, status=429)
        archive = export.Export(request.user)
        response = StreamingHttpResponse(export.stream(archive), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{export.filename()}"'
        response["Cache-Control"] = "private, no-store"
        return response


class ConsentsView(LoginRequiredMixin, View):
    """«Мои согласия»: the consents in force with «Отозвать», and those withdrawn."""

    def get(self, request):
        return render(
            request,
            "accounts/consents.html",
            {
                "consents": consents.given(request.user),
                "withdrawn": consents.withdrawn(request.user),
            },
        )


class ConsentWithdrawView(LoginRequiredMixin, View):
    """What withdrawing one consent does (GET), and the withdrawal (POST). The key
    is looked up among the member's own consents: anyone else's is a 404."""

    template_name = "accounts/consent_withdraw.html"

    def item(self, request, key):
        try:
            return consents.find(request.user, key)
        except consents.UnknownConsent as error:
            raise Http404 from error

    def get(self, request, key):
        return render(request, self.template_name, {"item": self.item(request, key)})

    def post(self, request, key):
        item = self.item(request, key)
        if item.key == "account":
            return redirect("accounts:delete")
        try:
            consents.withdraw(request.user, item.key)
        except consents.UnknownConsent:
            # A second press while the first was withdrawing it: already done.
            messages.info(request, _("Это согласие уже отозвано."))
            return redirect("accounts:consents")
        messages.success(
            request,
            _("Согласие отозвано: %(title)s.") % {"title": item.title}
            + (f" {item.about}" if item.about and item.key.startswith("registration:") else ""),
        )
        return redirect("accounts:consents")


def locked_out(request, response=None, credentials=None, *args, **kwargs):
    """django-axes' answer once a login is locked (AXES_LOCKOUT_CALLABLE): a page in
    the visitor's language with the way out, the password reset link."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited per address (it sends letters)."""

    def post(self, request, *args, **kwargs):
        if throttle.too_many(request, "password-reset"):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, throttle.refusal_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password set from the letter also lifts a login lock on the account:
    the genuine owner's way out when someone else tried their address."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        for name in {user.get_username(), user.email}:
            if name:
                axes_reset(username=name)
        return response
