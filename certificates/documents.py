"""From a stored certificate (its snapshot) to the data the pure PDF function draws."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.images.models import Image

from lms.core.models import InstitutionSettings
from lms.core.selectors import institution_settings

from .models import DEFAULT_BODY, PLACEHOLDERS, Certificate, CertificateTemplate
from .pdf import CertificateData, Signatory


def verify_url(code: str) -> str:
    """The absolute address the QR code holds (settings.LMS_CERTIFICATE_VERIFY_BASE_URL)."""
    base = settings.LMS_CERTIFICATE_VERIFY_BASE_URL.rstrip("/")
    return base + reverse("certificates:verify", kwargs={"code": code})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months, on the month's last day when it is shorter
    (31 January + 1 month: 28 or 29 February): a certificate's expiry."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def format_jp(jp: Decimal) -> str:
    """8 -> "8", 2.5 -> "2,5" (Indonesian decimal comma)."""
    return f"{jp:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def format_date(value) -> str:
    with override(settings.LANGUAGE_CODE):
        return formats.date_format(value, "j F Y")


def _image_bytes(image: Image | None) -> bytes | None:
    if image is None:
        return None
    try:
        with image.open_file() as handle:
            return handle.read()
    except OSError:  # a missing file must not stop issuing; the certificate is drawn without it
        return None


class ImageFiles:
    """The bytes of Wagtail images, each read once: a batch draws the same logo, background and
    signatures on every certificate (docs/quality.md P13)."""

    def __init__(self) -> None:
        self._bytes: dict[int, bytes | None] = {}
        self._images: dict[int, Image] = {}

    def of(self, image: Image | None) -> bytes | None:
        if image is None:
            return None
        if image.pk not in self._bytes:
            self._bytes[image.pk] = _image_bytes(image)
        return self._bytes[image.pk]

    def of_ids(self, ids) -> dict[int, bytes | None]:
        """The bytes of the images ``ids`` (absent ones: ``None``), fetching the missing rows in
        one query."""
        ids = [pk for pk in ids if pk]
        missing = [pk for pk in ids if pk not in self._images]
        if missing:
            self._images.update(Image.objects.in_bulk(missing))
        return {pk: self.of(self._images.get(pk)) for pk in ids}


def jpeg_or_none(data: bytes | None) -> bytes | None:
    """A background is drawn only when it is a JPEG (passed through); the template's form
    refuses anything else, and an image replaced since is left out rather than re-encoded."""
    return data if data and data[:3] == b"\xff\xd8\xff" else None


def institution() -> InstitutionSettings:
    return institution_settings()


def body_text(template_body: str, certificate: Certificate) -> str:
    values = {
        "nama": certificate.holder_name,
        "nip": certificate.holder_nip,
        "opd": certificate.holder_opd,
        "kursus": certificate.course_title,
        "kode_kursus": certificate.course_code,
        "jp": format_jp(certificate.jp),
        "kompetensi": "; ".join(
            f"{c['code']} {c['name']} (level {c['level']})" for c in certificate.competencies
        ),
        "nomor": certificate.number,
        "tempat": certificate.place,
        "tanggal": format_date(certificate.issued_on),
        "tanggal_mulai": format_date(certificate.started_on),
        "tanggal_selesai": format_date(certificate.completed_on),
        "penerbit": certificate.issuer,
    }
    assert set(values) == set(PLACEHOLDERS)  # noqa: S101 - the two lists are one contract
    try:
        return template_body.format(**values)
    except (KeyError, IndexError, ValueError):  # validated on save; an old template still works
        return DEFAULT_BODY.format(**values)


def certificate_document(
    certificate: Certificate,
    *,
    template: CertificateTemplate | None,
    settings_row: InstitutionSettings | None = None,
    images: ImageFiles | None = None,
    footer_note: str = "",
) -> CertificateData:
    """The :class:`~certificates.pdf.CertificateData` of a stored certificate. A batch passes
    the institution's settings and one :class:`ImageFiles` for all its certificates."""
    settings_row = settings_row or institution()
    images = images or ImageFiles()
    signatures = images.of_ids(s.get("signature_id") for s in certificate.signatories)
    signatories = tuple(
        Signatory(
            name=s["name"],
            title=s["title"],
            nip=s.get("nip", ""),
            signature=signatures.get(s.get("signature_id")),
        )
        for s in certificate.signatories
    )
    with override(settings.LANGUAGE_CODE):
        expires = (
            _("Berlaku sampai %(date)s") % {"date": format_date(certificate.expires_on)}
            if certificate.expires_on
            else ""
        )
    return CertificateData(
        institution_name=certificate.institution_name,
        issuer=certificate.issuer,
        number=certificate.number,
        holder_name=certificate.holder_name,
        holder_nip=certificate.holder_nip,
        course_title=certificate.course_title,
        jp=format_jp(certificate.jp),
        body=body_text(template.body if template else DEFAULT_BODY, certificate),
        place=certificate.place,
        date_text=format_date(certificate.issued_on),
        verify_url=verify_url(certificate.code),
        competencies=tuple((c["code"], c["name"], c["level"]) for c in certificate.competencies),
        signatories=signatories,
        title=template.title if template else "SERTIFIKAT",
        orientation=template.orientation if template else "landscape",
        qr_position=template.qr_position if template else "bottom-left",
        logo=images.of(settings_row.logo),
        background=jpeg_or_none(images.of(template.background) if template else None),
        footer_note=footer_note,
        expires_text=expires,
    )
