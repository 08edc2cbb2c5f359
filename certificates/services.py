"""Write side of certificates: issue, render, revoke, re-issue, templates.

Issuing is two short steps, each its own transaction, both idempotent:

1. :func:`certificate_issue` locks the enrollment row, returns the current certificate if it
   has one, else takes the next number of the year (:func:`certificate_number_next`, a row lock
   on the year's counter held only until this commit) and inserts the snapshot: the partial
   unique index (one current certificate per enrollment) is the guarantee, not the check
   before it. A rolled-back issue rolls its number back too, so numbers stay gap-free per year.
2. :func:`certificate_render` draws the PDF (``certificates.pdf``, pure), lets the configured
   signer (``settings.LMS_CERTIFICATE_SIGNER``) transform the bytes, writes them to
   ``<year>/<sequence>.pdf.tmp`` and ``os.replace``s them to ``<year>/<sequence>.pdf`` in the
   private certificate folder, then stores the SHA-256. The names follow the number, so a
   retried task overwrites what a killed one left; a certificate with a file is never redrawn.

Rendering outside the counter lock keeps issuing parallel: the lock covers an insert, not a
20 ms drawing. In bulk (:func:`certificates_issue`, the ``certificates.issue_batch`` task, up
to a few hundred enrollments a message) the same two steps run once for the whole batch: one
counter update takes all its numbers, the template, institution settings, employees and images
are read once, rows and events are inserted together and the hashes stored in one update, so a
certificate costs little more than its drawing (docs/quality.md P13).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from courses.models import CourseCompetency, Enrollment, EnrollmentStatus
from lms.core.audit.actions import AuditAction
from lms.core.audit.services import AuditOPD, audit_record, audit_records
from lms.core.errors import ApplicationError
from lms.core.models import InstitutionSettings
from lms.people.models import Employee
from lms.people.selectors import employees_by_user
from lms.users.models import User

from .documents import ImageFiles, add_months, certificate_document, institution
from .models import (
    Certificate,
    CertificateAction,
    CertificateCounter,
    CertificateEvent,
    CertificateSignatory,
    CertificateState,
    CertificateTemplate,
    certificate_storage,
)
from .pdf import render_certificate
from .selectors import certificate_templates_for

CODE_BYTES = 10  # 80 bits from the CSPRNG: 16 base32 characters (docs/security.md)
REASON_MAX = 500


def verification_code_new() -> str:
    """16 characters of RFC 4648 base32 from :mod:`secrets` (80 bits)."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def certificate_number_format(*, institution_code: str, year: int, course_code: str,
                              sequence: int) -> str:  # fmt: skip
    return settings.LMS_CERTIFICATE_NUMBER_PATTERN.format(
        kode_instansi=institution_code, tahun=year, kode_kursus=course_code, urutan=sequence
    )


@transaction.atomic
def certificate_number_next(*, year: int, count: int = 1) -> int:
    """Takes the next ``count`` sequence numbers of ``year`` and returns the last of them (the
    caller numbers ``last - count + 1 .. last``). Locks the year's counter row until the caller's
    transaction ends, so concurrent issuers queue here (PostgreSQL ``SELECT ... FOR UPDATE``)
    and a rollback gives the numbers back."""
    CertificateCounter.objects.bulk_create([CertificateCounter(year=year)], ignore_conflicts=True)
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last += count
    counter.save(update_fields=["last"])
    return counter.last


