"""Cell-level text handling shared by every import and export.

* :func:`normalize_cell` is applied to every value read from a file: NUL and other control
  characters and zero-width characters are removed, NBSP and every other Unicode space become
  a plain space, runs of whitespace collapse to one space, and the ends are stripped. Length
  checks happen *after* this, so invisible characters never push a value over its limit.
* Formula injection (OWASP "CSV injection", ASVS 1.2.10): values are stored exactly as given,
  even when they start with ``= + - @``. On export such a value is prefixed with one ``'`` so a
  spreadsheet shows it as text; on import exactly one ``'`` in front of one of those characters
  is removed again, so export -> import gives back the stored value.
"""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# C0/C1 controls except TAB/LF/CR (those are whitespace and collapse below), zero-width
# characters and the BOM. NUL is part of the C0 range.
_INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACE_RE = re.compile(r"\s+")  # str patterns match every Unicode space, NBSP included
_HEADER_JUNK_RE = re.compile(r"[\s_\-.]+")
_NEEDS_ESCAPE_RE = re.compile("'*[=+\\-@\t\r]")
_ESCAPED_RE = re.compile("'+[=+\\-@\t\r]")


def normalize_cell(value: str) -> str:
    """Clean one cell: drop invisible characters, turn all spaces into one plain space, strip."""
    if not value:
        return ""
    value = _INVISIBLE_RE.sub("", value)
    return _SPACE_RE.sub(" ", value).strip()


def unescape_formula(value: str) -> str:
    """Remove the one ``'`` that an export put in front of ``= + - @ TAB CR`` (see module doc).

    Precisely: a value of one or more ``'`` followed by a trigger loses one ``'``.
    """
    if _ESCAPED_RE.match(value):
        return value[1:]
    return value


def escape_formula(value: str) -> str:
    """Prefix a text value that a spreadsheet would run as a formula with ``'`` (OWASP).

    Values of zero or more ``'`` followed by a trigger are prefixed, so that
    :func:`unescape_formula` always gives back exactly the stored value.
    """
    if _NEEDS_ESCAPE_RE.match(value):
        return "'" + value
    return value


def header_key(header: str) -> str:
    """Compare headers ignoring case, spaces, underscores, hyphens and dots.

    ``"NIP_BARU"``, ``"nip baru"`` and ``"Nip-Baru"`` all give ``"nipbaru"``.
    """
    return _HEADER_JUNK_RE.sub("", normalize_cell(header).casefold())
