"""Structural validation of Indonesian civil-servant identity numbers (NIP / NI PPPK).

Neither number carries a check digit, so only the structure can be verified:

* PNS NIP, 18 digits ``YYYYMMDD YYYYMM G NNN``: date of birth, TMT CPNS year and month,
  gender digit (1 = laki-laki, 2 = perempuan) and a sequence number other than ``000``.
* NI PPPK, 18 digits ``YYYYMMDD YYYY CC G NNN`` (assumed layout): date of birth, year of the
  first PPPK appointment, contract count ``01``-``99`` (not a month), gender digit, sequence.
  PPPK paruh waktu (``"PPPK_PW"``) uses the PPPK rule.

Failures raise :class:`NIPError` (a ``ValidationError``) with a stable ``code`` and a Bahasa
Indonesia message; checks run in a fixed order (input, length, birth, appointment, gender,
sequence) and the first failure wins.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18
MIN_BIRTH_YEAR = 1940
MIN_AGE, MAX_AGE = 17, 60  # age at appointment, in whole years (appointment year - birth year)
EMPLOYEE_TYPES = ("PNS", "PPPK", "PPPK_PW")

# Whitespace (NFKC already turns NBSP into a space), zero-width characters, dots and dashes.
_JUNK_RE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff.\-\u2010-\u2015]")
_SPACES_RE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]")
_SCIENTIFIC_RE = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")


class NIPError(ValidationError):
    """A NIP failed validation; ``code`` is one of the ``nip_*`` codes, ``messages`` = [message]."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)

    def __reduce__(self):  # keep pickling/deepcopy working with the custom signature
        return (self.__class__, (self.code, self.message))


# One user-facing message per error code (Bahasa Indonesia, %-style named placeholders).
MESSAGES = {
    "nip_empty": _("NIP wajib diisi."),
    "nip_scientific": _(
        "NIP terbaca sebagai %(value)s: Excel telah mengubah NIP menjadi notasi ilmiah dan "
        "digit terakhirnya hilang. Format kolom NIP sebagai Teks (Text) di Excel, lalu isi "
        "ulang NIP lengkap 18 digit."
    ),
    "nip_chars": _(
        "NIP hanya boleh berisi angka (spasi, titik, dan tanda hubung boleh); "
        "ditemukan karakter lain: %(chars)s."
    ),
    "nip_length": _("NIP harus 18 digit angka; yang diisi %(n)s digit."),
    "nip_birth_date": _(
        "Digit 1-8 NIP harus tanggal lahir yang valid (tahun, bulan, tanggal); "
        "%(value)s bukan tanggal yang ada."
    ),
    "nip_age": _("Tahun lahir pada NIP (%(year)s) harus antara %(min)s dan %(max)s."),
    "nip_tmt_month": _(
        "Digit 13-14 NIP adalah bulan TMT CPNS dan harus 01 sampai 12; yang tertulis %(month)s."
    ),
    "nip_tmt_future": _(
        "Pengangkatan pada NIP (%(when)s) masih di masa depan; periksa digit %(digits)s."
    ),
    "nip_tmt_age": _(
        "Menurut NIP, pegawai diangkat pada usia %(age)s tahun (lahir %(birth)s, diangkat "
        "%(year)s); usia pengangkatan harus %(min)s sampai %(max)s tahun."
    ),
    "nip_contract": _(
        "Digit 13-14 NI PPPK adalah jumlah kontrak dan harus 01 sampai 99, bukan 00."
    ),
    "nip_gender": _(
        "Digit ke-15 NIP adalah kode jenis kelamin: 1 (laki-laki) atau 2 (perempuan); "
        "yang tertulis %(digit)s."
    ),
    "nip_sequence": _("Tiga digit terakhir NIP (nomor urut) tidak boleh 000."),
}


def _error(code: str, **params: object) -> NIPError:
    """Build the :class:`NIPError` for ``code``, formatting ``params`` after translation."""
    message = MESSAGES[code]
    return NIPError(code, message % params if params else message)


@dataclass(frozen=True)
class ParsedNIP:
    """A structurally valid NIP. PNS: ``appointment_month`` set, ``contract_count`` None;
    PPPK: ``appointment_month`` None, ``contract_count`` set (1-99)."""

    nip: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None
    contract_count: int | None
    gender: Literal["L", "P"]
    sequence: int

    @property
    def formatted(self) -> str:
        """Spaced display form: PNS ``19860926 201505 1 001``, PPPK ``19900101 2021 01 1 001``."""
        n = self.nip
        if self.contract_count is not None:
            return f"{n[:8]} {n[8:12]} {n[12:14]} {n[14]} {n[15:]}"
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"


