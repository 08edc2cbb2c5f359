"""Learner quiz pages: landing (start/resume), the attempt form, and the result.

The attempt page is one plain HTML form that works without JavaScript: submitting it posts
every answer and finishes the attempt in one service call. ``quiz.js`` adds autosave, an
offline queue and a countdown on top (progressive enhancement). Views are thin: they read
through selectors and write through services; another learner's attempt is a 404.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lms.core.errors import ApplicationError
from lms.core.events import answers

from .forms import (
    answers_from_post,
    form_questions,
    page_id_from,
    sequence_from,
    with_posted_responses,
)
from .models import Attempt, AttemptState, Quiz, QuizKind
from .selectors import (
    attempt_for_learner,
    attempt_form_fields,
    attempt_of,
    attempt_overdue,
    attempt_review,
    competency_results,
    page_url,
    quiz_access_allowed,
    quiz_landing,
    review_allowed,
)
from .services import attempt_start, attempt_submit
from .signals import attempt_next_step_requested


def _own_attempt(view):
    """Resolves ``attempt_id`` to the caller's attempt; anyone else's is a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, attempt_id: int) -> HttpResponse:
        try:
            attempt = attempt_of(attempt_id, request.user)
        except Attempt.DoesNotExist:
            raise Http404 from None
        return view(request, attempt)

    return wrapper


def _landing_url(quiz_id: int, page_id: int | None) -> str:
    url = reverse("assessments:quiz", args=[quiz_id])
    return f"{url}?{urlencode({'halaman': page_id})}" if page_id else url


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def quiz_detail(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """GET: instructions, attempts left, previous results. POST: start or resume an attempt
    (``halaman`` = the lesson page the quiz sits in, recorded on the attempt)."""
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    page_id = page_id_from(request.POST.get("halaman") or request.GET.get("halaman"))
    if request.method == "POST":
        try:  # attempt_start applies the quiz access rule itself
            attempt = attempt_start(user=request.user, quiz=quiz, page_id=page_id)
        except ApplicationError as error:
            if error.code == "not_found":
                raise Http404 from error
            messages.error(request, error.message)
            return redirect(_landing_url(quiz.pk, page_id))
        return redirect("assessments:attempt", attempt.pk)
    if not quiz_access_allowed(request.user, quiz, page_id):
        raise Http404
    return TemplateResponse(
        request,
        "assessments/quiz_detail.html",
        {
            "landing": quiz_landing(quiz, request.user),
            "page_id": page_id,
            "back_url": page_url(page_id),
        },
    )


def _finish_overdue(request: HttpRequest, attempt: Attempt) -> Attempt:
    """An attempt past its deadline is finished with its saved answers (as the expiry task
    would a minute later; idempotent)."""
    attempt = attempt_submit(attempt_id=attempt.pk, user=request.user)
    messages.warning(
        request, _("Waktu mengerjakan habis. Jawaban terakhir yang tersimpan sudah dinilai.")
    )
    return attempt


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@_own_attempt
def attempt_detail(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """The attempt form. POST submits every answer and finishes the attempt."""
    now = timezone.now()
    if attempt.state != AttemptState.IN_PROGRESS:
        return redirect("assessments:result", attempt.pk)
    if attempt_overdue(attempt, now):
        _finish_overdue(request, attempt)
        return redirect("assessments:result", attempt.pk)
    # A POST reads the form from the layout (no query); the page itself needs the payload.
    fields = attempt_form_fields(attempt) if request.method == "POST" else None
    payload = attempt_for_learner(attempt) if fields is None else None
    error, status = None, 200
    if request.method == "POST":
        answers = answers_from_post(fields or payload["questions"], request.POST)
        if sequence_from(request.POST.get("sequence")) != attempt.sequence:
            # Moodle's sequence check: the answers were saved elsewhere after this form was
            # shown. Show the newest saved answers instead of overwriting them silently.
            error, status = (
                _(
                    "Jawaban kuis ini sudah diubah di tab atau perangkat lain. Di bawah ini "
                    "jawaban terbaru yang tersimpan; periksa lalu kumpulkan lagi."
                ),
                409,
            )
        else:
            try:
                attempt = attempt_submit(attempt_id=attempt.pk, user=request.user, answers=answers)
            except ApplicationError as exc:
                error, status = exc.message, 400
                payload = payload or attempt_for_learner(attempt)
                payload["questions"] = with_posted_responses(payload["questions"], answers)
            else:
                if attempt.state == AttemptState.EXPIRED:
                    messages.warning(
                        request,
                        _("Waktu habis sebelum jawaban terkirim; jawaban terakhir yang tersimpan "
                          "yang dinilai."),
                    )  # fmt: skip
                elif attempt.quiz.kind == QuizKind.PRE_TEST:  # a diagnostic: not graded
                    messages.success(request, _("Jawaban tes awal Anda sudah dikumpulkan."))
                else:
                    messages.success(request, _("Jawaban Anda sudah dikumpulkan dan dinilai."))
                return redirect("assessments:result", attempt.pk)
    payload = payload or attempt_for_learner(attempt)
    questions = form_questions(payload["questions"])
    here = reverse("assessments:attempt", args=[attempt.pk])
    return TemplateResponse(
        request,
        "assessments/attempt_detail.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "payload": payload,
            "questions": questions,
            "answered": sum(question["answered"] for question in questions),
            "now_ms": int(now.timestamp() * 1000),
            "deadline_ms": int(attempt.deadline.timestamp() * 1000) if attempt.deadline else "",
            # Times shown by the script (saved at ...) are in the server's zone, as on the
            # result page: its UTC offset now and its name (WIB), never the device's clock.
            "tz_offset_minutes": int(timezone.localtime(now).utcoffset().total_seconds() // 60),
            "error": error,
            "save_url": reverse("api-v1:attempt_answers", args=[attempt.pk]),
            "result_url": reverse("assessments:result", args=[attempt.pk]),
            "token_url": reverse("users:csrf_token"),
            "login_url": f"{reverse('users:login')}?{urlencode({'next': here})}",
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET"])
@_own_attempt
def attempt_result(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Score, pass/fail (not for a pre-test: a diagnostic), per-competency results; the review
    only when the policy allows; what comes next, answered by the courses app
    (``signals.attempt_next_step_requested``)."""
    now = timezone.now()
    if attempt.state == AttemptState.IN_PROGRESS:
        if not attempt_overdue(attempt, now):
            return redirect("assessments:attempt", attempt.pk)
        attempt = _finish_overdue(request, attempt)
    allowed = review_allowed(attempt, now)
    quiz = attempt.quiz
    return TemplateResponse(
        request,
        "assessments/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "competencies": competency_results(attempt),
            "review_allowed": allowed,
            "review": attempt_review(attempt) if allowed else None,
            "landing_url": _landing_url(quiz.pk, attempt.page_id),
            "back_url": page_url(attempt.page_id),
            "diagnostic": quiz.kind == QuizKind.PRE_TEST,  # not graded: no verdict, no pass mark
            "next_steps": [
                step
                for step in answers(attempt_next_step_requested, sender=Attempt, attempt=attempt)
                if step
            ],
        },
    )
