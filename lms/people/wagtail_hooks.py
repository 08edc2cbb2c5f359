"""Registers the "Kepegawaian" admin menu (OPD, Jabatan, Pegawai, Cakupan Admin OPD) and the
identity-change log action shown in an employee's history."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .services import IDENTITY_CHANGE_ACTION
from .viewsets import KepegawaianGroup

IDENTITY_FIELD_LABELS = {"nip": _("NIP"), "name": _("nama"), "email": _("e-mail")}


@hooks.register("register_admin_viewset")
def register_kepegawaian() -> KepegawaianGroup:
    return KepegawaianGroup()


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