@dataclass
class _Shared:
    """What the certificates of one issue share, read once for all of them: the institution's
    settings, today, and per course its template and competencies; per user the employee."""

    settings_row: InstitutionSettings
    today: datetime.date
    templates: dict[int, CertificateTemplate | None]
    competencies: dict[int, list[dict]]
    employees: dict[int, Employee]
    images: ImageFiles = field(default_factory=ImageFiles)

    @classmethod
    def load(cls, enrollments: Sequence[Enrollment]) -> _Shared:
        course_ids = {e.course_id for e in enrollments}
        competencies: dict[int, list[dict]] = {pk: [] for pk in course_ids}
        for target in CourseCompetency.objects.filter(course_id__in=course_ids).select_related(
            "competency"
        ):
            competencies[target.course_id].append(
                {
                    "code": target.competency.code,
                    "name": target.competency.name,
                    "level": target.target_level,
                }
            )
        return cls(
            settings_row=institution(),
            today=timezone.localdate(),
            templates=certificate_templates_for(course_ids),
            competencies=competencies,
            employees=employees_by_user(e.user_id for e in enrollments),
        )


def _snapshot(enrollment: Enrollment, shared: _Shared) -> dict:
    """What the certificate says, copied now (later changes never alter it)."""
    course = enrollment.course
    template = shared.templates[course.pk]
    employee = shared.employees.get(enrollment.user_id)
    settings_row = shared.settings_row
    today = shared.today
    completed = enrollment.completed_at or timezone.now()
    if employee is not None:
        holder = {
            "holder_name": employee.full_name,
            "holder_nip": employee.nip,
            "holder_opd": employee.opd.name,
            "opd": employee.opd,
        }
    else:
        user = enrollment.user
        holder = {
            "holder_name": user.get_full_name() or user.get_username(),
            "holder_nip": "",
            "holder_opd": "",
            "opd": None,
        }
    signatories = []
    if template is not None:
        signatories = [
            {"name": s.name, "nip": s.nip, "title": s.title, "signature_id": s.signature_id}
            for s in template.signatories.all()
        ]
    return {
        **holder,
        "template": template,
        "course_title": course.title,
        "course_code": course.code,
        "jp": course.jp,
        "competencies": shared.competencies[course.pk],
        "started_on": timezone.localdate(enrollment.enrolled_at),
        "completed_on": timezone.localdate(completed),
        "issued_on": today,
        "place": template.place if template else settings_row.short_name,
        "institution_name": settings_row.name,
        "issuer": settings_row.hr_unit_name,
        "signatories": signatories,
        "expires_on": (
            add_months(today, template.validity_months)
            if template and template.validity_months
            else None
        ),
    }


def _insert(enrollments: Sequence[Enrollment], *, shared: _Shared, actor: User | None,
            action: str, reason: str = "",
            audit: tuple[AuditAction, dict] | None = None) -> list[Certificate]:  # fmt: skip
    """Numbers and inserts a new current certificate for each of ``enrollments`` (the caller
    holds their locks and none has a current certificate): the numbers in one counter update,
    the rows and their events in one insert each. The partial unique index (one current
    certificate per enrollment) is the guarantee; a violation rolls everything back, the
    numbers with it."""
    year = shared.today.year
    last = certificate_number_next(year=year, count=len(enrollments))
    certificates = []
    for sequence, enrollment in enumerate(enrollments, start=last - len(enrollments) + 1):
        data = _snapshot(enrollment, shared)
        certificate = Certificate(
            enrollment=enrollment,
            user=enrollment.user,
            number=certificate_number_format(
                institution_code=shared.settings_row.code,
                year=year,
                course_code=data["course_code"],
                sequence=sequence,
            ),
            year=year,
            sequence=sequence,
            code=verification_code_new(),
            **data,
        )
        certificate.full_clean(
            exclude=["pdf", "sha256", "enrollment", "user", "template", "opd"],
            validate_unique=False,
            validate_constraints=False,
        )
        certificates.append(certificate)
    Certificate.objects.bulk_create(certificates)
    CertificateEvent.objects.bulk_create(
        CertificateEvent(certificate=c, action=action, actor=actor, reason=reason)
        for c in certificates
    )
    audit_action, audit_extra = audit or (AuditAction.CERTIFICATE_ISSUED, {})
    audit_records(
        {
            "action": audit_action,
            "actor": actor,
            "obj": c,
            "object_label": c.number,
            "opd": c.opd,
            "details": {
                "number": c.number,
                "course": c.course_code,
                "holder": c.holder_name,
                **audit_extra,
            },
        }
        for c in certificates
    )
    certificates_notify_issued(certificates=certificates)
    return certificates


