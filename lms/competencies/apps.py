from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "lms.competencies"
    label = "competencies"
    verbose_name = _("Kompetensi")

    def ready(self) -> None:
        from .resources import register

        register()  # import/export kinds for lms.core.imports (admin and lms_import/lms_export)
