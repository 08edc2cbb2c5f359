"""Values written to the audit log are encoded so that no entry can forge another (OWASP log
injection, ASVS 16.4.1): carriage returns, line feeds, tabs and every other control, format or
separator character are written as visible escapes (``\\n``, ``\\r``, ``\\t``, ``\\u202e``), a
backslash as ``\\\\``. The text stays readable and the original is recoverable."""

from __future__ import annotations

import unicodedata
from typing import Any

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
# Control (Cc), format (Cf: bidi overrides, zero-width), line/paragraph separators, surrogates.
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def audit_text(value: Any, *, limit: int = 500) -> str:
    """``value`` as one safe line of at most ``limit`` characters (then "…")."""
    text = "" if value is None else str(value)
    out: list[str] = []
    for char in text:
        if char in _SHORT:
            out.append(_SHORT[char])
        elif unicodedata.category(char) in _ESCAPED_CATEGORIES:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    encoded = "".join(out)
    return encoded if len(encoded) <= limit else encoded[: limit - 1] + "…"


def audit_details(value: Any, *, depth: int = 0) -> Any:
    """A JSON-safe copy of ``value`` with every string (keys too) encoded by
    :func:`audit_text`; numbers, booleans and None kept; anything else as its text."""
    if depth > 4:
        return audit_text(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, dict):
        return {
            audit_text(k, limit=100): audit_details(v, depth=depth + 1) for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_details(v, depth=depth + 1) for v in list(value)[:200]]
    return audit_text(value)
