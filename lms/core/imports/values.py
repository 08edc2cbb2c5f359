"""Parsing cell text into typed values, with a row-level code and an Indonesian message.

Every parser takes the already-normalised cell text and returns the value or raises
:class:`ValueProblem`. Rules, chosen for files made by Indonesian HR offices:

* Dates are read day-first (the Indonesian convention): ``17/07/2023``, ``17-07-2023``,
  ``17.07.2023``, ISO ``2023-07-17`` (also what a real date cell becomes), and Excel serial
  numbers (``45124`` -> 2023-07-17). ``07/17/2023`` is *not* silently swapped: it is rejected
  with a message saying it looks month-first. Impossible dates (``31/02/2024``) are rejected.
* Levels are whole numbers 1-5: ``0``, ``6``, ``-1``, ``3,5`` and ``tiga`` are rejected.
* Decimals accept a decimal comma (``2,5``) as Indonesian spreadsheets write it.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from .cells import header_key

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 after Excel's leap-year bug
MIN_YEAR, MAX_YEAR = 1900, 2100

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY_RE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})")
_SERIAL_RE = re.compile(r"\d{1,6}(?:\.0+)?")


class ValueProblem(Exception):
    """A cell value is not acceptable; ``code`` and ``message`` become a :class:`RowError`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)


def parse_date(text: str) -> datetime.date:
    """A date from ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, ISO, or an Excel serial."""
    match = _ISO_RE.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make_date(text, year, month, day)
    match = _DMY_RE.fullmatch(text)
    if match:
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) != 4:
            raise ValueProblem(
                "date_format",
                _("Tahun pada tanggal %(value)s harus ditulis 4 digit, mis. %(example)s.")
                % {"value": text, "example": "17/07/2023"},
            )
        if month > 12 and day <= 12:
            try:
                swapped = datetime.date(year, day, month)
            except ValueError:
                swapped = None
            if swapped is not None:
                raise ValueProblem(
                    "date_ambiguous",
                    _(
                        "Tanggal %(value)s tidak valid dengan urutan hari/bulan/tahun (bulan "
                        "%(month)s). Tampaknya ditulis bulan/hari/tahun; tulis %(fixed)s."
                    )
                    % {"value": text, "month": month, "fixed": swapped.strftime("%d/%m/%Y")},
                )
        return _make_date(text, year, month, day)
    if _SERIAL_RE.fullmatch(text):
        serial = int(float(text))
        first, last = (
            _serial(datetime.date(MIN_YEAR, 3, 1)),
            _serial(datetime.date(MAX_YEAR, 12, 31)),
        )
        if first <= serial <= last:
            return EXCEL_EPOCH + datetime.timedelta(days=serial)
        raise ValueProblem(
            "date_format",
            _(
                "%(value)s bukan tanggal. Tulis tanggal sebagai hh/bb/tttt (mis. 17/07/2023) "
                "atau tttt-bb-hh."
            )
            % {"value": text},
        )
    raise ValueProblem(
        "date_format",
        _(
            "Tanggal %(value)s tidak dikenali. Tulis sebagai hh/bb/tttt (mis. 17/07/2023) atau "
            "tttt-bb-hh (mis. 2023-07-17)."
        )
        % {"value": text},
    )


def _serial(day: datetime.date) -> int:
    return (day - EXCEL_EPOCH).days