def normalize_nip(raw: str) -> str:
    """Return ``raw`` with whitespace (incl. NBSP and zero-width), dots and hyphens removed.

    Only cleans (NFKC also turns full-width digits into ASCII); does not validate.
    """
    return _JUNK_RE.sub("", unicodedata.normalize("NFKC", str(raw)))


def _today() -> date:
    return timezone.localdate() if settings.USE_TZ else date.today()


def parse_nip(raw: str, *, employee_type: str = "PNS", today: date | None = None) -> ParsedNIP:
    """Validate ``raw`` against the rule for ``employee_type`` and return its parts.

    ``employee_type`` must be one of :data:`EMPLOYEE_TYPES` (anything else is a programming
    error and raises ``ValueError``). ``today`` defaults to the current local date.
    Raises :class:`NIPError` on the first structural problem found.
    """
    if employee_type not in EMPLOYEE_TYPES:
        raise ValueError(f"employee_type must be one of {EMPLOYEE_TYPES}, not {employee_type!r}")
    today = today or _today()
    text = "" if raw is None else unicodedata.normalize("NFKC", str(raw))
    compact = _SPACES_RE.sub("", text)
    if not compact:
        raise _error("nip_empty")
    if _SCIENTIFIC_RE.fullmatch(compact):
        raise _error("nip_scientific", value=compact)
    nip = normalize_nip(text)
    bad = "".join(dict.fromkeys(ch for ch in nip if ch not in "0123456789"))
    if bad:
        raise _error("nip_chars", chars=bad[:10])
    if len(nip) != NIP_LENGTH:
        raise _error("nip_length", n=len(nip))

    try:
        birth = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise _error("nip_birth_date", value=nip[:8]) from None
    max_birth_year = today.year - MIN_AGE
    if not MIN_BIRTH_YEAR <= birth.year <= max_birth_year:
        raise _error("nip_age", year=birth.year, min=MIN_BIRTH_YEAR, max=max_birth_year)

    year, mid = int(nip[8:12]), int(nip[12:14])
    # One month of tolerance for appointments announced ahead of their TMT:
    # ``limit`` is the 0-based month index (year * 12 + month - 1) of today + 1 month.
    limit = today.year * 12 + today.month
    if employee_type == "PNS":
        month, contract = mid, None
        if not 1 <= month <= 12:
            raise _error("nip_tmt_month", month=nip[12:14])
        if year * 12 + month - 1 > limit:
            raise _error("nip_tmt_future", when=f"{nip[12:14]}/{year}", digits="9-14")
    else:
        month, contract = None, mid
        if year > limit // 12:
            raise _error("nip_tmt_future", when=year, digits="9-12")
    age = year - birth.year
    if not MIN_AGE <= age <= MAX_AGE:
        raise _error("nip_tmt_age", age=age, birth=birth.year, year=year, min=MIN_AGE, max=MAX_AGE)
    if contract == 0:
        raise _error("nip_contract")

    if nip[14] not in "12":
        raise _error("nip_gender", digit=nip[14])
    if nip[15:] == "000":
        raise _error("nip_sequence")

    return ParsedNIP(
        nip=nip,
        birth_date=birth,
        appointment_year=year,
        appointment_month=month,
        contract_count=contract,
        gender="L" if nip[14] == "1" else "P",
        sequence=int(nip[15:]),
    )


def parse_nip_any(raw: str, *, today: date | None = None) -> ParsedNIP:
    """``raw`` as a PNS NIP or, failing that, as an NI PPPK: for inputs whose employee type is
    not known (an import row naming only the NIP).

    Raises the PPPK rule's :class:`NIPError` when both rules fail (the imports report that one).
    """
    today = today or _today()
    try:
        return parse_nip(raw, employee_type="PNS", today=today)
    except NIPError:
        return parse_nip(raw, employee_type="PPPK", today=today)


def validate_nip(value: str) -> None:
    """Model/form field validator: accept ``value`` if it passes the PNS *or* the PPPK rule.

    A field validator cannot see the employee type, so this is deliberately lenient; the
    model's ``clean()`` must call :func:`parse_nip` with the record's ``employee_type`` to
    enforce the type-specific rule. When both rules fail the PNS error is raised.
    """
    today = _today()
    try:
        parse_nip(value, employee_type="PNS", today=today)
    except NIPError as pns_error:
        try:
            parse_nip(value, employee_type="PPPK", today=today)
        except NIPError:
            raise pns_error from None


def mask_nip(nip: str) -> str:
    """Mask a NIP for public pages: keep the first 4 and last 3 digits, ``*`` for the rest.

    ``19860926 201505 1 001`` -> ``1986***********001``. Input is normalised first; values
    of 7 characters or fewer are masked completely. Never raises for malformed input.
    """
    clean = normalize_nip(nip or "")
    if len(clean) <= 7:
        return "*" * len(clean)
    return clean[:4] + "*" * (len(clean) - 7) + clean[-3:]
