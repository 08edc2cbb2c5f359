"""Admin registration of the core screens: the HR import (upload → preview → confirm).

The menu item goes into the "Kepegawaian" submenu through that group's hook name; ``lms.core``
does not import ``lms.people`` (the string is the whole contract).
"""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .imports import urls as import_urls
from .imports.views import may_use_imports

KEPEGAWAIAN_MENU_HOOK = "register_kepegawaian_menu_item"  # lms.people.viewsets


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_use_imports(request.user)


@hooks.register("register_admin_urls")
def register_import_urls() -> list:
    return [path("impor/", include(import_urls, namespace="lms_imports"))]


@hooks.register(KEPEGAWAIAN_MENU_HOOK)
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Impor data"),
        reverse_lazy("lms_imports:upload"),
        name="impor-data",
        icon_name="upload",
        order=900,
    )


@hooks.register("before_move_page")
def refuse_a_move_the_user_may_not_make(request, page, destination):
    """Wagtail shows its move confirmation (with both titles) before the move action checks
    the permission; refuse it up front, as the action would (docs/security.md)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
