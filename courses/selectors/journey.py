"""The learner's way through a course (issue 13): the quizzes that frame it (the pre-test before
the lessons, the final test after them), whether an enrollment may be withdrawn, what the
completion recorded, the next course, and what follows a quiz result.

Reads only; every function answers in a constant number of queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import Attempt, AttemptState, Quiz, QuizKind
from lms.competencies.models import LearningRecord, RecordSource
from lms.competencies.selectors import jp_target_for, jp_total, learning_records_for
from lms.people.selectors import employee_for_user
from lms.users.models import User

from ..models import (
    CourseCompetency,
    CoursePage,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LessonPage,
)
from .catalogue import closes_a_gap, gap_competency_levels, published_courses
from .progress import course_for_lesson, course_lessons, current_enrollment
from .quizzes import lesson_quizzes

FINISHED = (AttemptState.SUBMITTED, AttemptState.EXPIRED)

# --- Withdrawing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


def withdraw_refusal(enrollment: Enrollment | None) -> Refusal | None:
    """Why ``enrollment`` may not be withdrawn (None: it may). THE rule, applied by
    ``services.enrollment_withdraw`` and shown by the confirmation page: only an active
    enrollment the learner made themselves; a mandatory course stays."""
    if enrollment is None:
        return Refusal("not_enrolled", _("Anda tidak sedang mengikuti kursus ini."))
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        return Refusal(
            "already_withdrawn",
            _("Anda sudah berhenti mengikuti kursus ini. Kemajuan Anda tetap tersimpan."),
        )
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return Refusal("completed", _("Kursus ini sudah selesai; tidak ada yang perlu dihentikan."))
    if enrollment.source == EnrollmentSource.ASSIGNED:
        return Refusal("assigned", _("Kursus wajib dari OPD tidak dapat ditinggalkan."))
    return None


def latest_enrollment(*, user: User | AnonymousUser, course: CoursePage) -> Enrollment | None:
    """The user's current enrollment in the course, else their latest withdrawn one. One
    query."""
    if not user.is_authenticated:
        return None
    rows = list(
        Enrollment.objects.filter(user=user, course=course)
        .select_related("course")
        .order_by("-enrolled_at", "-pk")
    )
    current = next((row for row in rows if row.status != EnrollmentStatus.WITHDRAWN), None)
    return current or (rows[0] if rows else None)


# --- The quizzes that frame a course -----------------------------------------------------------


@dataclass(frozen=True)
class QuizStep:
    """A quiz placed in a lesson of the course, as one learner stands with it."""

    quiz: Quiz
    lesson: LessonPage
    required: bool
    finished: tuple[Attempt, ...] = ()  # the learner's finished attempts, newest first
    passed: bool = False  # passed in this lesson (what the completion rule counts)

    @property
    def url(self) -> str:
        """The quiz's landing page, taken from its lesson (the quiz access rule)."""
        return f"{reverse('assessments:quiz', args=[self.quiz.pk])}?halaman={self.lesson.pk}"

    @property
    def last(self) -> Attempt | None:
        return self.finished[0] if self.finished else None


@dataclass(frozen=True)
class CourseQuizzes:
    pre_tests: list[QuizStep] = field(default_factory=list)
    #: The quizzes the completion rule waits for ("wajib lulus"), in lesson order.
    final_tests: list[QuizStep] = field(default_factory=list)

    @property
    def final_test(self) -> QuizStep | None:
        """The final test to offer: the first one not passed yet, else the first."""
        open_ = [step for step in self.final_tests if not step.passed]
        return (open_ or self.final_tests or [None])[0]

    @property
    def pre_test_ids(self) -> set[int]:
        return {step.quiz.pk for step in self.pre_tests}

    @property
    def taken_pre_test_ids(self) -> set[int]:
        """The pre-tests the learner has finished."""
        return {step.quiz.pk for step in self.pre_tests if step.finished}


def course_quizzes(
    *,
    user: User | AnonymousUser,
    lessons: list[LessonPage],
    refs: dict[int, list[tuple[int, bool]]] | None = None,
) -> CourseQuizzes:
    """The pre-tests (kind "Tes awal", wherever they sit) and the final tests (placed as
    "wajib lulus") of these lessons, with ``user``'s finished attempts. No query for lessons
    without quizzes, else two. ``refs``: what ``lesson_quizzes(lessons)`` returns, when the
    caller has it (the cached course structure; its lessons carry no bodies)."""
    if refs is None:
        refs = lesson_quizzes(lessons)
    if not refs:
        return CourseQuizzes()
    quiz_ids = {quiz_id for placed in refs.values() for quiz_id, _required in placed}
    quizzes = Quiz.objects.in_bulk(quiz_ids)
    attempts: list[Attempt] = []
    if user.is_authenticated:
        attempts = list(
            Attempt.objects.filter(user=user, quiz_id__in=quiz_ids, state__in=FINISHED).order_by(
                "-number"
            )
        )
    by_id = {lesson.pk: lesson for lesson in lessons}
    pre_tests, final_tests = [], []
    seen_pre: set[int] = set()
    for lesson_id, placed in refs.items():
        for quiz_id, required in placed:
            quiz = quizzes.get(quiz_id)
            if quiz is None:
                continue  # a block naming a deleted quiz
            mine = tuple(a for a in attempts if a.quiz_id == quiz_id)
            here = [a for a in mine if a.page_id == lesson_id]
            step = QuizStep(
                quiz=quiz,
                lesson=by_id[lesson_id],
                required=required,
                finished=mine,
                passed=any(a.passed for a in here),
            )
            if quiz.kind == QuizKind.PRE_TEST:
                if quiz_id not in seen_pre:
                    seen_pre.add(quiz_id)
                    pre_tests.append(step)
            elif required:
                final_tests.append(step)
    return CourseQuizzes(pre_tests=pre_tests, final_tests=final_tests)


