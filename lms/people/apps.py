from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        from .imports import register

        register()  # import/export kinds for lms.core.imports (admin and lms_import/lms_export)
