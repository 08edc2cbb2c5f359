from django.contrib.auth import views as auth_views

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
    """Logs out on POST only (Django's rule), then returns to the home page."""
