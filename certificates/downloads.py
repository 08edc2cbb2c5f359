"""The bulk ZIP of certificate PDFs (a prepared download, ``lms.core.downloads``).

Parameters: the HR list's filters (OPD, course, year, state). The builder re-reads them with the
requester's scope at build time (``selectors_hr``), so an Admin OPD's ZIP never holds another
OPD's certificates even if the parameters were forged. PDFs are copied into the archive as they
are (``ZIP_STORED``: a PDF does not compress further, and each entry's bytes are exactly the
issued file whose SHA-256 is on record), streamed file by file, with the progress stored every
``PROGRESS_EVERY`` files.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from typing import IO

from django.utils.translation import gettext as _

from lms.core.downloads.registry import DownloadKind, Progress, register
from lms.core.errors import ApplicationError
from lms.people.models import OPD

from .selectors_hr import certificates_for_hr_filtered, clean_hr_filters

KIND = "certificates_zip"
PROGRESS_EVERY = 25
COPY_BUFFER = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def entry_name(number: str, holder_name: str) -> str:
    """``<number with / replaced>-<name>.pdf``, ASCII letters, digits, ``.``, ``_`` and ``-``
    only (no path separators, no ``..``, nothing a ZIP tool could read as a path)."""

    def clean(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return _UNSAFE.sub("_", ascii_text).strip("._-")

    stem = f"{clean(number.replace('/', '-'))}-{clean(holder_name)}"[:150].strip("._-")
    return f"{stem or 'sertifikat'}.pdf"


def build(download, output: IO[bytes], progress: Progress) -> None:
    certificates = (
        certificates_for_hr_filtered(download.owner, download.parameters)
        .exclude(pdf="")
        .only("pk", "number", "holder_name", "pdf")
        .order_by("year", "sequence")
    )
    total = certificates.count()
    if not total:
        raise ApplicationError(
            _("Tidak ada sertifikat yang cocok dengan saringan ini; tidak ada berkas dibuat."),
            code="empty",
        )
    progress(0, total)
    used: set[str] = set()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for done, certificate in enumerate(certificates.iterator(chunk_size=500), start=1):
            name = entry_name(certificate.number, certificate.holder_name)
            if name in used:
                name = f"{name[:-4]}-{certificate.pk}.pdf"
            used.add(name)
            with certificate.pdf.open("rb") as source, archive.open(name, "w") as target:
                shutil.copyfileobj(source, target, COPY_BUFFER)
            if done % PROGRESS_EVERY == 0:
                progress(done, total)
    progress(total, total)


def file_name(download) -> str:
    """``sertifikat-<OPD code>-<year>-<when>.zip`` (the parts that were filtered on)."""
    filters = clean_hr_filters(download.parameters)
    parts = ["sertifikat"]
    if "opd" in filters:
        code = OPD.objects.filter(pk=filters["opd"]).values_list("code", flat=True).first()
        parts.append(_UNSAFE.sub("_", code or str(filters["opd"])))
    parts.append(str(filters.get("year", "semua-tahun")))
    return "-".join(parts) + f"-{download.created_at:%Y%m%d-%H%M}.zip"


register(
    DownloadKind(
        name=KIND,
        build=build,
        file_name=file_name,
        content_type="application/zip",
        suffix=".zip",
    )
)
