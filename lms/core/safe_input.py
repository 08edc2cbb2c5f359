"""What text and numbers the platform accepts from outside (issue 8, hole 7).

Two kinds of values reach Python fine but break further on, as a 500 instead of a 400:

- text with a NUL character (``"\\x00"``, refused by PostgreSQL in text and JSON columns) or a
  lone UTF-16 surrogate (``"\\ud800"``, which JSON can carry as an escape but UTF-8 cannot
  encode);
- numbers that are not finite: ``NaN``, ``Infinity`` (JSON literals Python's parser accepts)
  and ``1e999`` (a float overflowing to infinity), refused by JSON columns and by arithmetic.

The rules live here, once: :func:`text_problem` and :func:`number_problem` for one value,
:func:`json_problem` for a whole decoded body, :func:`strict_json_loads` for the API parser
(``lms.core.api``); ``assessments.grading.response_problem`` applies the same rules to quiz
answers from the API and the plain HTML form.
"""

import json
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

_FORBIDDEN_CHARS = re.compile("[\x00\ud800-\udfff]")
_NUMBER_TEXT = re.compile(r"[+-]?(?:nan|snan|inf|infinity|[0-9.,]+(?:e[+-]?[0-9]+)?)", re.I)


class UnsafeInput(ValueError):
    """A value the platform refuses; ``message`` is safe to show (Indonesian)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def text_message() -> str:
    return _(
        "Teks memuat karakter yang tidak diizinkan (karakter NUL atau karakter Unicode yang "
        "tidak lengkap). Hapus atau ketik ulang bagian itu lalu kirim lagi."
    )


def number_message() -> str:
    return _(
        "Angka harus berupa bilangan biasa; NaN, Infinity dan angka sebesar 1e999 tidak diterima."
    )


def text_problem(value: str) -> str | None:
    """The message when ``value`` holds NUL or a lone surrogate, else None."""
    return text_message() if _FORBIDDEN_CHARS.search(value) else None


def number_problem(value: Any) -> str | None:
    """The message when ``value`` is, or is written as, a number that is not finite (NaN, an
    infinity, or beyond what a float holds, like ``1e999``), else None. Text that is no
    number at all is not this function's business (a quiz grades it as wrong)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else number_message()
    if isinstance(value, int):
        return None
    if not isinstance(value, str):
        return None
    if not _NUMBER_TEXT.fullmatch(value.strip().replace(" ", "")):
        return None
    number = written_decimal(value)
    if number is not None and not finite_decimal(number):
        return number_message()
    return None


def written_decimal(text: str) -> Decimal | None:
    """The number ``text`` writes the way people here write it (``3,5`` or ``3.5``; spaces
    ignored), or None when it is no number. May be NaN or infinite: see :func:`finite_decimal`."""
    text = text.strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def finite_decimal(number: Decimal) -> bool:
    """Finite, and within a float's range (``1e999`` would overflow arithmetic with a key)."""
    return number.is_finite() and math.isfinite(float(number))


def json_problem(value: Any) -> str | None:
    """The first problem in a decoded JSON value (keys included), else None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if problem := text_problem(item):
                return problem
        elif isinstance(item, float):
            if problem := number_problem(item):
                return problem
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _refuse_constant(name: str):
    raise UnsafeInput(number_message())


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise UnsafeInput(number_message())
    return number


def strict_json_loads(raw: bytes | str) -> Any:
    """``json.loads`` that refuses ``NaN``/``Infinity`` literals, numbers overflowing to an
    infinity, NUL characters and lone surrogates anywhere (raises :class:`UnsafeInput`; other
    malformed JSON raises ``ValueError`` as usual)."""
    value = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
    if problem := json_problem(value):
        raise UnsafeInput(problem)
    return value