def _make_date(text: str, year: int, month: int, day: int) -> datetime.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueProblem(
            "date_range",
            _("Tahun pada tanggal %(value)s harus antara %(min)s dan %(max)s.")
            % {"value": text, "min": MIN_YEAR, "max": MAX_YEAR},
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueProblem(
            "date_invalid",
            _(
                "Tanggal %(value)s tidak ada di kalender (hari %(day)s, bulan %(month)s). "
                "Periksa hari dan bulannya; urutannya hari/bulan/tahun."
            )
            % {"value": text, "day": day, "month": month},
        ) from None


_WORD_NUMBERS = {"satu", "dua", "tiga", "empat", "lima", "enam", "nol", "one", "two", "three"}


def parse_level(text: str) -> int:
    """A competency level: a whole number from 1 to 5 (``3.0`` from a number cell is 3)."""
    compact = text.replace(" ", "")
    if re.fullmatch(r"[+-]?\d+(?:\.0+)?", compact):
        level = int(float(compact))
        if 1 <= level <= 5:
            return level
        raise ValueProblem(
            "level_range",
            _("Level %(value)s di luar rentang; isi bilangan bulat 1 sampai 5.") % {"value": text},
        )
    if re.fullmatch(r"[+-]?\d+[.,]\d+", compact):
        raise ValueProblem(
            "level_decimal",
            _(
                "Level harus bilangan bulat 1 sampai 5, tanpa pecahan; yang diisi %(value)s. "
                "Bulatkan ke level yang sudah dicapai."
            )
            % {"value": text},
        )
    hint = (
        _(' Tulis dengan angka, mis. 3 bukan "tiga".')
        if compact.casefold() in _WORD_NUMBERS
        else ""
    )
    raise ValueProblem(
        "level_not_number",
        _('Level harus angka 1 sampai 5; yang diisi "%(value)s".') % {"value": text} + hint,
    )


_TRUE = {"1", "ya", "y", "yes", "true", "benar", "aktif", "x", "v"}
_FALSE = {"0", "tidak", "t", "n", "no", "false", "salah", "nonaktif", "tidakaktif", "-"}


def parse_bool(text: str) -> bool:
    """``ya``/``tidak``, ``1``/``0``, ``TRUE``/``FALSE``, ``aktif``/``nonaktif``..."""
    key = header_key(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem(
        "bool_invalid",
        _('Isi "ya" atau "tidak" (atau 1/0); yang diisi "%(value)s".') % {"value": text},
    )


def parse_decimal(
    text: str, *, decimal_places: int, minimum: Decimal, maximum: Decimal, label: str
) -> Decimal:
    """A decimal number; ``2,5`` and ``2.5`` are both 2.5. Range is ``minimum < x <= maximum``."""
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d+,\d+", compact):
        compact = compact.replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not re.fullmatch(r"[+-]?\d+(\.\d+)?", compact):
        raise ValueProblem(
            "number_invalid",
            _('%(label)s harus berupa angka (mis. 2 atau 2,5); yang diisi "%(value)s".')
            % {"label": label, "value": text},
        )
    if not minimum < value <= maximum:
        raise ValueProblem(
            "number_range",
            _("%(label)s harus lebih dari %(min)s dan paling banyak %(max)s; yang diisi %(value)s.")
            % {"label": label, "min": minimum, "max": maximum, "value": text},
        )
    if value != value.quantize(Decimal(1).scaleb(-decimal_places)):
        raise ValueProblem(
            "number_precision",
            _("%(label)s paling banyak %(places)s angka di belakang koma; yang diisi %(value)s.")
            % {"label": label, "places": decimal_places, "value": text},
        )
    return value.quantize(Decimal(1).scaleb(-decimal_places))


def choice_lookup(
    choices: type[models.Choices], extra: Mapping[str, object] | None = None
) -> dict[str, object]:
    """Map the value, the Indonesian and the English label of each choice (compared with
    :func:`header_key`) and the ``extra`` aliases to the stored value."""
    lookup: dict[str, object] = {}
    for language in ("id", "en"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup.setdefault(header_key(str(label)), value)
    for value in choices.values:
        lookup[header_key(str(value))] = value
    for alias, value in (extra or {}).items():
        lookup[header_key(alias)] = value
    return lookup


def parse_choice(text: str, lookup: Mapping[str, object], *, allowed: Iterable[str]) -> object:
    """The stored value for ``text`` from a :func:`choice_lookup` map."""
    key = header_key(text)
    if key in lookup:
        return lookup[key]
    raise ValueProblem(
        "invalid_choice",
        _('"%(value)s" bukan pilihan yang dikenal. Pilihan: %(allowed)s.')
        % {"value": text, "allowed": ", ".join(allowed)},
    )


def check_length(text: str, max_length: int, label: str) -> str:
    """Reject ``text`` longer than ``max_length`` characters (after normalisation)."""
    if len(text) > max_length:
        raise ValueProblem(
            "too_long",
            _("%(label)s terlalu panjang: %(n)s karakter, maksimal %(max)s.")
            % {"label": label, "n": len(text), "max": max_length},
        )
    return text
