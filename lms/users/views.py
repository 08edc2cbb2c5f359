from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.ratelimit import rate_exceeded, rate_limited_response
from lms.core.session_expiry import RESUME_NOTE_KEY, resume_note_deliver

from .forms import LoginForm, PasswordResetForm, SetPasswordForm
from .tasks import password_reset_send
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


class PasswordResetView(auth_views.PasswordResetView):
    """ "Lupa kata sandi?": the same answer, template, status and redirect for a known, an
    unknown and an inactive address, in the same time: the request only queues
    ``password_reset_send`` with the address typed (the lookup and the e-mail happen in the
    worker). ``LMS_PASSWORD_RESET_RATE`` requests an hour per client, then 429."""

    form_class = PasswordResetForm
    template_name = "users/password_reset.html"
    success_url = reverse_lazy("users:password_reset_done")

    def post(self, request, *args, **kwargs):
        limited = rate_exceeded(
            request, scope="password-reset", limit=settings.LMS_PASSWORD_RESET_RATE, window=3600
        )
        if limited.exceeded:
            return rate_limited_response(request, limited)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        password_reset_send.delay(
            email=email, domain=self.request.get_host(), use_https=self.request.is_secure()
        )
        # The entry is for BKPSDM's audit screen; the requester sees none of it.
        audit_record(
            AuditAction.PASSWORD_RESET_REQUESTED,
            actor_label=email,
            request=self.request,
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "users/password_reset_done.html"


class SetPasswordFromLinkView(auth_views.PasswordResetConfirmView):
    """A one-time link that lets the user set a password, then sends them to log in with
    ``done_message``. Django's password-reset token becomes invalid as soon as the password
    changes, so the link works exactly once, and it expires after ``PASSWORD_RESET_TIMEOUT``.

    An invalid link gets the same page whether its account exists or not. Every request to
    the links counts against ``LMS_ACCOUNT_LINK_RATE`` a minute per client, then 429."""

    form_class = SetPasswordForm
    success_url = reverse_lazy("users:login")
    post_reset_login = False
    done_message = ""
    link = ""  # "reset" or "activation", in the audit entry

    def dispatch(self, *args, **kwargs):
        limited = rate_exceeded(
            self.request, scope="account-link", limit=settings.LMS_ACCOUNT_LINK_RATE
        )
        if limited.exceeded:
            return rate_limited_response(self.request, limited)
        return super().dispatch(*args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            AuditAction.PASSWORD_CHANGED,
            actor=form.user,
            obj=form.user,
            details={"link": self.link},
            request=self.request,
        )
        messages.success(self.request, self.done_message)
        return response


class PasswordResetConfirmView(SetPasswordFromLinkView):
    """The link from the "Lupa kata sandi?" e-mail."""

    template_name = "users/password_new.html"
    link = "reset"
    done_message = _("Kata sandi baru tersimpan. Silakan masuk.")


class ActivateAccountView(SetPasswordFromLinkView):
    """The activation link of a new employee account: the employee sets a first password."""

    template_name = "users/activate.html"
    token_generator = activation_token_generator
    link = "activation"
    done_message = _("Akun aktif. Silakan masuk dengan kata sandi baru Anda.")
