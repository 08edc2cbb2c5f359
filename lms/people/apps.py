from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = _("Kepegawaian")

    def ready(self) -> None:
        from lms.core.audit.signals import actor_opd_requested

        from .imports import register
        from .receivers import actor_opd

        actor_opd_requested.connect(actor_opd, dispatch_uid="lms.people.actor_opd")
        register()  # import/export kinds for lms.core.imports (admin and lms_import/lms_export)
