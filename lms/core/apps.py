from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import checks  # noqa: F401 - registers the private folder checks
        from .contentcache import bump_content_generation
        from .exports import install as install_formula_safe_exports
        from .models import InstitutionSettings
        from .receivers import forget_catalogue_url

        install_formula_safe_exports()  # every Wagtail list export (lms/core/exports.py)

        for signal in (page_published, page_unpublished):
            signal.connect(forget_catalogue_url, dispatch_uid=f"lms-catalogue-url-{signal}")
        # The published-content generation (lms/core/contentcache.py): every change of what the
        # public site shows.
        for signal, sender in (
            (page_published, None),
            (page_unpublished, None),
            (post_page_move, None),
            (post_delete, Page),
            (post_save, Site),
            (post_delete, Site),
            (post_save, InstitutionSettings),
        ):
            signal.connect(
                bump_content_generation,
                sender=sender,
                weak=False,
                dispatch_uid=f"lms-content-generation-{id(signal)}-{sender}",
            )
