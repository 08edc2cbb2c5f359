"""The learner's own data (UU 27/2022; docs/security.md, "Personal data (UU 27/2022)"):
``/akun/data-saya/`` lists what the platform holds about the logged-in user, offers it as JSON
and as PDF ("Unduh data saya"), and takes correction requests ("Permintaan perbaikan data").

Only the logged-in user's own data is read (``personal_data_sections(request.user)``: every
section by their user or employee id); there is no id in these URLs to change. Each download
writes one audit entry (``MY_DATA_DOWNLOADED``) and is sent ``Cache-Control: no-store`` as an
attachment. Writes go through ``correction_request_create``.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.selectors import institution_settings
from lms.core.session_expiry import post_action

from .models import CorrectionField
from .my_data_pdf import PDFHeader, render_personal_data_pdf
from .selectors import correction_requests_of, employee_for_user
from .selectors_privacy import personal_data_document, personal_data_sections
from .services import CORRECTION_NOTE_MAX, CORRECTION_VALUE_MAX, correction_request_create


class CorrectionForm(forms.Form):
    """The shape of a correction request; the rules (length, NUL, markup, how many open) are
    the service's, whose ``ValidationError`` comes back as these fields' errors."""

    field = forms.ChoiceField(
        label=gettext_lazy("Data yang perlu diperbaiki"),
        choices=[("", gettext_lazy("— pilih —")), *CorrectionField.choices],
        error_messages={
            "required": gettext_lazy("Pilih data yang perlu diperbaiki."),
            "invalid_choice": gettext_lazy("Pilih data yang perlu diperbaiki."),
        },
    )
    requested_value = forms.CharField(
        label=gettext_lazy("Data yang benar"),
        required=False,
        strip=False,
        help_text=gettext_lazy("Tuliskan sebagaimana seharusnya, misalnya nama lengkap sesuai SK."),
        widget=forms.TextInput(attrs={"maxlength": CORRECTION_VALUE_MAX, "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Keterangan (boleh kosong)"),
        required=False,
        strip=False,
        help_text=gettext_lazy("Misalnya dokumen yang menjadi dasar: SK, ijazah, sertifikat."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": CORRECTION_NOTE_MAX}),
    )


def _page(request: HttpRequest, form: CorrectionForm | None = None, status: int = 200):
    user = request.user
    employee = employee_for_user(user)
    sections = personal_data_sections(user)
    return TemplateResponse(
        request,
        "people/my_data.html",
        {
            "employee": employee,
            "sections": sections,
            "form": form or CorrectionForm(),
            "corrections": list(correction_requests_of(employee)) if employee else [],
        },
        status=status,
    )


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """``GET /akun/data-saya/``: what is held, the two downloads, the correction form and the
    status of earlier requests."""
    response = _page(request)
    response["Cache-Control"] = "private, no-store"
    return response


def _person(user) -> tuple[str, str]:
    employee = employee_for_user(user)
    if employee is not None:
        return employee.full_name, employee.nip
    return user.get_full_name() or user.username, user.nip or ""


@login_required
def my_data_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """``GET /akun/data-saya/unduh/<json|pdf>/``: the whole of the user's data, as an
    attachment, logged once."""
    if fmt not in ("json", "pdf"):
        raise Http404
    user = request.user
    sections = personal_data_sections(user)
    stamp = timezone.localtime()
    if fmt == "json":
        body = json.dumps(
            personal_data_document(user, sections),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        ).encode("utf-8")
        content_type = "application/json; charset=utf-8"
    else:
        name, nip = _person(user)
        institution = institution_settings()
        body = render_personal_data_pdf(
            header=PDFHeader(
                person=name,
                nip=nip,
                institution=institution.name if institution else "",
                generated=formats.date_format(stamp, "j F Y H.i T"),
            ),
            sections=sections,
        )
        content_type = "application/pdf"
    audit_record(
        AuditAction.MY_DATA_DOWNLOADED,
        actor=user,
        obj=user,
        details={"format": fmt, "sections": len(sections), "bytes": len(body)},
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="data-saya-{user.pk}-{stamp:%Y%m%d}.{fmt}"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@post_action(lambda request: reverse("privacy:my_data"), label=gettext_lazy("Kirim permintaan"))
def correction_request(request: HttpRequest) -> HttpResponse:
    """``POST /akun/data-saya/perbaikan/``: a correction request of the user's own record.
    Refused input is shown again with its reasons (400), nothing written."""
    employee = employee_for_user(request.user)
    form = CorrectionForm(request.POST)
    if employee is None:
        form.add_error(None, _("Akun Anda belum terhubung dengan data kepegawaian."))
        return _page(request, form, status=400)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        correction_request_create(
            employee=employee,
            user=request.user,
            field=form.cleaned_data["field"],
            requested_value=form.cleaned_data["requested_value"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return _page(request, form, status=400)
    messages.success(
        request,
        _(
            "Permintaan perbaikan data terkirim ke bagian kepegawaian. Statusnya tampil di "
            "halaman ini dan Anda akan mendapat pemberitahuan setelah ditanggapi."
        ),
    )
    return redirect("privacy:my_data")
