"""Read-side queries of the courses app, one module per purpose (docs/architecture.md).

Selectors take keyword arguments and plain values (a user, a page, parsed filters), never a
request. Every page calls these and nothing else, so each page's query count stays constant as
the number of courses, lessons and learners grows.

* :mod:`.catalogue`: published courses, the catalogue, the dashboard, the learner's enrollments;
* :mod:`.progress`: a course's outline, the current enrollment, progress and prerequisites;
* :mod:`.quizzes`: quizzes placed in lessons and the pre/post learning gain;
* :mod:`.h5p`: H5P activities placed in lessons;
* :mod:`.assignments`: who an assignment reaches, who is late.
"""

from .assignments import assignment_employees, overdue_enrollments
from .catalogue import (
    CatalogueFilters,
    Dashboard,
    EnrollmentSummary,
    catalogue_context,
    closes_a_gap,
    gap_competency_levels,
    learner_dashboard,
    learner_enrollments,
    published_courses,
)
from .h5p import h5p_lesson_for, lesson_h5p_blocks, playable_h5p_ids
from .journey import (
    Completion,
    CourseQuizzes,
    NextCourse,
    QuizStep,
    Refusal,
    attempt_next_step,
    completion_record,
    course_completion,
    course_quizzes,
    latest_enrollment,
    next_course_for,
    withdraw_refusal,
)
from .progress import (
    ModuleOutline,
    Progress,
    completed_lesson_ids,
    course_for_lesson,
    course_lessons,
    course_outline,
    course_page_context,
    current_enrollment,
    current_enrollments,
    lesson_following,
    lesson_page_context,
    missing_prerequisites,
    progress_of,
)
from .quizzes import (
    CourseGain,
    course_learning_gains,
    lesson_quizzes,
    quiz_kinds,
    quiz_lesson_for,
    required_quizzes_passed,
)

__all__ = [
    "h5p_lesson_for",
    "lesson_h5p_blocks",
    "playable_h5p_ids",
    "CatalogueFilters",
    "Completion",
    "CourseGain",
    "CourseQuizzes",
    "Dashboard",
    "EnrollmentSummary",
    "ModuleOutline",
    "NextCourse",
    "Progress",
    "QuizStep",
    "Refusal",
    "assignment_employees",
    "attempt_next_step",
    "overdue_enrollments",
    "catalogue_context",
    "closes_a_gap",
    "completed_lesson_ids",
    "completion_record",
    "course_for_lesson",
    "course_learning_gains",
    "course_lessons",
    "course_outline",
    "course_completion",
    "course_page_context",
    "course_quizzes",
    "current_enrollment",
    "current_enrollments",
    "gap_competency_levels",
    "learner_dashboard",
    "latest_enrollment",
    "learner_enrollments",
    "lesson_following",
    "lesson_page_context",
    "lesson_quizzes",
    "missing_prerequisites",
    "next_course_for",
    "progress_of",
    "published_courses",
    "quiz_kinds",
    "quiz_lesson_for",
    "required_quizzes_passed",
    "withdraw_refusal",
]
