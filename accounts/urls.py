from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import EmailAuthenticationForm, LetterLanguagePasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("", views.CabinetView.as_view(), name="cabinet"),
    path("signup/", views.SignUpView.as_view(), name="signup"),
    path("signup/done/", views.SignUpDoneView.as_view(), name="signup_done"),
    path("signup/resend/", views.ResendConfirmationView.as_view(), name="resend"),
    path("confirm/<str:token>/", views.ConfirmEmailView.as_view(), name="confirm"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=EmailAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=LetterLanguagePasswordResetForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("profile/delete/", views.DeleteAccountView.as_view(), name="delete"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("consents/", views.ConsentsView.as_view(), name="consents"),
    path(
        "consents/<str:key>/withdraw/",
        views.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path("members/<int:pk>/", views.ProfileDetailView.as_view(), name="profile"),
]
