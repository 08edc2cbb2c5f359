"""Admin registration of the core screens: the HR import (upload → preview → confirm).

The "Impor data" item goes into the "Kepegawaian" submenu and "Impor soal" into "Asesmen"
through those groups' hook names; ``lms.core`` imports neither app (the string is the whole
contract).
"""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .downloads import urls as download_urls
from .imports import kinds_for
from .imports import urls as import_urls

KEPEGAWAIAN_MENU_HOOK = "register_kepegawaian_menu_item"  # lms.people.viewsets


ASESMEN_MENU_HOOK = "register_asesmen_menu_item"  # assessments.viewsets
QUESTION_KIND = "questions"  # registered by assessments; its screen sits in the Asesmen menu
# Kinds reached from the Asesmen menu (questions: "Impor soal"; H5P packages: "Aktivitas H5P →
# Tambah"), never from "Impor data": a Pengajar holding only these sees no Kepegawaian menu.
ASESMEN_KINDS = frozenset({QUESTION_KIND, "h5p"})


class ImportMenuItem(MenuItem):
    """ "Impor data" in the Kepegawaian menu: for users who may use an HR kind."""

    def is_shown(self, request) -> bool:
        return any(name not in ASESMEN_KINDS for name in kinds_for(request.user))


class QuestionImportMenuItem(MenuItem):
    """ "Impor soal" in the Asesmen menu: the same screen with the question kind chosen."""

    def is_shown(self, request) -> bool:
        return QUESTION_KIND in kinds_for(request.user)


@hooks.register("register_admin_urls")
def register_import_urls() -> list:
    return [path("impor/", include(import_urls, namespace="lms_imports"))]


@hooks.register("register_admin_urls")
def register_download_urls() -> list:
    """Prepared downloads (bulk ZIPs, reports): status page and file, for their owner only."""
    return [path("unduhan/", include(download_urls, namespace="lms_downloads"))]


@hooks.register(KEPEGAWAIAN_MENU_HOOK)
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Impor data"),
        reverse_lazy("lms_imports:upload"),
        name="impor-data",
        icon_name="upload",
        order=900,
    )


@hooks.register(ASESMEN_MENU_HOOK)
def register_question_import_menu_item() -> MenuItem:
    return QuestionImportMenuItem(
        _("Impor soal"),
        f"{reverse_lazy('lms_imports:upload')}?jenis={QUESTION_KIND}",
        name="impor-soal",
        icon_name="upload",
        order=900,
    )


@hooks.register("before_move_page")
def refuse_a_move_the_user_may_not_make(request, page, destination):
    """Wagtail shows its move confirmation (with both titles) before the move action checks
    the permission; refuse it up front, as the action would (docs/security.md)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


# Help menu items that link to wagtail.org (English, and unreachable on an office network
# without internet): the release notes and the editor guide. The project's own guide for
# trainers is docs/user-guide.md. Keyboard shortcuts stay.
EXTERNAL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def hide_external_help(request, items):
    items[:] = [item for item in items if not item.name.startswith(EXTERNAL_HELP_ITEMS)]


@hooks.register("insert_global_admin_css")
def admin_css() -> str:
    """The project's admin styles: lists that fit a phone, form rows whose selects fit."""
    return format_html('<link rel="stylesheet" href="{}">', static("lms/css/admin.css"))


@hooks.register("register_admin_viewset")
def register_audit_log():
    """ "Log audit": BKPSDM reads, filters and exports the audit log (lms.core.audit)."""
    from .audit.viewsets import AuditEntryViewSet

    return AuditEntryViewSet()
