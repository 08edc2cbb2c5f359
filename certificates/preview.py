"""The live preview of a certificate template: a sample certificate drawn from the template
form's current, unsaved values, rasterised to a PNG (docs/architecture.md, Certificates).

The sample is an unsaved :class:`~certificates.models.Certificate` (a made-up holder, course,
number and dates, the verify URL of a dummy code) handed to the same
:func:`certificates.documents.certificate_document` that issuance uses, so the body's
placeholders, dates, JP, expiry and images are filled exactly as on a real certificate; the
page is drawn by the same pure :func:`certificates.pdf.render_certificate`. Nothing is stored:
the template and the certificate are never saved, the PDF and the PNG live in memory only.

Rasterising uses PDFium (``pypdfium2``); PDFium is not thread-safe, so one lock serialises it
within a process (a preview takes tens of milliseconds, docs/benchmarks.md).
"""

from __future__ import annotations

import datetime
import io
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pypdfium2
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from lms.core.models import InstitutionSettings

from .documents import add_months, certificate_document, institution
from .models import Certificate, CertificateTemplate
from .pdf import CertificateData, render_certificate
from .services import certificate_number_format

# The sample holder and course (made up; the NIP has the 18-digit shape of a real one:
# date of birth, TMT CPNS year and month, sex, sequence).
SAMPLE_CODE = "PRATINJAUCONTOH2"  # 16 base32 characters, like a real code; never issued
SAMPLE_HOLDER = "Dr. Ir. H. Ahmad Fauzi, S.T., M.Kom."
SAMPLE_NIP = "198507122010011003"
SAMPLE_OPD = "Dinas Komunikasi dan Informatika"
SAMPLE_COURSE = "Literasi Digital bagi ASN"
SAMPLE_COURSE_CODE = "LD-101"
SAMPLE_JP = Decimal("8")
SAMPLE_COMPETENCIES = (
    {"code": "LD.02", "name": "Penelusuran & Evaluasi Informasi (termasuk hoaks)", "level": 2},
    {"code": "LD.05", "name": "Etika Digital & Netiket ASN", "level": 3},
)
SAMPLE_SEQUENCE = 42
SAMPLE_DAYS = 14  # the sample course ran for two weeks before the issue date

DPI = 110
MAX_WIDTH = 1300  # px; an A4 landscape page at 110 dpi is 1287 px wide
MAX_BODY = 2000  # characters of a template body the preview accepts
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class SampleSignatory:
    name: str
    title: str
    nip: str = ""
    signature_id: int | None = None


def preview_images(user, ids: Iterable[int]) -> dict[int, object]:
    """The Wagtail images among ``ids`` that ``user`` may put on a template: those the image
    chooser offers them (the "choose" permission on the image's collection)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    image_model = get_image_model()
    choosable = policy_registry.get_by_type(image_model).instances_user_has_any_permission_for(
        user, ["choose"]
    )
    return {image.pk: image for image in choosable.filter(pk__in=wanted)}


def sample_certificate(
    template: CertificateTemplate,
    signatories: Sequence[SampleSignatory],
    *,
    settings_row: InstitutionSettings,
    today: datetime.date,
) -> Certificate:
    """An unsaved certificate of the sample holder, numbered and dated like a real one."""
    return Certificate(
        template=template,
        number=certificate_number_format(
            institution_code=settings_row.code,
            year=today.year,
            course_code=SAMPLE_COURSE_CODE,
            sequence=SAMPLE_SEQUENCE,
        ),
        year=today.year,
        sequence=SAMPLE_SEQUENCE,
        code=SAMPLE_CODE,
        holder_name=SAMPLE_HOLDER,
        holder_nip=SAMPLE_NIP,
        holder_opd=SAMPLE_OPD,
        course_title=SAMPLE_COURSE,
        course_code=SAMPLE_COURSE_CODE,
        jp=SAMPLE_JP,
        competencies=[dict(c) for c in SAMPLE_COMPETENCIES],
        started_on=today - datetime.timedelta(days=SAMPLE_DAYS),
        completed_on=today,
        issued_on=today,
        place=template.place,
        institution_name=settings_row.name,
        issuer=settings_row.hr_unit_name,
        signatories=[
            {"name": s.name, "nip": s.nip, "title": s.title, "signature_id": s.signature_id}
            for s in signatories
        ],
        expires_on=(
            add_months(today, template.validity_months) if template.validity_months else None
        ),
    )


def sample_document(
    template: CertificateTemplate,
    signatories: Sequence[SampleSignatory],
    *,
    settings_row: InstitutionSettings | None = None,
    today: datetime.date | None = None,
) -> CertificateData:
    """What the sample certificate prints, from an unsaved template (its background already
    resolved to an image the user may use) and its signatories."""
    settings_row = settings_row or institution()
    today = today or timezone.localdate()
    certificate = sample_certificate(template, signatories, settings_row=settings_row, today=today)
    with override(settings.LANGUAGE_CODE):
        note = _("Pratinjau contoh: bukan sertifikat yang sah.")
    return certificate_document(
        certificate, template=template, settings_row=settings_row, footer_note=note
    )


def png_of_first_page(pdf: bytes, *, dpi: int = DPI, max_width: int = MAX_WIDTH) -> bytes:
    """Page 1 of ``pdf`` as a PNG at ``dpi`` (at most ``max_width`` pixels wide)."""
    buffer = io.BytesIO()
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            width, _height = page.get_size()  # points
            scale = min(dpi / 72, max_width / width)
            image = page.render(scale=scale).to_pil()
            page.close()
        finally:
            document.close()
    # Pillow encodes into memory (no file, no model). The fastest zlib level: a textured JPEG
    # background makes the image noisy, and level 6 takes about twice as long for 25 % less.
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def preview_png(template: CertificateTemplate, signatories: Sequence[SampleSignatory]) -> bytes:
    """The sample certificate of ``template`` as a PNG."""
    return png_of_first_page(render_certificate(sample_document(template, signatories)))
