"""Sign-up, confirmation, profile pages and account deletion."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from machina.apps.forum_conversation.models import Topic

from forum.visibility import readable_forum_ids
from home.i18n import chosen_language

from . import cabinet, services
from .forms import DeleteAccountForm, ProfileForm, SignUpForm
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
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        services.register(
            form,
            ip_address=request.META.get("REMOTE_ADDR"),
            language=chosen_language(request),
        )
        return redirect("accounts:signup_done")


class SignUpDoneView(TemplateView):
    template_name = "accounts/signup_done.html"


class ConfirmEmailView(View):
    def get(self, request, token):
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
