from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Asesmen")

    def ready(self) -> None:
        from lms.people.signals import personal_data_requested

        from . import checks  # noqa: F401 - registers the deployment checks
        from .h5p.importing import register as register_h5p
        from .importers.kind import register
        from .receivers import personal_data

        register()  # the "questions" kind for lms.core.imports (admin, lms_import/lms_export)
        register_h5p()  # the "h5p" kind: .h5p packages (docs/h5p.md)
        personal_data_requested.connect(personal_data, dispatch_uid="assessments-personal-data")