def _locked_enrollment(enrollment_id: int) -> Enrollment:
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "user")
        .get(pk=enrollment_id)
    )
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise ApplicationError(
            _("Sertifikat hanya diterbitkan untuk kursus yang sudah selesai."),
            code="not_completed",
        )
    return enrollment


def _current_of(enrollments: Sequence[Enrollment]) -> dict[int, Certificate]:
    current = Certificate.objects.filter(enrollment__in=enrollments).exclude(
        state=CertificateState.REPLACED
    )
    return {certificate.enrollment_id: certificate for certificate in current}


def certificate_issue(*, enrollment: Enrollment, actor: User | None = None) -> Certificate:
    """The enrollment's current certificate, issued (numbered and drawn) if it has none.
    Idempotent and safe under concurrency; see the module docstring. Refuses an enrollment
    that is not completed."""
    with transaction.atomic():
        locked = _locked_enrollment(enrollment.pk)
        certificate = _current_of([locked]).get(locked.pk)
        if certificate is None:
            shared = _Shared.load([locked])
            (certificate,) = _insert([locked], shared=shared, actor=actor,
                                     action=CertificateAction.ISSUE)  # fmt: skip
    return certificate_render(certificate=certificate)


BATCH_MAX = 500


def certificates_issue(*, enrollment_ids: Sequence[int], actor: User | None = None) -> int:
    """:func:`certificate_issue` for many enrollments at once (a batch task; docs/quality.md
    P13): one transaction locks them (in id order, so two batches never deadlock), skips those
    not completed or already certified, and numbers and inserts the rest together; then
    :func:`certificates_render` draws every current certificate of the batch still without a
    file. Idempotent like the single issue. Returns how many certificates were issued now."""
    if len(enrollment_ids) > BATCH_MAX:
        raise ApplicationError(f"at most {BATCH_MAX} enrollments a batch", code="batch")
    with transaction.atomic():
        enrollments = list(
            Enrollment.objects.select_for_update(of=("self",))
            .select_related("course", "user")
            .filter(pk__in=list(enrollment_ids), status=EnrollmentStatus.COMPLETED)
            .order_by("pk")
        )
        current = _current_of(enrollments)
        missing = [e for e in enrollments if e.pk not in current]
        shared = _Shared.load(missing)
        issued = []
        if missing:
            issued = _insert(missing, shared=shared, actor=actor, action=CertificateAction.ISSUE)
        pending = [c.pk for c in [*current.values(), *issued] if not c.sha256]
    if pending:
        certificates_render(certificate_ids=pending, settings_row=shared.settings_row,
                            images=shared.images)  # fmt: skip
    return len(issued)


