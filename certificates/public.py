"""The public answer about a certificate, one function for the page and the API, so they can
never disagree and neither shows more than minimal data (docs/security.md): no full NIP, no
revocation reason, no e-mail, no birth date."""

import datetime
from dataclasses import asdict, dataclass

from django.urls import reverse

from lms.core.nip import mask_nip

from .models import Certificate
from .selectors import certificate_status


@dataclass(frozen=True)
class PublicAnswer:
    status: str  # valid, expired, revoked, replaced
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

    def as_dict(self) -> dict:
        return asdict(self)


def public_answer(certificate: Certificate, *, today: datetime.date) -> PublicAnswer:
    replacement = certificate.replaced_by
    return PublicAnswer(
        status=certificate_status(certificate, today=today),
        number=certificate.number,
        code=certificate.code,
        name=certificate.holder_name,
        nip_masked=mask_nip(certificate.holder_nip) if certificate.holder_nip else "",
        opd=certificate.holder_opd,
        course=certificate.course_title,
        course_code=certificate.course_code,
        jp=float(certificate.jp),
        completed_on=certificate.completed_on,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        issuer=certificate.issuer,
        institution=certificate.institution_name,
        sha256=certificate.sha256,
        replaced_by_url=(
            reverse("certificates:verify", kwargs={"code": replacement.code})
            if replacement
            else None
        ),
        replaced_by_number=replacement.number if replacement else None,
    )
