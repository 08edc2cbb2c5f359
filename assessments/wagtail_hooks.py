"""Registers the "Asesmen" admin menu. ``Quiz`` is registered as a snippet through this group,
so ``QuizBlock``'s ``SnippetChooserBlock("assessments.Quiz")`` has its chooser."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from .h5p.services import LIBRARY_DISABLED, LIBRARY_ENABLED
from .viewsets import AsesmenGroup

register_snippet(AsesmenGroup)


@hooks.register("register_log_actions")
def register_bank_log_actions(actions):
    @actions.register_action("lms.bank_editors")
    class BankEditorsChanged(LogFormatter):
        label = _("Ubah akses pengajar bank soal")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Akses bank soal diubah. Ditambahkan: %(added)s. Dihapus: %(removed)s.") % {
                "added": ", ".join(data.get("added", [])) or "–",
                "removed": ", ".join(data.get("removed", [])) or "–",
            }

    @actions.register_action(LIBRARY_ENABLED)
    class H5PLibraryEnabled(LogFormatter):
        label = _("Aktifkan pustaka H5P")

        def format_message(self, log_entry):
            return _("Pustaka H5P diaktifkan.")

    @actions.register_action(LIBRARY_DISABLED)
    class H5PLibraryDisabled(LogFormatter):
        label = _("Nonaktifkan pustaka H5P")

        def format_message(self, log_entry):
            return _("Pustaka H5P dinonaktifkan: tidak dipakai paket baru dan tidak diputar.")
