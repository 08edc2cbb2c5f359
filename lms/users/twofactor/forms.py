from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """One code: six digits from the authenticator app or, when ``recovery`` is allowed, a
    recovery code. The form checks the shape only; the service checks the code."""

    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=32,
        error_messages={"required": _("Isi kode dari aplikasi autentikator Anda.")},
    )

    def __init__(self, *args, recovery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = {
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
            "autofocus": True,
        }
        if recovery:
            self.fields["code"].help_text = _(
                "6 digit dari aplikasi autentikator, atau salah satu kode pemulihan Anda."
            )
        else:
            attrs.update(inputmode="numeric", pattern="[0-9 ]*")
            self.fields["code"].help_text = _("6 digit yang tampil di aplikasi autentikator.")
        self.fields["code"].widget.attrs.update(attrs)

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code:
            raise forms.ValidationError(self.fields["code"].error_messages["required"])
        return code