# --- The completion and the next course --------------------------------------------------------


@dataclass(frozen=True)
class NextCourse:
    course: CoursePage
    #: "follow_up" (it lists the completed course as a prerequisite), "shared" (it develops a
    #: competency the completed course developed) or "gap" (it closes one of the learner's gaps).
    reason: str
    in_progress: bool = False


def next_course_for(*, user: User, course: CoursePage) -> NextCourse | None:
    """The course to take after ``course``: a published course the learner has not completed
    that builds on it (lists it as a prerequisite) or develops one of its competencies; among
    those, the follow-ups first, then the ones closing a gap of the learner, then the most
    competencies shared, then catalogue order. Without such a course, the first published
    course not completed that closes a gap of the learner; else None.
    """
    completed = Enrollment.objects.filter(user=user, status=EnrollmentStatus.COMPLETED).values(
        "course_id"
    )
    shared = {target.competency_id for target in course.competency_targets.all()}
    candidates = published_courses().exclude(pk=course.pk).exclude(pk__in=completed)
    related = list(
        candidates.filter(
            Q(competency_targets__competency_id__in=shared) | Q(prerequisite_courses=course)
        ).distinct()
    )
    gaps = gap_competency_levels(user)
    in_progress = set(
        Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE).values_list(
            "course_id", flat=True
        )
    )
    if related:
        follow_ups = set(
            candidates.filter(prerequisite_courses=course).values_list("pk", flat=True)
        )

        def rank(candidate: CoursePage) -> tuple:
            overlap = sum(
                1 for t in candidate.competency_targets.all() if t.competency_id in shared
            )
            return (
                candidate.pk not in follow_ups,
                not closes_a_gap(candidate, gaps),
                -overlap,
                candidate.path,
            )

        best = min(related, key=rank)
        reason = "follow_up" if best.pk in follow_ups else "shared"
        return NextCourse(best, reason, best.pk in in_progress)
    best = next((c for c in candidates if closes_a_gap(c, gaps)), None) if gaps else None
    return NextCourse(best, "gap", best.pk in in_progress) if best else None


@dataclass(frozen=True)
class Completion:
    enrollment: Enrollment
    course: CoursePage
    #: The JP ledger line this completion wrote (None for an account without an employee).
    record: LearningRecord | None
    targets: list[CourseCompetency]
    year: int | None = None
    jp_year: Decimal | None = None  # the learner's JP in the record's year, all sources
    jp_target: int | None = None
    next_course: NextCourse | None = None


def completion_record(enrollment: Enrollment) -> LearningRecord | None:
    """The JP ledger line the completion of ``enrollment`` wrote, if any. One or two queries."""
    employee = employee_for_user(enrollment.user)
    if employee is None:
        return None
    return (
        learning_records_for(employee)
        .filter(source=RecordSource.LMS, source_reference=f"enrollment:{enrollment.pk}")
        .first()
    )


def course_completion(*, user: User | AnonymousUser, course: CoursePage) -> Completion | None:
    """What the completion of ``course`` by ``user`` recorded, or None when they have not
    completed it (never enrolled, still learning, withdrawn): the caller must then not say
    "selesai"."""
    if not user.is_authenticated:
        return None
    enrollment = (
        Enrollment.objects.filter(user=user, course=course, status=EnrollmentStatus.COMPLETED)
        .select_related("user")
        .first()
    )
    if enrollment is None:
        return None
    record = completion_record(enrollment)
    figures = {}
    if record is not None:
        target, _kind = jp_target_for(record.employee.employee_type)
        figures = {
            "year": record.year,
            "jp_year": jp_total(record.employee, record.year),
            "jp_target": target,
        }
    return Completion(
        enrollment=enrollment,
        course=course,
        record=record,
        targets=list(course.competency_targets.select_related("competency")),
        next_course=next_course_for(user=user, course=course),
        **figures,
    )


# --- After a quiz result -----------------------------------------------------------------------


def attempt_next_step(attempt: Attempt) -> dict | None:
    """What the result page of ``attempt`` offers next, when it was taken in a lesson of a
    course the learner follows: after a pre-test, the lessons; after the pass that completed
    the course, the completion with its JP. None otherwise."""
    if not attempt.page_id:
        return None
    lesson = LessonPage.objects.live().filter(pk=attempt.page_id).first()
    if lesson is None:
        return None
    course = course_for_lesson(lesson)
    enrollment = current_enrollment(attempt.user, course)
    if enrollment is None:
        return None
    step = {"template": "courses/attempt_next_step.html", "course": course, "lesson": lesson}
    if attempt.quiz.kind == QuizKind.PRE_TEST:
        if enrollment.status != EnrollmentStatus.ACTIVE:
            return None
        first = next(iter(course_lessons(course)), lesson)
        return {**step, "kind": "pre", "url": (enrollment.last_lesson or first).url}
    if attempt.passed and enrollment.status == EnrollmentStatus.COMPLETED:
        record = completion_record(enrollment)
        return {
            **step,
            "kind": "completed",
            "url": reverse("courses:completion", args=[course.pk]),
            "jp": record.jp if record else None,
        }
    return None
