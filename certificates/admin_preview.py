"""The live preview beside the certificate template form (docs/architecture.md, Certificates).

``POST …/pratinjau/`` takes the template form's fields as they are on screen (the same names
the snippet form posts: ``title``, ``body``, ``background``, ``signatories-0-name``, …), checks
their shape and bounds, and answers the sample certificate (``certificates.preview``) as
``image/png``, or 400 with the reasons in Bahasa Indonesia (JSON). Only users who may add or
change templates (the snippet's permission policy) reach it; nothing is written anywhere.

:class:`CertificatePreviewSidePanel` is the side panel of the create/edit/copy views that shows
the image; ``certificates/template_preview.js`` refreshes it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.ui.side_panels import BaseSidePanel

from .models import CertificateTemplate, Orientation, QRPosition, body_problem
from .preview import MAX_BODY, SampleSignatory, preview_images, preview_png

MAX_SIGNATORIES = 10
_ID_MAX = 2**31 - 1


def _image_id_field(label) -> forms.IntegerField:
    message = gettext_lazy("Gambar tidak dikenal.")
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=_ID_MAX,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
    )


class PreviewForm(forms.Form):
    """The template's own fields, bounded as the model bounds them (the body at MAX_BODY)."""

    orientation = forms.ChoiceField(label=gettext_lazy("orientasi"), choices=Orientation.choices)
    qr_position = forms.ChoiceField(
        label=gettext_lazy("posisi kode QR"), choices=QRPosition.choices
    )
    background = _image_id_field(gettext_lazy("gambar latar"))
    title = forms.CharField(label=gettext_lazy("judul"), max_length=60)
    body = forms.CharField(label=gettext_lazy("isi"), max_length=MAX_BODY, strip=False)
    place = forms.CharField(label=gettext_lazy("tempat penerbitan"), max_length=60)
    validity_months = forms.IntegerField(
        label=gettext_lazy("masa berlaku (bulan)"), required=False, min_value=0, max_value=32767
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        problem = body_problem(body)
        if problem:
            raise ValidationError(problem)
        return body


class SignatoryPreviewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("nama dan gelar"), max_length=150)
    nip = forms.CharField(label=gettext_lazy("NIP"), max_length=18, required=False)
    title = forms.CharField(label=gettext_lazy("jabatan"), max_length=150)
    signature = _image_id_field(gettext_lazy("gambar tanda tangan"))


SignatoryPreviewFormSet = forms.formset_factory(
    SignatoryPreviewForm,
    can_delete=True,
    can_order=True,
    max_num=MAX_SIGNATORIES,
    validate_max=True,
    absolute_max=MAX_SIGNATORIES,
)


def _errors_of(form: forms.BaseForm, prefix: str = "") -> list[str]:
    """ "Label: message" for every error of ``form`` (``prefix`` names a signatory row)."""
    out = []
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        label = prefix + str(field.label) if field is not None else prefix.rstrip(", ")
        out.extend(f"{capfirst(label)}: {message}" if label else message for message in messages)
    return out


def _bad_request(errors: list[str]) -> JsonResponse:
    response = JsonResponse(
        {"message": _("Pratinjau belum dapat dibuat."), "errors": errors}, status=400
    )
    response["Cache-Control"] = "no-store"
    return response


def preview_input(request: HttpRequest):
    """``(template, signatories)`` unsaved, from the POSTed form, or a list of messages."""
    form = PreviewForm(request.POST)
    errors = [] if form.is_valid() else _errors_of(form)
    total = request.POST.get("signatories-TOTAL_FORMS", "")
    if not total.isdigit():
        return [*errors, _("Data penanda tangan tidak lengkap.")]
    if int(total) > MAX_SIGNATORIES:
        return [*errors, _("Paling banyak %(n)d penanda tangan.") % {"n": MAX_SIGNATORIES}]
    formset = SignatoryPreviewFormSet(request.POST, prefix="signatories")
    if not formset.is_valid():
        for number, row in enumerate(formset.forms, start=1):
            errors += _errors_of(row, _("Penanda tangan %(n)d, ") % {"n": number})
        errors += [str(message) for message in formset.non_form_errors()]
    if errors:
        return errors
    rows = formset.ordered_forms
    data = form.cleaned_data
    images = preview_images(
        request.user,
        [data["background"], *(row.cleaned_data.get("signature") for row in rows)],
    )
    if data["background"] and data["background"] not in images:
        errors.append(_("Gambar latar: gambar tidak ditemukan atau tidak boleh Anda pakai."))
    for number, row in enumerate(rows, start=1):
        signature = row.cleaned_data.get("signature")
        if signature and signature not in images:
            errors.append(
                _(
                    "Penanda tangan %(n)d: gambar tanda tangan tidak ditemukan atau tidak boleh "
                    "Anda pakai."
                )
                % {"n": number}
            )
    if errors:
        return errors
    template = CertificateTemplate(
        orientation=data["orientation"],
        qr_position=data["qr_position"],
        background=images.get(data["background"]),
        title=data["title"],
        body=data["body"],
        place=data["place"],
        validity_months=data["validity_months"] or None,
    )
    try:
        template.clean()  # the model's own rules: a JPEG background, known placeholders
    except ValidationError as error:
        return [str(m) for messages in error.message_dict.values() for m in messages]
    signatories = [
        SampleSignatory(
            name=row.cleaned_data["name"],
            title=row.cleaned_data["title"],
            nip=row.cleaned_data.get("nip", ""),
            signature_id=row.cleaned_data.get("signature"),
        )
        for row in rows
    ]
    return template, signatories


@method_decorator(require_POST, name="dispatch")
class CertificatePreviewView(View):
    """The sample certificate of the posted template form, as a PNG."""

    permission_policy = None  # the snippet viewset's (set in certificates.viewsets)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_any_permission(request.user, ["add", "change"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        result = preview_input(request)
        if isinstance(result, list):
            return _bad_request(result)
        template, signatories = result
        response = HttpResponse(preview_png(template, signatories), content_type="image/png")
        response["Cache-Control"] = "no-store"
        return response


class CertificatePreviewSidePanel(BaseSidePanel):
    """The side panel with the sample certificate (beside the template form)."""

    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = gettext_lazy("Buka/tutup pratinjau sertifikat")
        icon_name = "doc-full"
        has_counter = False

    name = "certificate-preview"
    title = gettext_lazy("Pratinjau sertifikat")
    template_name = "certificates/admin/preview_panel.html"
    order = 300

    class Media:
        js = ["certificates/template_preview.js"]
        css = {"all": ["certificates/template_preview.css"]}

    def __init__(self, object, request, *, preview_url: str):
        super().__init__(object, request)
        self.preview_url = preview_url

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["preview_url"] = self.preview_url
        return context
