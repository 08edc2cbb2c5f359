"""``manage.py lms_export KIND --format csv|xlsx --output PATH [--as NIP]`` (docs/interfaces.md).

Writes the file atomically (a temporary file in the same folder, then ``os.replace``), so a
reader never sees a half-written export. The file re-imports unchanged with ``lms_import``.
Exit status: 0 written; 2 bad arguments (unknown kind or NIP, unwritable output path) or
refused: with ``--as`` the account must hold the kind's export permissions (as in the admin,
docs/security.md); without it the operator acts as the system and exports everything.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.core.files import atomic_output
from lms.core.imports import KindNotAllowed, get_kind, run_export

from .lms_import import check_kind, refused, user_for_nip


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (``lms.core.files.atomic_output``)."""
    with atomic_output(path) as output:
        output.write(data)


class Command(BaseCommand):
    help = "Exports one kind of data as CSV or XLSX with the import headers (round-trips)."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="opds, positions, employees, requirements, training-records, questions"
        )
        parser.add_argument("--format", required=True, choices=["csv", "xlsx"], dest="fmt")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument(
            "--as",
            dest="as_nip",
            metavar="NIP",
            help="act as this user: their permissions for the kind and their OPD scope",
        )

    def handle(self, *args, **options):
        kind, output = options["kind"], Path(options["output"])
        check_kind(kind)
        user = user_for_nip(options["as_nip"]) if options["as_nip"] else None
        try:
            get_kind(kind).check_export(user)
        except KindNotAllowed as error:
            raise refused(error, options["as_nip"]) from None
        if not output.parent.is_dir():
            raise CommandError(
                _("Folder tujuan %(folder)s tidak ada.") % {"folder": output.parent}, returncode=2
            )
        try:
            data = run_export(kind, options["fmt"], user=user)
        except KindNotAllowed as error:
            raise refused(error, options["as_nip"]) from None
        except NotImplementedError:
            raise CommandError(
                _('Jenis "%(kind)s" tidak dapat diekspor.') % {"kind": kind}, returncode=2
            ) from None
        try:
            write_atomically(output, data)
        except OSError as error:
            raise CommandError(
                _("Tidak dapat menulis %(path)s: %(error)s")
                % {"path": output, "error": error.strerror or error},
                returncode=2,
            ) from None
        self.stdout.write(str(output))
