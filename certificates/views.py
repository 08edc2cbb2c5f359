"""Public verification page and the learner's certificate list and downloads (thin)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import AuditOPD, audit_record
from lms.core.ratelimit import rate_limited_response

from .public import public_answer
from .ratelimit import verify_rate_exceeded
from .selectors import certificate_by_code, certificates_of, certificates_visible_to


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def verify(request, code: str):
    """Anyone: what the certificate with this code is (valid, expired, revoked, replaced),
    with minimal personal data (docs/security.md). 404 for an unknown code, 429 past the
    per-IP limit; never cached."""
    if (limited := verify_rate_exceeded(request)).exceeded:
        return _no_store(
            rate_limited_response(request, limited, template="certificates/verify_limited.html")
        )
    certificate = certificate_by_code(code)
    if certificate is None:
        return _no_store(TemplateResponse(request, "certificates/verify_unknown.html", status=404))
    answer = public_answer(certificate, today=timezone.localdate())
    return _no_store(TemplateResponse(request, "certificates/verify.html", {"answer": answer}))


@login_required
@never_cache
def my_certificates(request):
    certificates = list(certificates_of(request.user).select_related("replaced_by"))
    return _no_store(
        TemplateResponse(
            request,
            "certificates/my_certificates.html",
            {"certificates": certificates, "today": timezone.localdate()},
        )
    )


def pdf_response(certificate, *, request=None) -> FileResponse:
    """The certificate's PDF as an attachment. Fetched by someone other than its owner (HR in
    scope), one ``DOWNLOADED`` audit entry; the owner's own download is not audited (their own
    document, already theirs on "Sertifikat saya")."""
    if not certificate.pdf:
        raise Http404
    try:
        handle = certificate.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    viewer = getattr(request, "user", None)
    if viewer is not None and viewer.pk != certificate.user_id:
        audit_record(
            AuditAction.DOWNLOADED,
            actor=viewer,
            obj=certificate,
            object_label=certificate.number,
            opd=AuditOPD(certificate.opd_id, certificate.holder_opd),
            details={"kind": "certificate_pdf", "number": certificate.number},
            request=request,
        )
    filename = "sertifikat-" + certificate.number.replace("/", "-") + ".pdf"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    return _no_store(response)


@login_required
@require_GET
def download(request, pk: int):
    """The PDF, for its owner and HR in scope; 404 for everyone else."""
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    return pdf_response(certificate, request=request)
