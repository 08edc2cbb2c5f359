"""Registers the "Kepegawaian" admin menu (OPD, Jabatan, Pegawai, Cakupan Admin OPD, Aktivasi
akun), the activation URLs, the identity-change log action shown in an employee's history, and
the two-factor reset of an employee's account (``lms.users.twofactor.admin_views``: its URLs
and its panel on the employee page)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from lms.users.twofactor import admin_urls as twofactor_admin_urls
from lms.users.twofactor.admin_views import twofactor_reset_panel

from . import urls as activation_urls
from .selectors import may_invite_accounts
from .services import IDENTITY_CHANGE_ACTION
from .viewsets import EMPLOYEE_INSPECT_PANELS_HOOK, KEPEGAWAIAN_MENU_HOOK, KepegawaianGroup

IDENTITY_FIELD_LABELS = {"nip": _("NIP"), "name": _("nama"), "email": _("e-mail")}


@hooks.register("register_admin_viewset")
def register_kepegawaian() -> KepegawaianGroup:
    return KepegawaianGroup()


@hooks.register("register_admin_urls")
def register_activation_urls() -> list:
    """Account activation: pending accounts per OPD, e-mails and letters (``lms.people.views``)."""
    return [path("aktivasi-akun/", include(activation_urls, namespace="aktivasi"))]


@hooks.register("register_admin_urls")
def register_twofactor_reset_urls() -> list:
    """BKPSDM's reset of an account's two-factor login (``/admin/dua-langkah/<id>/reset/``)."""
    return [path("dua-langkah/", include(twofactor_admin_urls, namespace="dua-langkah-admin"))]


@hooks.register(EMPLOYEE_INSPECT_PANELS_HOOK, order=100)  # after the competency profile
def employee_twofactor_panel(request, employee):
    return twofactor_reset_panel(request, employee.user)


class ActivationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_invite_accounts(request.user)


@hooks.register(KEPEGAWAIAN_MENU_HOOK)
def register_activation_menu_item() -> MenuItem:
    return ActivationMenuItem(
        _("Aktivasi akun"),
        reverse_lazy("aktivasi:index"),
        name="aktivasi-akun",
        icon_name="key",
        order=850,
    )


@hooks.register("register_log_actions")
def register_identity_change_action(actions) -> None:
    @actions.register_action(IDENTITY_CHANGE_ACTION)
    class IdentityChangeFormatter(LogFormatter):
        label = _("Ubah identitas akun")

        def format_message(self, log_entry) -> str:
            changes = (log_entry.data or {}).get("changes") or {}
            parts = [
                _("%(field)s: “%(old)s” → “%(new)s”")
                % {
                    "field": IDENTITY_FIELD_LABELS.get(name, name),
                    "old": change.get("old") or "—",
                    "new": change.get("new") or "—",
                }
                for name, change in changes.items()
            ]
            return _("Identitas akun diubah (%(changes)s)") % {"changes": "; ".join(parts)}
