from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Sertifikat")

    def ready(self) -> None:
        from courses.signals import course_completed

        from .receivers import issue_on_completion

        course_completed.connect(issue_on_completion, dispatch_uid="certificates-issue")
