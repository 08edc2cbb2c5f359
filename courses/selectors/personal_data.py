"""One learner's enrollments and lesson progress for "Unduh data saya" (UU 27/2022;
``lms.people.selectors_privacy``). Two queries whatever the number of rows; only the learner's
own rows (by user id)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lms.people.selectors_privacy import PersonalDataSection, plain
from lms.users.models import User

from ..models import Enrollment, LessonProgress


def personal_data_sections(user: User) -> list[PersonalDataSection]:
    progress: dict[int, list[dict]] = {}
    for row in (
        LessonProgress.objects.filter(enrollment__user=user)
        .select_related("lesson")
        .order_by("enrollment_id", "completed_at", "pk")
    ):
        progress.setdefault(row.enrollment_id, []).append(
            {"lesson": row.lesson.title, "completed_at": plain(row.completed_at)}
        )
    rows = [
        {
            "course": enrollment.course.title,
            "course_code": enrollment.course.code,
            "jp": plain(enrollment.course.jp),
            "status": enrollment.get_status_display(),
            "source": enrollment.get_source_display(),
            "due_date": plain(enrollment.due_date),
            "enrolled_at": plain(enrollment.enrolled_at),
            "completed_at": plain(enrollment.completed_at),
            "withdrawn_at": plain(enrollment.withdrawn_at),
            "lessons_completed": progress.get(enrollment.pk, []),
        }
        for enrollment in Enrollment.objects.filter(user=user)
        .select_related("course")
        .order_by("enrolled_at", "pk")
    ]
    return [
        PersonalDataSection(
            key="enrollments",
            title=_("Pendaftaran kursus dan kemajuan"),
            order=40,
            rows=rows,
            labels={
                "course": _("Kursus"),
                "course_code": _("Kode kursus"),
                "jp": _("JP"),
                "status": _("Status"),
                "source": _("Asal"),
                "due_date": _("Batas waktu"),
                "enrolled_at": _("Terdaftar"),
                "completed_at": _("Selesai"),
                "withdrawn_at": _("Mengundurkan diri"),
                "lessons_completed": _("Pelajaran selesai"),
                "lesson": _("Pelajaran"),
            },
        )
    ]
