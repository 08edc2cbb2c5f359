from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from lms.core.session_expiry import RESUME_NOTE_KEY, resume_note_deliver

from .forms import LoginForm, SetPasswordForm
from .tokens import activation_token_generator


class LoginView(auth_views.LoginView):
    """Public login page (NIP / NI PPPK or e-mail)."""

    form_class = LoginForm
    template_name = "users/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Sent here by an action after the session expired (lms.core.session_expiry).
        session_ended = RESUME_NOTE_KEY in self.request.session
        return super().get_context_data(session_ended=session_ended, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember"):
            # Shared office PCs: forget the session when the browser closes.
            self.request.session.set_expiry(0)
        # Sent here by an action after the session expired: its page says to press it again.
        resume_note_deliver(self.request, response.url)
        return response


@never_cache
def csrf_token(request: HttpRequest) -> JsonResponse:
    """``GET /akun/token-csrf/``: the session's current CSRF token, for a page that outlived it
    (the quiz page after a login in another tab: Django rotates the token on login, so the
    token in the page no longer matches). Never cached; 401 JSON without a session."""
    if request.method != "GET":
        response = JsonResponse({"detail": _("Hanya GET."), "code": "method"}, status=405)
        response["Allow"] = "GET"
        return response
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "detail": _("Sesi Anda berakhir. Silakan masuk lagi."),
                "code": "not_authenticated",
            },
            status=401,
        )
    return JsonResponse({"csrf_token": get_token(request)})


class LogoutView(auth_views.LogoutView):
    """Logs out on POST only (Django's rule), then returns to the home page and says so (on a
    shared office PC the next person sees that the account was closed)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Anda sudah keluar. Sampai jumpa!"))
        return response


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (it e-mails only active accounts with a password, and says nothing about
    whether the address is known), with the e-mail sent by a Celery task."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        from lms.core.tasks import send_email

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email.delay(subject, body, [to_email])


class PasswordResetView(auth_views.PasswordResetView):
    """ "Lupa kata sandi?": the same answer for a known and an unknown address."""

    form_class = PasswordResetForm
    template_name = "users/password_reset.html"
    email_template_name = "users/password_reset_email.txt"
    subject_template_name = "users/password_reset_subject.txt"
    success_url = reverse_lazy("users:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "users/password_reset_done.html"


class SetPasswordFromLinkView(auth_views.PasswordResetConfirmView):
    """A one-time link that lets the user set a password, then sends them to log in with
    ``done_message``. Django's password-reset token becomes invalid as soon as the password
    changes, so the link works exactly once, and it expires after ``PASSWORD_RESET_TIMEOUT``."""

    form_class = SetPasswordForm
    success_url = reverse_lazy("users:login")
    post_reset_login = False
    done_message = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.done_message)
        return response


class PasswordResetConfirmView(SetPasswordFromLinkView):
    """The link from the "Lupa kata sandi?" e-mail."""

    template_name = "users/password_new.html"
    done_message = _("Kata sandi baru tersimpan. Silakan masuk.")


class ActivateAccountView(SetPasswordFromLinkView):
    """The activation link of a new employee account: the employee sets a first password."""

    template_name = "users/activate.html"
    token_generator = activation_token_generator
    done_message = _("Akun aktif. Silakan masuk dengan kata sandi baru Anda.")
