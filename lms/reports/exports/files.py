"""One export written into a stream, and the name the file is saved under."""

from __future__ import annotations

import re
from typing import IO

from .kinds import CONTENT_TYPES
from .options import ExportRequest
from .writers import BOOKS

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _nothing(done: int, total: int) -> None:
    return None


def write_export(request: ExportRequest, output: IO[bytes], progress=_nothing) -> None:
    """Writes the whole file into ``output`` (binary), streaming the rows."""
    if request.fmt == "pdf":
        request.kind.pdf(output, request.filters, progress)
        return
    book = BOOKS[request.fmt](output)
    request.kind.write(book, request.filters, progress)
    book.close()


def export_file_name(request: ExportRequest) -> str:
    """``<stem>-<year>[-<OPD code>].<format>``, ASCII letters, digits, ``.``, ``_``, ``-``."""
    parts = [request.kind.stem, str(request.filters.year)]
    if request.filters.opd is not None:
        parts.append(_UNSAFE.sub("_", request.filters.opd.code).strip("._-") or "opd")
    return "-".join(parts) + f".{request.fmt}"


def export_content_type(request: ExportRequest) -> str:
    return CONTENT_TYPES[request.fmt]
