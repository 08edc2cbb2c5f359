"""Learner actions (thin: each calls one service) and the learner dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lms.core.errors import ApplicationError
from lms.core.events import answers
from lms.core.session_expiry import post_action

from .models import CoursePage, Enrollment, EnrollmentStatus, LessonPage
from .selectors import learner_dashboard, lesson_following
from .services import enrollment_create, enrollment_withdraw, lesson_complete
from .signals import dashboard_panels_requested


@login_required
@require_POST
def enroll(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        enrollment = enrollment_create(user=request.user, course=course)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    messages.success(request, _("Anda terdaftar di kursus ini. Selamat belajar!"))
    target = enrollment.last_lesson or course
    return redirect(target.url)


@login_required
@require_POST
def withdraw(request, course_id: int):
    enrollment = get_object_or_404(
        Enrollment, user=request.user, course_id=course_id, status=EnrollmentStatus.ACTIVE
    )
    try:
        enrollment_withdraw(enrollment=enrollment)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Anda keluar dari kursus ini."))
    return redirect(enrollment.course.url)


def _lesson_url(request, lesson_id: int) -> str:
    return get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id).get_url(request)


@post_action(_lesson_url, label=gettext_lazy("Tandai selesai dan lanjut"))
def complete_lesson(request, lesson_id: int):
    """The lesson's "Tandai selesai dan lanjut" (after an expired session: back to the lesson,
    offered again; ``lms.core.session_expiry``)."""
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    try:
        enrollment = lesson_complete(user=request.user, lesson=lesson)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(lesson.url)
    if enrollment.status == EnrollmentStatus.COMPLETED:
        messages.success(request, _("Selamat! Kursus selesai dan JP sudah dicatat."))
        return redirect(enrollment.course.url)
    following = lesson_following(lesson=lesson)
    if following is None:
        messages.info(
            request,
            _(
                "Semua pelajaran sudah dibuka. Kerjakan dan lulusi tes akhir untuk "
                "menyelesaikan kursus."
            ),
        )
    return redirect(following.url if following else enrollment.course.url)


@login_required
def dashboard(request):
    today = timezone.localdate()
    panels = answers(dashboard_panels_requested, sender=Enrollment, user=request.user)
    return TemplateResponse(
        request,
        "courses/dashboard.html",
        {
            "dashboard": learner_dashboard(request.user, today=today),
            "today": today,
            "panels": [panel for panel in panels if panel],
        },
    )
