from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kursus")

    def ready(self) -> None:
        from assessments.selectors import quiz_access_check_register
        from assessments.signals import attempt_finished

        from .receivers import complete_lesson_of_passed_quiz, enrolled_in_the_quiz_lesson

        attempt_finished.connect(complete_lesson_of_passed_quiz, dispatch_uid="courses-quiz-lesson")
        quiz_access_check_register(enrolled_in_the_quiz_lesson)

        from assessments.selectors import quiz_scope_register

        from .permissions import page_permission_policy_register, quiz_ids_of_courses_editable_by

        page_permission_policy_register()  # per-course trainer scope (docs/security.md)
        quiz_scope_register(quiz_ids_of_courses_editable_by)
