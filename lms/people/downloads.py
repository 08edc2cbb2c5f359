"""Activation letters of many employees as a prepared download (``lms.core.downloads``), kind
``activation_letters``: an OPD's letters are a page each (2,000 in about 8.5 s and 7.3 MB,
docs/benchmarks.md), so they are drawn by a worker with a progress bar, and the file is for the
requester only and expires (``LMS_DOWNLOAD_TTL_HOURS``): it holds live links.

Parameters: ``opd`` (an OPD id, or none: every OPD the owner may invite in) and ``uninvited``
(only accounts never invited). The builder reads the employees again with the owner's rights
at build time (``activation_candidates``), so forged parameters never reach another OPD; the
invitations are recorded as the letters are drawn (``letters_write``), and the owner is
notified when the file is ready.
"""

from __future__ import annotations

from typing import IO

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.downloads.registry import DownloadKind, Progress, register
from lms.core.errors import ApplicationError
from lms.core.notifications.services import notification_create

from .letters import letters_write
from .models import OPD
from .selectors import activation_candidates, may_invite_accounts, opds_visible_to

KIND = "activation_letters"


def _opd(download) -> OPD | None:
    pk = (download.parameters or {}).get("opd")
    if pk is None:
        return None
    opd = opds_visible_to(download.owner).filter(pk=pk).first() if isinstance(pk, int) else None
    if opd is None:
        raise ApplicationError(_("OPD ini tidak ada atau di luar cakupan Anda."), code="scope")
    return opd


def build(download, output: IO[bytes], progress: Progress) -> None:
    owner = download.owner
    if not may_invite_accounts(owner):
        raise ApplicationError(_("Anda tidak lagi berhak mengundang pegawai."), code="refused")
    employees = activation_candidates(
        user=owner,
        opd=_opd(download),
        uninvited_only=bool((download.parameters or {}).get("uninvited")),
    )
    total = employees.count()
    if not total:
        raise ApplicationError(
            _("Tidak ada akun yang menunggu aktivasi dengan pilihan ini; tidak ada surat dibuat."),
            code="empty",
        )
    progress(0, total)
    letters_write(employees=employees, user=owner, output=output, progress=progress)
    notification_create(
        user=owner,
        title=_("Surat aktivasi siap diunduh"),
        body=_("%(count)s surat aktivasi akun") % {"count": total},
        url=reverse("lms_downloads:status", args=[download.pk]),
        key=f"download:{download.pk}",
    )


def file_name(download) -> str:
    opd = OPD.objects.filter(pk=(download.parameters or {}).get("opd")).first()
    code = opd.code if opd else "semua-opd"
    return f"surat-aktivasi-{code}-{timezone.localdate():%Y%m%d}.pdf"


register(
    DownloadKind(
        name=KIND, build=build, file_name=file_name, content_type="application/pdf", suffix=".pdf"
    )
)
