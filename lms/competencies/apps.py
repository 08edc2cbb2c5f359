from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "lms.competencies"
    label = "competencies"
    verbose_name = _("Kompetensi")

    def ready(self) -> None:
        from lms.people.signals import personal_data_requested, position_saved

        from .imports import register
        from .receivers import apply_it_role_requirements, personal_data

        register()  # import/export kinds for lms.core.imports (admin and lms_import/lms_export)
        position_saved.connect(
            apply_it_role_requirements, dispatch_uid="competencies-position-it-floor"
        )
        personal_data_requested.connect(personal_data, dispatch_uid="competencies-personal-data")
