"""``manage.py lms_activation --opd CODE [--pending] (--email | --letters PATH.pdf)``
(docs/interfaces.md).

For the employees of that OPD and its sub-units whose account is not active yet (no password
set: ``activation_pending``): sends the activation e-mails (Celery, after the commit), or writes
one printable letter per person (name, NIP, OPD, the one-time link as text and as a QR code)
into one PDF, atomically (``lms.core.files``). ``--pending`` keeps only the accounts never
invited so far (the newcomers of an import); without it every account still waiting is invited
again, and the links of earlier invitations stop working. The operator acts as the system.
Exit status: 0 done (also when nobody is waiting); 2 bad arguments or unknown OPD.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.core.files import atomic_output
from lms.people.letters import letters_write
from lms.people.models import OPD
from lms.people.selectors import activation_candidates
from lms.people.services import activation_invite
from lms.users.models import InvitationChannel


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = (
        "Invites the employees of an OPD (and its sub-units) whose account is not active yet: "
        "activation e-mails, or one printable letter each in a PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="OPD code")
        parser.add_argument(
            "--pending", action="store_true", help="only accounts never invited before"
        )
        channel = parser.add_mutually_exclusive_group(required=True)
        channel.add_argument("--email", action="store_true", help="send activation e-mails")
        channel.add_argument("--letters", metavar="PATH.pdf", help="write the letters here")

    def handle(self, *args, **options):
        code = options["opd"].strip()
        opd = OPD.objects.filter(code__iexact=code).first() if code else None
        if opd is None:
            raise _bad(_("OPD dengan kode %(code)s tidak ada.") % {"code": code})
        employees = activation_candidates(user=None, opd=opd, uninvited_only=options["pending"])
        if options["email"]:
            invitation = activation_invite(
                employees=employees, channel=InvitationChannel.EMAIL, user=None
            )
            self.stdout.write(
                _("%(sent)s e-mail aktivasi dikirim; %(missing)s pegawai tanpa alamat e-mail.")
                % {"sent": len(invitation.invited), "missing": len(invitation.without_email)}
            )
            for employee in invitation.without_email:
                self.stdout.write(f"  {employee.nip} {employee.full_name}")
            return
        output = Path(options["letters"])
        if output.suffix.lower() != ".pdf":
            raise _bad(_("Berkas surat harus berakhiran .pdf."))
        if not output.parent.is_dir():
            raise _bad(_("Folder tujuan %(folder)s tidak ada.") % {"folder": output.parent})
        try:
            # The file is in place before the invitations are committed (no link spent for a
            # letter that was never written).
            with transaction.atomic(), atomic_output(output) as stream:
                count = letters_write(employees=employees, user=None, output=stream)
        except OSError as error:
            raise _bad(
                _("Tidak dapat menulis %(path)s: %(error)s")
                % {"path": output, "error": error.strerror or error}
            ) from None
        self.stdout.write(
            _("%(count)s surat aktivasi ditulis ke %(path)s.") % {"count": count, "path": output}
        )
