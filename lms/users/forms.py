from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from lms.core.nip import validate_nip


class LoginForm(WagtailLoginForm):
    """Login by NIP / NI PPPK or e-mail. Used by the public login page and the Wagtail admin.

    A malformed NIP is rejected with a message that says what is wrong. A well-formed but
    unknown NIP gets the same message as a wrong password (no account enumeration).
    """

    username = forms.CharField(
        label=_("NIP atau e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": _("Isi NIP/NI PPPK atau alamat e-mail Anda.")},
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Isi kata sandi Anda.")},
    )
    remember = forms.BooleanField(label=_("Ingat saya"), required=False)

    error_messages = {
        **WagtailLoginForm.error_messages,
        "invalid_login": _("NIP/e-mail atau kata sandi salah. Periksa kembali lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi admin kepegawaian OPD Anda."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["placeholder"] = _("contoh: 198609262015051001")
        self.fields["password"].widget.attrs["placeholder"] = ""
        self.fields["username"].widget.attrs.pop("autofocus", None)

    def clean_username(self) -> str:
        identifier = self.cleaned_data["username"].strip()
        if "@" not in identifier:
            validate_nip(identifier)
        return identifier

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form for a one-time link, with the words the rest of the site uses ("kata
    sandi", not Django's Indonesian "sandi")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Kata sandi baru")
        self.fields["new_password2"].label = _("Ulangi kata sandi baru")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (it e-mails only active accounts with a password, and says nothing about
    whether the address is known), with the e-mail sent by a Celery task. Used by the task
    ``lms.users.tasks.password_reset_send``, never in the request."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        from django.template.loader import render_to_string

        from lms.core.tasks import send_email

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email.delay(subject, body, [to_email])
