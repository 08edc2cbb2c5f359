"""``manage.py lms_report KIND --year Y [--opd CODE] --format F --output PATH [--as USER]``
(docs/interfaces.md).

Writes one HR report export (``lms.reports.exports``) atomically (``lms.core.files``), so a
reader never sees half a file. Without ``--as`` the operator acts as the system and reads every
OPD; with ``--as`` (a username or NIP) the export holds exactly what that account may read in
the admin (report readers only: Admin OPD their OPDs, BKPSDM all). Exit status: 0 written; 2
bad arguments (unknown kind, format or pair, bad year, unknown OPD or one outside the account's
scope, unknown account or one that may not read reports, unwritable output), each with an
Indonesian message.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.files import atomic_output
from lms.core.nip import normalize_nip
from lms.reports.exports.files import write_export
from lms.reports.exports.kinds import KINDS, pairs_text
from lms.reports.exports.options import ExportError, OutOfScope, export_request
from lms.reports.selectors.base import may_read_reports


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def account(value: str):
    """The account with this username or NIP, allowed to read reports; exit 2 otherwise."""
    nip = normalize_nip(value)
    query = Q(username=value) | (Q(nip=nip) if nip else Q(pk__in=[]))
    user = get_user_model().objects.filter(query).first()
    if user is None:
        raise _bad(_("Tidak ada akun dengan nama pengguna atau NIP %(value)s.") % {"value": value})
    if not may_read_reports(user):
        raise _bad(_("Akun %(value)s tidak berhak membaca laporan SDM.") % {"value": value})
    return user


class Command(BaseCommand):
    help = (
        "Writes an HR report export (gaps, JPM, JP compliance, completion, AKPK, SIASN, the OPD "
        "PDF). Kind and format pairs: " + pairs_text() + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=", ".join(KINDS))
        parser.add_argument("--year", required=True, help="report year, 2000-2100")
        parser.add_argument("--opd", default="", help="OPD code (default: every OPD in scope)")
        parser.add_argument("--format", required=True, dest="fmt", help="xlsx, csv or pdf")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--jenis-jabatan", default="", dest="jenis_jabatan")
        parser.add_argument("--competency", default="", help="competency code")
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME_OR_NIP",
            help="act as this account: only report readers, with their OPD scope",
        )

    def handle(self, *args, **options):
        viewer = account(options["as_user"]) if options["as_user"] else None
        try:
            request = export_request(
                viewer=viewer,
                kind=options["kind"],
                fmt=options["fmt"],
                year=options["year"],
                opd=options["opd"],
                jenis_jabatan=options["jenis_jabatan"],
                competency=options["competency"],
            )
        except ExportError as error:
            raise _bad(error.message) from None
        except OutOfScope as error:
            raise _bad(
                _("OPD %(code)s tidak dikenal atau di luar cakupan akun ini.")
                % {"code": error.code}
            ) from None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise _bad(_("Folder tujuan %(folder)s tidak ada.") % {"folder": output.parent})
        try:
            with atomic_output(output) as stream:
                write_export(request, stream)
        except OSError as error:
            raise _bad(
                _("Tidak dapat menulis %(path)s: %(error)s")
                % {"path": output, "error": error.strerror or error}
            ) from None
        audit_record(
            AuditAction.EXPORTED,
            actor=viewer,
            object_type=f"report.{request.kind.name}",
            object_label=str(request.kind.label),
            opd=request.filters.opd,
            details={
                "kind": request.kind.name,
                "format": request.fmt,
                "filters": request.parameters(),
                "command": "lms_report",
            },
        )
        self.stdout.write(str(output))