def certificates_issue_pending(*, batch_size: int = 100, settle_minutes: int = 10) -> int:
    """Queues the enrollments completed more than ``settle_minutes`` ago that still have no
    current certificate, ``batch_size`` per ``certificates.issue_batch`` message, and returns how
    many. Run by the hourly beat sweep, so an issue whose message was lost (or whose task failed
    for good) still happens; the minutes leave the completion's own task its turn."""
    from .selectors import enrollments_without_certificate
    from .tasks import certificate_issue_batch_task

    settled = timezone.now() - datetime.timedelta(minutes=settle_minutes)
    pending = enrollments_without_certificate(completed_before=settled)
    ids = list(pending.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        certificate_issue_batch_task.delay_on_commit(ids[start : start + batch_size])
    return len(ids)


def certificate_signer() -> Callable[..., bytes] | None:
    """The configured signer (``settings.LMS_CERTIFICATE_SIGNER``, a dotted path), or ``None``.

    A signer is a callable ``signer(pdf: bytes, *, certificate: Certificate) -> bytes`` (for
    example a PAdES signature, ``certificates/signing.py``), run before the hash is taken, so
    the stored SHA-256 is that of the signed file. It may carry a ``statement`` attribute, the
    sentence printed in the footer ("ditandatangani secara elektronik ... BSrE")."""
    path = settings.LMS_CERTIFICATE_SIGNER
    return import_string(path) if path else None


def _write_atomically(name: str, content: bytes) -> None:
    path = Path(certificate_storage().path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def certificate_file_name(certificate: Certificate) -> str:
    return f"{certificate.year}/{certificate.sequence:07d}.pdf"


def certificate_render(*, certificate: Certificate) -> Certificate:
    """Draws, signs, stores and hashes the certificate's PDF, once (idempotent: a certificate
    whose file is stored is returned as it is)."""
    certificates_render(certificate_ids=[certificate.pk])
    return Certificate.objects.get(pk=certificate.pk)


@transaction.atomic
def certificates_render(*, certificate_ids: Sequence[int],
                        settings_row: InstitutionSettings | None = None,
                        images: ImageFiles | None = None) -> int:  # fmt: skip
    """:func:`certificate_render` of many certificates: their rows locked for the drawing (so
    two workers never write one file), the institution's settings and the images read once,
    the hashes stored in one update. Returns how many files were written."""
    certificates = list(
        Certificate.objects.select_for_update(of=("self",))
        .select_related("template")
        .filter(pk__in=list(certificate_ids))
        .order_by("pk")
    )
    storage = certificate_storage()
    signer = certificate_signer()
    settings_row = settings_row or institution()
    images = images or ImageFiles()
    templates: dict[int, CertificateTemplate] = {}
    drawn = []
    for certificate in certificates:
        name = certificate_file_name(certificate)
        if certificate.sha256 and certificate.pdf.name == name and storage.exists(name):
            continue
        template = certificate.template
        if template is not None:  # one object per template, so its images are read once
            template = templates.setdefault(template.pk, template)
        document = certificate_document(
            certificate,
            template=template,
            settings_row=settings_row,
            images=images,
            footer_note=getattr(signer, "statement", "") if signer else "",
        )
        content = render_certificate(document)
        if signer is not None:
            content = signer(content, certificate=certificate)
        _write_atomically(name, content)
        certificate.pdf.name = name
        certificate.sha256 = hashlib.sha256(content).hexdigest()
        drawn.append(certificate)
    Certificate.objects.bulk_update(drawn, ["pdf", "sha256"])
    return len(drawn)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasannya.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Alasan paling banyak %(max)d karakter.") % {"max": REASON_MAX}}
        )
    return reason


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    """Revokes a valid certificate (the verification then reads "dicabut"), with the reason."""
    reason = _reason(reason)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.state != CertificateState.VALID:
        raise ApplicationError(_("Hanya sertifikat yang sah yang dapat dicabut."), code="state")
    certificate.state = CertificateState.REVOKED
    certificate.revoked_reason = reason
    certificate.save(update_fields=["state", "revoked_reason"])
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateAction.REVOKE, actor=actor, reason=reason
    )
    audit_record(
        AuditAction.CERTIFICATE_REVOKED,
        actor=actor,
        obj=certificate,
        object_label=certificate.number,
        opd=AuditOPD(certificate.opd_id, certificate.holder_opd),
        details={"number": certificate.number, "reason": reason},
    )
    return certificate


