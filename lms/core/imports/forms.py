"""Forms of the admin import screens: choose a kind and upload a file; confirm a dry run."""

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import import_kinds
from .registry import ImportKind

ALLOWED_EXTENSIONS = (".csv", ".xlsx")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_upload_bytes(kind_name: str | None = None) -> int:
    """The upload limit: the kind's own (``max_bytes()``, e.g. ``.h5p`` packages) or the
    setting the engine enforces (``LMS_IMPORT_MAX_BYTES``)."""
    kind = import_kinds().get(kind_name) if kind_name else None
    if kind is not None and hasattr(kind, "max_bytes"):
        return kind.max_bytes()
    return int(getattr(settings, "LMS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def kind_extensions(name: str) -> tuple[str, ...]:
    """File extensions a kind reads (question imports also take GIFT and Moodle XML)."""
    kind = import_kinds().get(name)
    return tuple(getattr(kind, "extensions", ALLOWED_EXTENSIONS))


def importable_kinds(user) -> list[ImportKind]:
    """The kinds ``user`` may import, in registration order."""
    return [kind for kind in import_kinds().values() if kind.can_import(user)]


def kind_choices(user) -> list[tuple[str, str]]:
    return [(kind.name, kind.label) for kind in importable_kinds(user)]


class UploadForm(forms.Form):
    """Step 1. The file is checked for size and extension here; the engine sniffs the content.

    Only the kinds ``user`` may import are offered (and accepted). Each kind may add fields
    for its options (:meth:`~.registry.ImportKind.option_fields`, named ``<kind>__<option>``);
    :attr:`options` holds the chosen kind's values, checked by the kind.
    """

    kind = forms.ChoiceField(label=_("Jenis data"))
    file = forms.FileField(
        label=_("Berkas"),
        widget=forms.ClearableFileInput(),
        error_messages={
            "required": _("Pilih berkas yang akan diimpor."),
            "empty": _("Berkas kosong."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = kind_choices(user)
        self.fields["kind"].choices = choices
        self.kind_options: dict[str, list[str]] = {}
        for kind in importable_kinds(user):
            for option, field in kind.option_fields(user).items():
                self.fields[f"{kind.name}__{option}"] = field
                self.kind_options.setdefault(kind.name, []).append(option)
        self.options: dict = {}
        every = sorted({ext for name, _label in choices for ext in kind_extensions(name)})
        self.fields["file"].widget.attrs["accept"] = ",".join(every)
        self.fields["file"].help_text = _(
            "Jenis berkas: %(types)s (CSV dengan koma atau titik koma, UTF-8); paling besar "
            "%(size)s."
        ) % {
            "types": ", ".join(ext.lstrip(".").upper() for ext in every),
            "size": filesizeformat(max_upload_bytes()),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes(self.cleaned_data.get("kind"))
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas %(size)s; batasnya %(limit)s. Bagi berkas menjadi beberapa bagian."),
                code="too_big",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                },
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        allowed = kind_extensions(kind) if kind else ALLOWED_EXTENSIONS
        if upload and PurePath(upload.name).suffix.lower() not in allowed:
            if allowed == ALLOWED_EXTENSIONS:
                message = _(
                    "Hanya berkas .csv atau .xlsx yang dapat diimpor. Simpan ulang berkas dari "
                    'Excel sebagai "CSV UTF-8" atau "Excel Workbook (.xlsx)".'
                )
            else:
                message = _(
                    "Jenis berkas ini tidak dapat diimpor. Berkas yang diterima: %(ext)s."
                ) % {"ext": ", ".join(allowed)}
            self.add_error("file", forms.ValidationError(message, code="wrong_type"))
        if kind:
            self.options = {
                option: cleaned.get(f"{kind}__{option}")
                for option in self.kind_options.get(kind, [])
            }
            try:
                import_kinds()[kind].check_options(self.options)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def option_boundfields(self) -> list:
        """The kinds' option fields, for the template."""
        return [
            self[f"{kind}__{option}"]
            for kind, options in self.kind_options.items()
            for option in options
        ]
