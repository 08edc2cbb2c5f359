from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Sertifikat")

    def ready(self) -> None:
        from courses.signals import (
            completion_panels_requested,
            course_completed,
            dashboard_panels_requested,
        )
        from lms.people.signals import personal_data_requested

        from .receivers import (
            completion_panel,
            dashboard_panel,
            issue_on_completion,
            personal_data,
        )

        course_completed.connect(issue_on_completion, dispatch_uid="certificates-issue")
        dashboard_panels_requested.connect(dashboard_panel, dispatch_uid="certificates-dashboard")
        completion_panels_requested.connect(
            completion_panel, dispatch_uid="certificates-completion"
        )
        personal_data_requested.connect(personal_data, dispatch_uid="certificates-personal-data")
