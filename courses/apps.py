from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Kursus")

    def ready(self) -> None:
        from assessments.signals import attempt_finished

        from .receivers import complete_lesson_of_passed_quiz

        attempt_finished.connect(complete_lesson_of_passed_quiz, dispatch_uid="courses-quiz-lesson")