def certificate_reissue(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    """Issues a new certificate (new number, new code, today's data: after a correction of the
    name or the course) in place of a current one, which stays on record as replaced and points
    to the new one. Returns the new certificate."""
    reason = _reason(reason)
    with transaction.atomic():
        enrollment = _locked_enrollment(certificate.enrollment_id)
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.state == CertificateState.REPLACED:
            raise ApplicationError(_("Sertifikat ini sudah diganti."), code="state")
        old.state = CertificateState.REPLACED
        old.save(update_fields=["state"])
        (new,) = _insert(
            [enrollment],
            shared=_Shared.load([enrollment]),
            actor=actor,
            action=CertificateAction.ISSUE,
            reason=_("Penerbitan ulang menggantikan %(number)s: %(reason)s")
            % {"number": old.number, "reason": reason},
            audit=(
                AuditAction.CERTIFICATE_REISSUED,
                {"replaces": old.number, "replaces_id": old.pk, "reason": reason},
            ),
        )
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        CertificateEvent.objects.create(
            certificate=old, action=CertificateAction.REISSUE, actor=actor, reason=reason
        )
    return certificate_render(certificate=new)


@transaction.atomic
def certificate_template_save(
    *, template: CertificateTemplate, signatories: list[dict] | None = None
) -> CertificateTemplate:
    """Saves a template (validated) and, when given, replaces its signatories
    (``[{"name", "nip", "title", "signature"}]``). Only one template is the default."""
    if template.is_default:
        CertificateTemplate.objects.filter(is_default=True).exclude(pk=template.pk).update(
            is_default=False
        )
    template.full_clean()
    template.save()
    if signatories is not None:
        template.signatories.all().delete()
        for order, values in enumerate(signatories):
            signatory = CertificateSignatory(template=template, sort_order=order, **values)
            signatory.full_clean()
            signatory.save()
    return template


# --- Notifications (issue, renewal reminder) ----------------------------------------------------


def certificates_notify_issued(*, certificates: list[Certificate]) -> None:
    """Tells each holder that a certificate was issued (a first issue or a re-issue), in the
    issuing transaction: a redelivered task finds the certificate and issues nothing, so it
    notifies nothing; the key ``certificate:<id>`` makes even a second call a no-op."""
    from django.urls import reverse

    from lms.core.models import Notification
    from lms.core.notifications.services import notifications_bulk_create

    url = reverse("certificates:mine")
    notifications_bulk_create(
        notifications=[
            Notification(
                user_id=certificate.user_id,
                title=_("Sertifikat Anda sudah terbit: %(course)s")
                % {"course": certificate.course_title},
                body=_("Nomor %(number)s. Unduh PDF-nya di halaman Sertifikat saya.")
                % {"number": certificate.number},
                url=url,
                key=f"certificate:{certificate.pk}",
            )
            for certificate in certificates
        ]
    )


def certificates_renewal_remind(*, today: datetime.date | None = None) -> int:
    """Reminds, once, each holder of a valid certificate that expires within
    ``RENEWAL_NOTICE_DAYS`` of ``today`` (the daily beat task). The marker
    ``renewal_reminded_at`` is set in the same transaction as the notification, under the row
    lock, so a second run (or two at once) sends nothing more. Returns how many were reminded."""
    from .models import RENEWAL_NOTICE_DAYS

    today = today or timezone.localdate()
    due = Certificate.objects.filter(
        state=CertificateState.VALID,
        renewal_reminded_at__isnull=True,
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS),
    ).order_by("pk")
    return sum(_renewal_remind(pk) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def _renewal_remind(pk: int) -> int:
    from django.urls import reverse
    from django.utils.formats import date_format

    from lms.core.notifications.services import notification_create

    certificate = (
        Certificate.objects.select_for_update()
        .filter(pk=pk, state=CertificateState.VALID, renewal_reminded_at__isnull=True)
        .first()
    )
    if certificate is None:
        return 0
    certificate.renewal_reminded_at = timezone.now()
    certificate.save(update_fields=["renewal_reminded_at"])
    notification_create(
        user=certificate.user,
        title=_("Sertifikat segera berakhir: %(course)s") % {"course": certificate.course_title},
        body=_(
            "Sertifikat %(number)s berlaku sampai %(date)s. Segera perpanjang sebelum masa "
            "berlakunya habis."
        )
        % {"number": certificate.number, "date": date_format(certificate.expires_on, "j F Y")},
        url=reverse("certificates:mine"),
        key=f"certificate:{certificate.pk}:renewal",
    )
    return 1
