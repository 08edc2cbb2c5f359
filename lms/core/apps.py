from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from . import checks  # noqa: F401 - registers the private folder checks
        from .exports import install as install_formula_safe_exports
        from .receivers import forget_catalogue_url

        install_formula_safe_exports()  # every Wagtail list export (lms/core/exports.py)

        for signal in (page_published, page_unpublished):
            signal.connect(forget_catalogue_url, dispatch_uid=f"lms-catalogue-url-{signal}")
