"""``manage.py lms_import KIND FILE [--commit] [--as NIP]`` (docs/interfaces.md).

For ``questions``: ``--bank CODE/LEVEL[/name]`` is the bank of the questions whose category
names none (Moodle's ``$course$/top/Default for ...``, or no category at all); the bank is
created on commit only. ``--skip-unsupported`` imports the supported questions and lists the
skipped ones (essay, cloze, ...); without it one unsupported question rejects the file.
``--allow-key-change`` accepts updates that change a question's correct answers.
A bad option value exits with 2 before the file is read.

Prints one line per problem, ``row<TAB>column<TAB>code<TAB>message``, then a summary line;
notes (ignored columns, sheet used, encoding) go to stderr. Exit status: 0 valid (and
committed with ``--commit``), 1 rejected (nothing written), 2 unreadable file or bad
arguments (unknown kind, missing file, unknown ``--as`` NIP) or refused: with ``--as`` the
command acts as that account, which must hold the kind's import permissions (the same rule
as the admin screens, docs/security.md); without it the operator acts as the system.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.core.imports import KindNotAllowed, UnreadableFile, get_kind, import_kinds, run_import
from lms.core.nip import normalize_nip


def user_for_nip(nip: str):
    """The account with this NIP, or ``CommandError`` (exit 2)."""
    user = get_user_model().objects.filter(nip=normalize_nip(nip)).first()
    if user is None:
        raise CommandError(_("Tidak ada akun dengan NIP %(nip)s.") % {"nip": nip}, returncode=2)
    return user


def refused(error: KindNotAllowed, nip: str) -> CommandError:
    """The exit-2 error for an account that may not use the kind."""
    return CommandError(
        _("Ditolak untuk akun NIP %(nip)s: %(message)s") % {"nip": nip, "message": error.message},
        returncode=2,
    )


def check_kind(kind: str) -> None:
    kinds = import_kinds()
    if kind not in kinds:
        raise CommandError(
            _('Jenis impor "%(kind)s" tidak dikenal. Pilihan: %(kinds)s.')
            % {"kind": kind, "kinds": ", ".join(sorted(kinds))},
            returncode=2,
        )


def summary(kind: str, report) -> str:
    """The last line: the counts, worded for what happened (written, would be written on a
    dry run, nothing written on a rejection)."""
    counts = _("%(total)s baris data, %(valid)s valid, %(errors)s galat") % {
        "total": report.total_rows,
        "valid": report.valid_rows,
        "errors": len(report.errors),
    }
    if report.skipped:
        counts += _(", %(skipped)s dilewati") % {"skipped": len(report.skipped)}
    values = {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
    if report.committed:
        outcome = _("%(created)s baru, %(updated)s diubah, %(unchanged)s tetap; disimpan") % values
    elif report.ok:
        outcome = (
            _(
                "%(created)s akan dibuat, %(updated)s akan diubah, %(unchanged)s tetap; uji coba, "
                "belum disimpan (pakai --commit untuk menyimpan)"
            )
            % values
        )
    else:
        outcome = _("ditolak, tidak ada yang ditulis")
    return _("Ringkasan %(kind)s: %(counts)s; %(outcome)s.") % {
        "kind": kind,
        "counts": counts,
        "outcome": outcome,
    }


def _clean(text: str) -> str:
    return " ".join(str(text).split())


class Command(BaseCommand):
    help = (
        "Validates an import file (dry run) and, with --commit, stores it all or nothing. "
        "Exit 0 valid, 1 rejected, 2 unreadable file or bad arguments."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="opds, positions, employees, requirements, training-records, questions"
        )
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--commit", action="store_true", help="store the data when valid")
        parser.add_argument(
            "--as",
            dest="as_nip",
            metavar="NIP",
            help="act as this user: their permissions for the kind and their OPD scope",
        )
        parser.add_argument(
            "--bank",
            metavar="CODE/LEVEL",
            help="questions: the bank of questions whose category names none (e.g. LD.07/2)",
        )
        parser.add_argument(
            "--skip-unsupported",
            action="store_true",
            help="questions: import the supported questions, skip (and list) the others",
        )
        parser.add_argument(
            "--allow-key-change",
            action="store_true",
            help="questions: accept updates that change a question's correct answers",
        )

    def handle(self, *args, **options):
        kind, path = options["kind"], Path(options["file"])
        check_kind(kind)
        user = user_for_nip(options["as_nip"]) if options["as_nip"] else None
        try:
            get_kind(kind).check_import(user)  # before the file is even opened
        except KindNotAllowed as error:
            raise refused(error, options["as_nip"]) from None
        try:
            run_options = get_kind(kind).check_options(
                {
                    "bank": options["bank"],
                    "skip_unsupported": options["skip_unsupported"],
                    "allow_key_change": options["allow_key_change"],
                }
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Berkas %(path)s tidak dapat dibuka: %(error)s")
                % {"path": path, "error": error.strerror or error},
                returncode=2,
            ) from None
        try:
            report = run_import(
                kind, data, path.name, user=user, commit=options["commit"], options=run_options
            )
        except KindNotAllowed as error:
            raise refused(error, options["as_nip"]) from None
        except UnreadableFile as error:
            raise CommandError(
                _("Berkas tidak dapat dibaca (%(code)s): %(message)s")
                % {"code": error.code, "message": error.message},
                returncode=2,
            ) from None
        for note in report.notes:
            self.stderr.write(_("catatan: %(note)s") % {"note": note})
        for error in report.errors:
            self.stdout.write(
                f"{error.row}\t{_clean(error.column)}\t{error.code}\t{_clean(error.message)}"
            )
        for item in report.skipped:
            self.stderr.write(
                _("dilewati: %(row)s\t%(message)s")
                % {"row": item.row, "message": _clean(item.message)}
            )
        self.stdout.write(summary(kind, report))
        if not report.ok:
            raise CommandError(_("Impor ditolak; tidak ada yang disimpan."), returncode=1)
