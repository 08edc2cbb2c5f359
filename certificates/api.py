"""Certificates in the HTTP API (docs/interfaces.md, docs/api.md): the public verification and
the caller's certificates with their PDFs."""

import datetime

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from lms.core.api import Id, errors
from lms.core.ratelimit import rate_limited_response

from .public import public_answer
from .ratelimit import verify_rate_exceeded
from .selectors import (
    certificate_by_code,
    certificate_status,
    certificates_of,
    certificates_visible_to,
)
from .views import pdf_response

router = Router(tags=["sertifikat"])


class VerifyOut(Schema):
    status: str
    number: str
    code: str
    name: str
    nip_masked: str
    opd: str
    course: str
    course_code: str
    jp: float
    completed_on: datetime.date
    issued_on: datetime.date
    expires_on: datetime.date | None
    issuer: str
    institution: str
    sha256: str
    replaced_by_url: str | None
    replaced_by_number: str | None


class CertificateOut(Schema):
    id: int
    number: str
    code: str
    status: str
    course: str
    course_code: str
    jp: float
    issued_on: datetime.date
    expires_on: datetime.date | None
    sha256: str
    pdf_url: str
    verify_url: str


def _no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = "no-store"


@router.get(
    "/verify/{code}",
    auth=None,
    response={200: VerifyOut, **errors(404, 429)},
    summary="Verifikasi sertifikat (publik)",
)
def verify(request, code: str, response: HttpResponse):
    """The same answer as the page ``/sertifikat/verifikasi/<code>/``; no full NIP."""
    _no_store(response)
    if (state := verify_rate_exceeded(request)).exceeded:
        limited = rate_limited_response(
            request,
            state,
            json=True,
            message=_("Terlalu banyak permintaan; coba lagi sebentar lagi."),
        )
        _no_store(limited)
        return limited
    certificate = certificate_by_code(code)
    if certificate is None:
        missing = JsonResponse({"detail": _("Sertifikat tidak ditemukan.")}, status=404)
        _no_store(missing)
        return missing
    return public_answer(certificate, today=timezone.localdate()).as_dict()


@router.get(
    "/certificates",
    response={200: list[CertificateOut], **errors()},
    summary="Sertifikat Anda",
)
def list_certificates(request, response: HttpResponse):
    _no_store(response)
    today = timezone.localdate()
    return [
        {
            "id": c.pk,
            "number": c.number,
            "code": c.code,
            "status": certificate_status(c, today=today),
            "course": c.course_title,
            "course_code": c.course_code,
            "jp": float(c.jp),
            "issued_on": c.issued_on,
            "expires_on": c.expires_on,
            "sha256": c.sha256,
            "pdf_url": reverse("api-v1:certificate_pdf", kwargs={"certificate_id": c.pk}),
            "verify_url": reverse("certificates:verify", kwargs={"code": c.code}),
        }
        for c in certificates_of(request.user)
    ]


@router.get(
    "/certificates/{certificate_id}/pdf",
    response={200: None, **errors(400, 404)},
    summary="Berkas PDF sertifikat",
    openapi_extra={
        "responses": {
            200: {
                "description": "PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def certificate_pdf(request, certificate_id: Id):
    """The owner's, or HR's within their OPD scope; 404 for everyone else."""
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=certificate_id)
    return pdf_response(certificate, request=request)
