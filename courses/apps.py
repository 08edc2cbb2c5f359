from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kursus")

    def ready(self) -> None:
        from assessments.h5p.signals import (
            h5p_access_requested,
            h5p_completed,
            h5p_scope_requested,
        )
        from assessments.signals import (
            attempt_finished,
            attempt_next_step_requested,
            quiz_access_requested,
            quiz_scope_requested,
        )
        from lms.people.signals import personal_data_requested

        from .permissions import page_permission_policy_register
        from .receivers import (
            complete_lesson_of_completed_h5p,
            complete_lesson_of_passed_quiz,
            enrolled_in_the_h5p_lesson,
            enrolled_in_the_quiz_lesson,
            h5p_packages_of_editable_courses,
            next_step_after_attempt,
            personal_data,
            quizzes_of_editable_courses,
        )

        attempt_finished.connect(complete_lesson_of_passed_quiz, dispatch_uid="courses-quiz-lesson")
        quiz_access_requested.connect(
            enrolled_in_the_quiz_lesson, dispatch_uid="courses-quiz-access"
        )
        quiz_scope_requested.connect(quizzes_of_editable_courses, dispatch_uid="courses-quiz-scope")
        h5p_access_requested.connect(enrolled_in_the_h5p_lesson, dispatch_uid="courses-h5p-access")
        h5p_completed.connect(complete_lesson_of_completed_h5p, dispatch_uid="courses-h5p-lesson")
        h5p_scope_requested.connect(
            h5p_packages_of_editable_courses, dispatch_uid="courses-h5p-scope"
        )
        attempt_next_step_requested.connect(
            next_step_after_attempt, dispatch_uid="courses-attempt-next-step"
        )
        personal_data_requested.connect(personal_data, dispatch_uid="courses-personal-data")
        page_permission_policy_register()  # per-course trainer scope (docs/security.md)
