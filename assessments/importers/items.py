"""What every question format is turned into: :class:`QuestionItem` (or item-level problems),
and the category paths that name a bank.

Each reader (:mod:`.tabular`, :mod:`.gift`, :mod:`.moodle_xml`) produces items; the planner
(:mod:`.planner`) checks them against the database and the ``lms.core.imports`` pipeline counts,
reports and commits them (:mod:`.kind`). Texts in an item are as written (HTML allowed); the
planner cleans them (:mod:`.sanitize`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from lms.core.imports.reading import limit

from ..models import SOURCE_REF_MAX
from .sanitize import collapse

KIND = "questions"


def max_items() -> int:
    """Most questions one file may hold (``LMS_IMPORT_MAX_QUESTIONS``, default 5,000)."""
    return limit("LMS_IMPORT_MAX_QUESTIONS", 5000)


def too_many_items_message() -> str:
    return _(
        "Berkas berisi lebih dari %(limit)s soal; pembacaan dihentikan di sini. Bagi soal ke "
        "beberapa berkas."
    ) % {"limit": f"{max_items():,}".replace(",", ".")}


@dataclass(frozen=True)
class Category:
    """The target bank named by a file: competency code, level, optional bank name.

    A category path that does not name a bank (Moodle's ``$course$/top/Default for ...``, a
    missing level) is still a Category: ``problem`` says why (Indonesian), ``code`` is its
    first segment and ``path`` the path as written. The planner reports it
    (``bad_category``) unless the run chose a bank for such questions (``--bank``,
    docs/interfaces.md). ``line`` is where a GIFT file wrote it.
    """

    code: str
    level: int
    bank: str = ""
    path: str = ""
    problem: str = ""
    line: int | None = None

    def __str__(self) -> str:
        if self.problem:
            return self.path
        return "/".join(p for p in (self.code, str(self.level), self.bank) if p)


@dataclass
class QuestionItem:
    """One question read from a file, before validation.

    ``number`` is the row (tabular) or the 1-based ordinal of the question (GIFT, XML); ``line``
    the GIFT line where it starts; ``name`` the source's own name of the question (Moodle's
    ``<name>``, the GIFT ``::title::``), shown in messages. Texts are as written (HTML allowed);
    the planner cleans them.
    """

    number: int
    question_type: str
    text: str
    data: dict
    explanation: str = ""
    points: Decimal = Decimal(1)
    category: Category | None = None
    line: int | None = None
    table_row: bool = False  # ``number`` is a spreadsheet row, not an ordinal
    files: dict[str, str] = field(default_factory=dict)  # embedded files (base64), by name
    name: str = ""
    #: False when another item of the file has the same source identity (Moodle names need
    #: not be unique): then neither is matched by it (:meth:`source_ref` is "").
    ref_unique: bool = True

    def where(self) -> str:
        """``soal nomor 3 (baris 12)`` (GIFT), ``soal nomor 3`` (XML), ``baris 3`` (tabular);
        with the question's name when it has one: ``soal nomor 3 "KS-01" (baris 12)``."""
        if self.table_row:
            return _("baris %(n)s") % {"n": self.number}
        where = _("soal nomor %(n)s") % {"n": self.number}
        if self.name:
            where += f' "{self.name}"'
        if self.line is not None:
            where += _(" (baris %(line)s)") % {"line": self.line}
        return where

    def source_ref(self) -> str:
        """The question's identity in its source (issue 10): ``<category>::<name>``, the
        category path without Moodle's context segments (``$course$``, ``top``) so an export
        from another course context names the same question; "" without a name (spreadsheet
        rows, untitled GIFT questions), which are matched by their content instead."""
        if self.table_row or not self.name or not self.ref_unique:
            return ""
        path = source_path(self.category.path) if self.category else ""
        return bounded_ref(f"{path}::{collapse(self.name)}")

    def suffix(self) -> str:
        """`` (baris 12)`` for GIFT messages, `` ("KS-01")`` for a named question, both
        `` ("KS-01", baris 12)``; else empty."""
        parts = [f'"{self.name}"'] if self.name else []
        if self.line is not None:
            parts.append(_("baris %(line)s") % {"line": self.line})
        return f" ({', '.join(parts)})" if parts else ""


@dataclass(frozen=True)
class ItemProblem:
    """An item-level problem. ``field`` is logical (``category``, ``competency``, ``level``,
    ``bank``, ``type``, ``text``, ``data``, ``points``); each reader maps it to its column."""

    field: str
    code: str
    message: str


# ----------------------------------------------------------------------------- categories

_SLASH = "\x00"
_LEVEL_RE = re.compile(r"(?:level|lvl|l)?\s*([1-5])", re.IGNORECASE)
_CONTEXT_RE = re.compile(r"\$[a-z]+\$", re.IGNORECASE)


class CategoryError(ValueError):
    """A category path that does not name a bank; ``str()`` is the Indonesian message.
    (:func:`parse_category` no longer raises it: the problem travels on the Category.)"""


def parse_category(path: str, *, line: int | None = None) -> Category:
    """``LD.07/2/Nama bank`` -> Category("LD.07", 2, "Nama bank").

    Leading Moodle context segments (``$course$``, ``$system$``, ...) and ``top`` are skipped;
    ``//`` stands for a ``/`` inside a name (Moodle's escaping). The level may be written
    ``2``, ``L2`` or ``Level 2``. A path that names no bank gives a Category with ``problem``.
    """
    parts = [collapse(part.replace(_SLASH, "/")) for part in path.replace("//", _SLASH).split("/")]
    parts = [part for part in parts if part]
    while parts and (_CONTEXT_RE.fullmatch(parts[0]) or parts[0].casefold() == "top"):
        parts.pop(0)
    example = "LD.07/2/Keamanan Digital Pribadi"
    first = parts[0] if parts else ""
    if len(parts) < 2:
        problem = _(
            'Kategori "%(path)s" tidak menyebut bank soal; tulis KODE KOMPETENSI/LEVEL[/nama '
            "bank], mis. %(example)s."
        ) % {"path": collapse(path), "example": example}
        return _unnamed(path, first, line, problem)
    match = _LEVEL_RE.fullmatch(parts[1])
    if match is None:
        problem = _(
            'Level "%(level)s" pada kategori "%(path)s" harus angka 1 sampai 5, mis. %(example)s.'
        ) % {"level": parts[1], "path": collapse(path), "example": example}
        return _unnamed(path, first, line, problem)
    return Category(parts[0], int(match[1]), "/".join(parts[2:]), path=collapse(path), line=line)


def source_path(path: str) -> str:
    """``$course$/top/Default for X/Bab 1`` -> ``Default for X/Bab 1`` (the source identity's
    category part; ``//`` stays as written)."""
    parts = [collapse(part) for part in path.replace("//", _SLASH).split("/")]
    parts = [part for part in parts if part]
    while parts and (_CONTEXT_RE.fullmatch(parts[0]) or parts[0].casefold() == "top"):
        parts.pop(0)
    return "/".join(parts).replace(_SLASH, "//")


def bounded_ref(ref: str) -> str:
    """``ref`` within ``Question.source_ref``'s length: a longer one keeps its start and a
    digest of the whole, so two long paths never meet in one value."""
    if len(ref) <= SOURCE_REF_MAX:
        return ref
    digest = hashlib.sha256(ref.encode()).hexdigest()
    return f"{ref[: SOURCE_REF_MAX - len(digest) - 1]}#{digest}"


def _unnamed(path: str, first: str, line: int | None, problem: str) -> Category:
    return Category(first, 0, "", path=collapse(path), problem=problem, line=line)
