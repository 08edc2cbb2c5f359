from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lms.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the private folder checks
        from .exports import install as install_formula_safe_exports

        install_formula_safe_exports()  # every Wagtail list export (lms/core/exports.py)
        self._connect_cache_receivers()

    @staticmethod
    def _connect_cache_receivers() -> None:
        """The generations of lms/core/contentcache.py: what the public site shows, and who
        holds which role."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .contentcache import (
            bump_content_generation,
            bump_content_generation_on_change,
            bump_permissions_generation,
        )
        from .models import InstitutionSettings

        user_model = get_user_model()
        receivers = [
            (page_published, None, bump_content_generation),
            (page_unpublished, None, bump_content_generation),
            (post_page_move, None, bump_content_generation),
            (post_delete, Page, bump_content_generation),
            (m2m_changed, user_model.groups.through, bump_permissions_generation),
            (m2m_changed, user_model.user_permissions.through, bump_permissions_generation),
            (m2m_changed, Group.permissions.through, bump_permissions_generation),
            (post_delete, Group, bump_permissions_generation),
        ]
        for model in (Site, PageViewRestriction):
            receivers += [
                (post_save, model, bump_content_generation),
                (post_delete, model, bump_content_generation),
            ]
        for model in (InstitutionSettings, get_image_model(), get_document_model()):
            receivers += [
                (post_save, model, bump_content_generation_on_change),
                (post_delete, model, bump_content_generation),
            ]
        for signal, sender, receiver in receivers:
            signal.connect(
                receiver,
                sender=sender,
                weak=False,
                dispatch_uid=f"lms-{id(signal)}-{sender}-{receiver.__name__}",
            )
