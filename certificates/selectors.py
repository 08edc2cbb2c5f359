"""Reads of the certificates app: who sees which certificate, its public status, its template."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage, Enrollment, EnrollmentStatus
from lms.people.selectors import ALL, opd_scope_ids
from lms.people.selectors_privacy import PersonalDataSection, plain
from lms.users.models import User

from .documents import verify_url
from .models import Certificate, CertificateState, CertificateTemplate

CODE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")  # RFC 4648 base32


def normalize_code(raw: str) -> str | None:
    """A verification code as typed or scanned: case and spaces/hyphens do not matter. ``None``
    for anything that cannot be a code (so it is a 404 without a query)."""
    code = "".join(ch for ch in (raw or "").upper() if ch not in " -")
    if not 16 <= len(code) <= 32 or not set(code) <= CODE_ALPHABET:
        return None
    return code


def certificate_by_code(raw: str) -> Certificate | None:
    code = normalize_code(raw)
    if code is None:
        return None
    return Certificate.objects.select_related("replaced_by").filter(code=code).first()


def certificate_status(certificate: Certificate, *, today: datetime.date | None = None) -> str:
    """``valid``, ``expired``, ``revoked`` or ``replaced``: what the verification answers."""
    if certificate.state != CertificateState.VALID:
        return certificate.state
    today = today or timezone.localdate()
    if certificate.expires_on and certificate.expires_on < today:
        return "expired"
    return "valid"


def certificates_of(user: User) -> QuerySet[Certificate]:
    """The user's own certificates, current ones (a replaced one is reached from its
    replacement's history), newest first."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(user=user).exclude(state=CertificateState.REPLACED)


def certificates_visible_to(user: User) -> QuerySet[Certificate]:
    """Own certificates, and for HR (``certificates.view_certificate``) those issued in an OPD
    of their scope (``lms.people.selectors.opd_scope_ids``: BKPSDM all, Admin OPD their own).
    Anything else is invisible (404)."""
    if not user.is_authenticated or not user.is_active:
        return Certificate.objects.none()
    own = Q(user=user)
    if user.has_perm("certificates.view_certificate"):
        scope = opd_scope_ids(user)
        if scope is ALL:
            return Certificate.objects.all()
        return Certificate.objects.filter(own | Q(opd_id__in=scope))
    return Certificate.objects.filter(own)


def certificate_template_for(course: CoursePage) -> CertificateTemplate | None:
    """The template that lists the course, else the default one."""
    return certificate_templates_for([course.pk])[course.pk]


def certificate_templates_for(course_ids: Iterable[int]) -> dict[int, CertificateTemplate | None]:
    """:func:`certificate_template_for` of many courses in two queries (with the signatories):
    the templates that list any of them or are the default, keyed by course id. A course listed
    by several templates takes the oldest."""
    course_ids = list(course_ids)
    templates = list(
        CertificateTemplate.objects.filter(Q(courses__in=course_ids) | Q(is_default=True))
        .prefetch_related("signatories__signature")
        .annotate(course_id=F("courses"))
        .order_by("pk")
    )
    default = next((t for t in templates if t.is_default), None)
    chosen: dict[int, CertificateTemplate | None] = {}
    for template in templates:
        if template.course_id in course_ids:
            chosen.setdefault(template.course_id, template)
    return {pk: chosen.get(pk, default) for pk in course_ids}


def enrollments_without_certificate(
    *, completed_before: datetime.datetime | None = None
) -> QuerySet[Enrollment]:
    """Completed enrollments (before ``completed_before``, when given) that have no current
    certificate: none issued, or only replaced ones without a successor. Oldest first."""
    current = Certificate.objects.filter(enrollment=OuterRef("pk")).exclude(
        state=CertificateState.REPLACED
    )
    enrollments = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
    if completed_before is not None:
        enrollments = enrollments.filter(completed_at__lt=completed_before)
    return enrollments.filter(~Exists(current)).order_by("pk")


def personal_data_sections(user: User) -> list[PersonalDataSection]:
    """The holder's certificates (every one, replaced ones too) for "Unduh data saya"
    (``lms.people.selectors_privacy``): number, course, JP, dates, state and verification
    code. One query. The signatories are left out (other people's names)."""
    rows = [
        {
            "number": certificate.number,
            "course": certificate.course_title,
            "course_code": certificate.course_code,
            "jp": plain(certificate.jp),
            "holder_name": certificate.holder_name,
            "holder_nip": certificate.holder_nip,
            "holder_opd": certificate.holder_opd,
            "started_on": plain(certificate.started_on),
            "completed_on": plain(certificate.completed_on),
            "issued_on": plain(certificate.issued_on),
            "expires_on": plain(certificate.expires_on),
            "state": certificate.get_state_display(),
            "revoked_reason": certificate.revoked_reason,
            "code": certificate.code,
            "verify_url": verify_url(certificate.code),
            "sha256": certificate.sha256,
        }
        for certificate in Certificate.objects.filter(user=user).order_by("issued_on", "pk")
    ]
    return [
        PersonalDataSection(
            key="certificates",
            title=_("Sertifikat"),
            order=60,
            rows=rows,
            labels={
                "number": _("Nomor"),
                "course": _("Kursus"),
                "course_code": _("Kode kursus"),
                "jp": _("JP"),
                "holder_name": _("Nama pada sertifikat"),
                "holder_nip": _("NIP pada sertifikat"),
                "holder_opd": _("OPD pada sertifikat"),
                "started_on": _("Mulai"),
                "completed_on": _("Selesai"),
                "issued_on": _("Terbit"),
                "expires_on": _("Berlaku sampai"),
                "state": _("Status"),
                "revoked_reason": _("Alasan pencabutan"),
                "code": _("Kode verifikasi"),
                "verify_url": _("Alamat verifikasi"),
                "sha256": _("SHA-256 berkas"),
            },
        )
    ]
