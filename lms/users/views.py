from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    """Public login page (NIP / NI PPPK or e-mail)."""

    form_class = LoginForm
    template_name = "users/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember"):
            # Shared office PCs: forget the session when the browser closes.
            self.request.session.set_expiry(0)
        return response


class LogoutView(auth_views.LogoutView):
    """Logs out on POST only (Django's rule), then returns to the home page and says so (on a
    shared office PC the next person sees that the account was closed)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Anda sudah keluar. Sampai jumpa!"))
        return response


class ActivateAccountView(auth_views.PasswordResetConfirmView):
    """One-time activation link for a new employee account: the employee sets a password.

    Uses Django's password-reset token, which becomes invalid as soon as the password changes,
    so the link works exactly once.
    """

    template_name = "users/activate.html"
    success_url = reverse_lazy("users:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Akun aktif. Silakan masuk dengan kata sandi baru Anda."))
        return response
