from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from lms.core.api import Id, errors

from .models import CoursePage, LessonPage
from .selectors import (
    completed_lesson_ids,
    course_lessons,
    course_outline,
    current_enrollment,
    learner_enrollments,
    lesson_h5p_blocks,
    lesson_quizzes,
    playable_h5p_ids,
    progress_of,
    published_courses,
    quiz_kinds,
)
from .services import enrollment_create, lesson_complete

router = Router(tags=["kursus"])


class TargetOut(Schema):
    code: str
    level: int


class ProgressOut(Schema):
    status: str | None
    done: int
    total: int
    percent: int


class CourseOut(Schema):
    id: int
    code: str
    title: str
    summary: str
    jp: float
    category: str
    url: str
    competencies: list[TargetOut]
    progress: ProgressOut | None


class QuizRefOut(Schema):
    id: int
    kind: str
    required: bool


class LessonOut(Schema):
    id: int
    title: str
    required: bool
    done: bool
    quizzes: list[QuizRefOut]
    h5p: list[int]  # ids of the lesson's playable H5P activities


class ModuleOut(Schema):
    id: int
    title: str
    lessons: list[LessonOut]


class CourseDetailOut(CourseOut):
    modules: list[ModuleOut]


def _course(course: CoursePage, progress: ProgressOut | dict | None) -> dict:
    return {
        "id": course.pk,
        "code": course.code,
        "title": course.title,
        "summary": course.summary,
        "jp": float(course.jp),
        "category": course.category,
        "url": course.url,
        "competencies": [
            {"code": t.competency.code, "level": t.target_level}
            for t in course.competency_targets.all()
        ],
        "progress": progress,
    }


@router.get(
    "/courses",
    response={200: list[CourseOut], **errors()},
    summary="Kursus terbit dengan kemajuan Anda",
)
def list_courses(request):
    enrollments = learner_enrollments(request.user)
    return [
        _course(
            course,
            {"status": e.status, "done": e.done, "total": e.total, "percent": e.percent}
            if (e := enrollments.get(course.pk))
            else None,
        )
        for course in published_courses()
    ]


@router.get(
    "/courses/{course_id}",
    response={200: CourseDetailOut, **errors(400, 404)},
    summary="Rincian kursus",
)
def course_detail(request, course_id: Id):
    course = get_object_or_404(published_courses(), pk=course_id)
    enrollment = current_enrollment(request.user, course)
    done = completed_lesson_ids(enrollment)
    outline = course_outline(course)
    lessons = [lesson for m in outline for lesson in m.lessons]
    progress = progress_of(lessons, done)
    quizzes = lesson_quizzes(lessons)
    kinds = quiz_kinds(quizzes)
    activities = lesson_h5p_blocks(lessons)
    playable = playable_h5p_ids(activities)
    data = _course(course, _progress(enrollment, progress))
    data["modules"] = [
        {
            "id": module.module.pk,
            "title": module.module.title,
            "lessons": [
                {
                    "id": lesson.pk,
                    "title": lesson.title,
                    "required": lesson.is_required,
                    "done": lesson.pk in done,
                    "quizzes": [
                        {"id": quiz_id, "kind": kinds.get(quiz_id), "required": required}
                        for quiz_id, required in quizzes.get(lesson.pk, [])
                        if quiz_id in kinds
                    ],
                    "h5p": [
                        package_id
                        for package_id, _completes in activities.get(lesson.pk, [])
                        if package_id in playable
                    ],
                }
                for lesson in module.lessons
            ],
        }
        for module in outline
    ]
    return data


def _progress(enrollment, progress) -> dict | None:
    if enrollment is None:
        return None
    return {
        "status": enrollment.status,
        "done": progress.done,
        "total": progress.total,
        "percent": progress.percent,
    }


class EnrollmentOut(Schema):
    id: int
    course_id: int
    status: str
    due_date: str | None


@router.post(
    "/courses/{course_id}/enroll",
    response={200: EnrollmentOut, **errors(400, 403, 404)},
    summary="Mendaftar (idempoten)",
)
def enroll(request, course_id: Id):
    course = get_object_or_404(published_courses(), pk=course_id)
    enrollment = enrollment_create(user=request.user, course=course)
    return {
        "id": enrollment.pk,
        "course_id": course.pk,
        "status": enrollment.status,
        "due_date": enrollment.due_date.isoformat() if enrollment.due_date else None,
    }


@router.post(
    "/lessons/{lesson_id}/complete",
    response={200: ProgressOut, **errors(400, 403, 404)},
    summary="Pelajaran selesai",
)
def complete(request, lesson_id: Id):
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    enrollment = lesson_complete(user=request.user, lesson=lesson)
    progress = progress_of(course_lessons(enrollment.course), completed_lesson_ids(enrollment))
    return _progress(enrollment, progress)
