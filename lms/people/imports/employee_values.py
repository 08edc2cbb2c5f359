"""Cell parsers of the employee import: jenis pegawai, jenis kelamin and golongan."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from lms.core.imports.cells import header_key
from lms.core.imports.values import ValueProblem

from ..models import PNS_GOLONGAN, PPPK_GOLONGAN, EmployeeType, Gender

# ---------------------------------------------------------------------------------- employees

_GENDER = {
    "l": Gender.L, "lakilaki": Gender.L, "laki": Gender.L, "pria": Gender.L, "m": Gender.L,
    "male": Gender.L, "1": Gender.L, "p": Gender.P, "perempuan": Gender.P, "wanita": Gender.P,
    "f": Gender.P, "female": Gender.P, "2": Gender.P, "w": Gender.P,
}  # fmt: skip
_GOLONGAN_RE = re.compile(r"(IV|I{1,3})\s*/?\s*([A-E])", re.IGNORECASE)
_ROMAN_RE = re.compile(r"(X{0,1}(?:IX|IV|V?I{0,3}))", re.IGNORECASE)
ALL_GOLONGAN = set(PNS_GOLONGAN) | set(PPPK_GOLONGAN)


def parse_employee_type(text: str) -> str:
    """``PNS``/``CPNS`` -> PNS, ``PPPK``/``P3K`` -> PPPK, ``PPPK Paruh Waktu`` -> PPPK_PW."""
    key = header_key(text)
    if "paruhwaktu" in key or key in ("pppkpw", "p3kpw"):
        return EmployeeType.PPPK_PW
    if key.startswith(("pppk", "p3k")):
        return EmployeeType.PPPK
    if key in ("pns", "cpns") or key.startswith(("pns", "cpns")):
        return EmployeeType.PNS
    raise ValueProblem(
        "invalid_choice",
        _('Jenis pegawai "%(value)s" tidak dikenal. Isi PNS, PPPK, atau PPPK Paruh Waktu.')
        % {"value": text},
    )


def parse_gender(text: str) -> str:
    key = header_key(text)
    if key in _GENDER:
        return _GENDER[key]
    raise ValueProblem(
        "invalid_choice",
        _('Jenis kelamin "%(value)s" tidak dikenal. Isi L atau P (Laki-laki/Perempuan).')
        % {"value": text},
    )


def parse_golongan(text: str) -> str:
    """``III/a``, ``III/A``, ``IIIa``, ``III/a - Penata Muda`` -> ``III/a``; PPPK ``IX``."""
    head = re.split(r"\s+-\s+|\s*\(", text, maxsplit=1)[0].strip()
    match = _GOLONGAN_RE.fullmatch(head)
    value = f"{match[1].upper()}/{match[2].lower()}" if match else head.upper()
    if value in ALL_GOLONGAN:
        return value
    raise ValueProblem(
        "golongan_invalid",
        _(
            'Golongan "%(value)s" tidak dikenal. PNS: I/a sampai IV/e (mis. III/a); PPPK: I '
            "sampai XVII."
        )
        % {"value": text},
    )
