"""Learner actions (thin: each calls one service), the withdrawal confirmation, the course
completion page and the learner dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lms.core.errors import ApplicationError
from lms.core.events import answers
from lms.core.session_expiry import post_action

from .models import CoursePage, Enrollment, EnrollmentStatus, LessonPage
from .selectors import (
    completed_lesson_ids,
    course_completion,
    course_lessons,
    course_quizzes,
    latest_enrollment,
    learner_dashboard,
    lesson_following,
    progress_of,
    withdraw_refusal,
)
from .services import enrollment_create, enrollment_withdraw, lesson_complete
from .signals import completion_panels_requested, dashboard_panels_requested


def _course_url(request, course_id: int) -> str:
    return get_object_or_404(CoursePage.objects.live().public(), pk=course_id).get_url(request)


def _withdraw_confirm_url(request, course_id: int) -> str:
    get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    return reverse("courses:withdraw_confirm", args=[course_id])


@post_action(_course_url, label=gettext_lazy("Daftar dan mulai belajar"))
def enroll(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        enrollment = enrollment_create(user=request.user, course=course)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return redirect("courses:completion", course.pk)
    if enrollment.last_lesson:
        messages.success(
            request,
            _(
                "Selamat datang kembali! Kemajuan Anda sebelumnya tetap tersimpan; lanjutkan "
                "dari pelajaran terakhir yang Anda buka."
            ),
        )
        return redirect(enrollment.last_lesson.url)
    messages.success(request, _("Anda terdaftar di kursus ini. Selamat belajar!"))
    return redirect(course.url)


@login_required
@require_GET
def withdraw_confirm(request, course_id: int):
    """The question "Berhenti mengikuti kursus?": what stopping means (progress kept) and
    the POST form to :func:`withdraw`, so stopping is never one tap and works without
    JavaScript."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    enrollment = latest_enrollment(user=request.user, course=course)
    refusal = withdraw_refusal(enrollment)
    if refusal is not None:
        messages.info(request, refusal.message)
        return redirect(course.url)
    lessons = course_lessons(course)
    return TemplateResponse(
        request,
        "courses/withdraw_confirm.html",
        {
            "course": course,
            "enrollment": enrollment,
            "progress": progress_of(lessons, completed_lesson_ids(enrollment)),
            "quizzes": course_quizzes(user=request.user, lessons=lessons),
        },
    )


@post_action(_withdraw_confirm_url, label=gettext_lazy("Ya, berhenti mengikuti kursus"))
def withdraw(request, course_id: int):
    """Stops following a course (POST only, from the confirmation page). Someone without an
    enrollment in the course gets a 404; a second submit is answered kindly, changing
    nothing."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    enrollment = latest_enrollment(user=request.user, course=course)
    if enrollment is None:
        raise Http404
    try:
        enrollment_withdraw(enrollment=enrollment)
    except ApplicationError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Anda berhenti mengikuti kursus ini. Kemajuan Anda tetap tersimpan: bila "
                "mendaftar lagi, Anda melanjutkan dari pelajaran terakhir."
            ),
        )
    return redirect(course.url)


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
    course = enrollment.course
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return redirect("courses:completion", course.pk)
    following = lesson_following(lesson=lesson)
    if following is not None:
        return redirect(following.url)
    final_test = course_quizzes(user=request.user, lessons=course_lessons(course)).final_test
    if final_test is not None and not final_test.passed:
        messages.info(
            request,
            _(
                "Semua pelajaran selesai. Langkah terakhir: kerjakan tes akhir dan capai nilai "
                "lulusnya untuk menyelesaikan kursus."
            ),
        )
        return redirect(final_test.url)
    messages.info(
        request, _("Ini pelajaran terakhir. Selesaikan pelajaran wajib lain yang belum selesai.")
    )
    return redirect(course.url)


@login_required
@require_GET
def completion(request, course_id: int):
    """The end of a course: "Kursus selesai" with the JP the ledger recorded, the certificate
    (answered by the certificates app) and a next course. Anyone who has not completed the
    course goes to its page: this page never says "selesai" to them."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    done = course_completion(user=request.user, course=course)
    if done is None:
        messages.info(
            request,
            _("Kursus ini belum selesai. Kemajuan dan langkah berikutnya ada di halaman ini."),
        )
        return redirect(course.url)
    panels = answers(completion_panels_requested, sender=Enrollment, enrollment=done.enrollment)
    return TemplateResponse(
        request,
        "courses/completion.html",
        {"course": course, "done": done, "panels": [panel for panel in panels if panel]},
    )


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
