"""Certificates for tests: completed enrollments of real employees, a template with a JPEG
background, issued through the services (nothing is written around them)."""

import io
from contextlib import contextmanager

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from certificates.models import CertificateTemplate
from certificates.services import certificate_template_save
from courses.selectors import course_lessons
from courses.services import enrollment_create, lesson_complete
from tests.factories.courses import build_course
from tests.factories.people import EmployeeFactory


def jpeg_bytes(width: int = 1754, height: int = 1240) -> bytes:
    """An A4 landscape background at 150 dpi, like the one a regency would upload."""
    img = PILImage.new("RGB", (width, height), (252, 249, 240))
    draw = ImageDraw.Draw(img)
    for x in range(0, width, 40):
        draw.line([(x, 0), (x + height // 3, height)], fill=(246, 240, 225), width=3)
    draw.rectangle([40, 40, width - 40, height - 40], outline=(22, 50, 92), width=12)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def png_bytes(size=(200, 200), color=(22, 50, 92, 255)) -> bytes:
    img = PILImage.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse([10, 10, size[0] - 10, size[1] - 10], fill=color)
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


def wagtail_image(data: bytes, name: str) -> Image:
    return Image.objects.create(title=name, file=ImageFile(io.BytesIO(data), name=name))


def default_template(*, background: bool = True, **fields) -> CertificateTemplate:
    template = CertificateTemplate(
        name=fields.pop("name", "Templat bawaan"),
        is_default=True,
        background=wagtail_image(jpeg_bytes(), "latar.jpg") if background else None,
        place="Kota Contoh",
        **fields,
    )
    return certificate_template_save(
        template=template,
        signatories=[
            {
                "name": "Drs. Bambang Sutrisno, M.Si.",
                "nip": "197001011995031001",
                "title": "Kepala BKPSDM Kabupaten Contoh",
                "signature": wagtail_image(png_bytes((300, 110)), "ttd.png"),
            }
        ],
    )


def completed_enrollment(*, employee=None, course=None, **employee_fields):
    """A completed enrollment of ``employee`` (a new one by default) in ``course``."""
    employee = employee or EmployeeFactory(**employee_fields)
    course = course or build_course(modules=1, lessons=1, title="Dasar-dasar SPBE", code="SPBE-01")
    enrollment_create(user=employee.user, course=course)
    for lesson in course_lessons(course):
        enrollment = lesson_complete(user=employee.user, lesson=lesson)
    return enrollment


@contextmanager
def without_automatic_issue():
    """Completions inside the block issue nothing (the receiver is disconnected), so a test can
    issue them itself, e.g. all at once from threads."""
    from certificates.receivers import issue_on_completion
    from courses.signals import course_completed

    course_completed.disconnect(dispatch_uid="certificates-issue")
    try:
        yield
    finally:
        course_completed.connect(issue_on_completion, dispatch_uid="certificates-issue")
