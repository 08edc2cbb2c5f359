"""Turning uploaded bytes into rows of text, defensively.

The file type is decided by its content (magic bytes), never by its name: a CSV renamed to
``.xlsx`` is read as CSV and the other way round. Rejected outright (:class:`UnreadableFile`):
files over ``LMS_IMPORT_MAX_BYTES``, executables, PDF, legacy ``.xls`` and encrypted XLSX (both
OLE2 containers), other binary files, corrupted zips, zips that are not workbooks, zip bombs
(limits on the entry count, the total uncompressed size and the compression ratio are checked
from the zip directory *and* again by counting bytes while decompressing) and XML with entity
declarations (openpyxl parses through defusedxml when it is installed; see
:func:`defusedxml_active`).

Rows come out one at a time (streamed), as lists of raw cell strings; row 1 is the first row
of the file and blank rows are yielded as ``[]`` so row numbers stay true. XLSX: the first
*visible* sheet only, values read as text, the sheet's ``<dimension>`` ignored (a bogus
``A1:XFD1048576`` must not make us walk a million empty rows), at most
:data:`MAX_COLUMNS` columns. CSV: UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252 (with a note); delimiter ``,`` ``;`` or TAB chosen by which one splits the header
into known column names.
"""

import codecs
import csv
import datetime
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .report import UnreadableFile

MAX_COLUMNS = 256
SNIFF_ROWS = 10  # the header must be within the first rows; also used to pick the delimiter
_MB = 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BINARY_MAGICS = {
    b"MZ": "executable",
    b"\x7fELF": "executable",
    b"%PDF": "pdf",
    b"\x1f\x8b": "archive",
    b"Rar!": "archive",
    b"7z\xbc\xaf\x27\x1c": "archive",
    b"\x89PNG": "image",
    b"\xff\xd8\xff": "image",
    b"GIF8": "image",
}


def limit(name: str, default: int) -> int:
    """An integer limit from settings (``LMS_IMPORT_*``), with its default."""
    return int(getattr(settings, name, default))


def max_bytes() -> int:
    return limit("LMS_IMPORT_MAX_BYTES", 10 * _MB)


def max_rows() -> int:
    return limit("LMS_IMPORT_MAX_ROWS", 100_000)


def defusedxml_active() -> bool:
    """True when openpyxl parses XLSX through defusedxml (entity declarations are refused)."""
    from openpyxl.xml import DEFUSEDXML, LXML

    return DEFUSEDXML and not LXML


class FormulaCell(str):
    """An XLSX cell holding a formula (the text is the formula): never imported as a value."""

    __slots__ = ()


class ErrorCell(str):
    """An XLSX cell holding an error value such as ``#N/A`` or ``#REF!``."""

    __slots__ = ()


class CsvSyntaxError(Exception):
    """The CSV cannot be parsed from ``row`` on (e.g. a quote that is never closed)."""

    def __init__(self, row: int, detail: str) -> None:
        super().__init__(detail)
        self.row = row
        self.detail = detail


@dataclass
class SourceTable:
    """Rows of one file. ``rows`` yields every row from row 1 (blank rows as ``[]``)."""

    format: str  # "csv" or "xlsx"
    rows: Iterator[list[str]]
    notes: list[str] = field(default_factory=list)
    close: Callable[[], None] = lambda: None


def open_table(data: bytes, filename: str, known_headers: set[str]) -> SourceTable:
    """Sniff ``data`` and return its rows. ``known_headers`` (as :func:`cells.header_key`
    gives them) help to choose the CSV delimiter. Raises :class:`UnreadableFile`."""
    if len(data) > max_bytes():
        raise UnreadableFile(
            "too_big",
            _(
                "Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. Bagi data menjadi "
                "beberapa berkas."
            )
            % {"size": _mb(len(data)), "limit": _mb(max_bytes())},
        )
    if not data.strip():
        raise UnreadableFile("empty", _("Berkas kosong."))
    kind = sniff(data)
    notes: list[str] = []
    lower = filename.lower()
    if kind == "xlsx":
        if lower.endswith((".csv", ".txt")):
            notes.append(
                _("Berkas bernama %(name)s ternyata berisi XLSX; dibaca sebagai XLSX.")
                % {"name": filename}
            )
        return _open_xlsx(data, notes)
    if lower.endswith((".xlsx", ".xlsm", ".xls")):
        notes.append(
            _("Berkas bernama %(name)s ternyata berisi teks (CSV); dibaca sebagai CSV.")
            % {"name": filename}
        )
    return _open_csv(data, notes, known_headers)


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}".rstrip("0").rstrip(".")


def sniff(data: bytes) -> str:
    """Return ``"xlsx"`` or ``"csv"`` from the content, or raise :class:`UnreadableFile`."""
    head = data[:8]
    if head.startswith(OLE2_MAGIC):
        # Encrypted OOXML is an OLE2 container with an "EncryptionInfo" stream.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableFile(
                "encrypted",
                _(
                    "Berkas XLSX ini dilindungi kata sandi (terenkripsi) sehingga tidak dapat "
                    "dibaca. Buka di Excel, hapus kata sandinya (File > Info > Protect "
                    "Workbook), simpan, lalu unggah lagi."
                ),
            )
        raise UnreadableFile(
            "xls_legacy",
            _(
                "Format Excel lama (.xls) tidak didukung. Buka berkas di Excel lalu simpan "
                'sebagai "Excel Workbook (.xlsx)" atau "CSV UTF-8".'
            ),
        )
    if head.startswith(ZIP_MAGICS):
        return "xlsx"
    for magic, what in _BINARY_MAGICS.items():
        if head.startswith(magic):
            raise UnreadableFile(what if what != "archive" else "not_tabular", _wrong_type())
    sample = data[:65536]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    if controls > max(8, len(sample) // 10):
        raise UnreadableFile("binary", _wrong_type())
    return "csv"


def _wrong_type() -> str:
    return _(
        "Jenis berkas tidak dikenali: bukan CSV atau XLSX (isinya diperiksa, bukan nama "
        "berkasnya). Unggah berkas .csv (UTF-8) atau .xlsx."
    )


# --------------------------------------------------------------------------------------- XLSX


def _zip_bomb() -> UnreadableFile:
    return UnreadableFile(
        "zip_bomb",
        _(
            'Isi berkas XLSX jauh lebih besar daripada ukuran berkasnya (kemungkinan "zip '
            'bomb") atau melebihi batas %(limit)s MB setelah diekstrak; berkas ditolak.'
        )
        % {"limit": _mb(limit("LMS_IMPORT_MAX_UNCOMPRESSED_BYTES", 150 * _MB))},
    )


def _corrupt() -> UnreadableFile:
    return UnreadableFile(
        "corrupt",
        _(
            "Berkas XLSX rusak dan tidak dapat dibuka. Buka di Excel dan simpan ulang sebagai "
            ".xlsx, atau ekspor sebagai CSV UTF-8."
        ),
    )


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open ``data`` as a workbook zip after the zip-bomb checks; raise :class:`UnreadableFile`.

    Limits: ``LMS_IMPORT_MAX_ZIP_ENTRIES`` (1,000), ``LMS_IMPORT_MAX_UNCOMPRESSED_BYTES``
    (150 MB in total) and ``LMS_IMPORT_MAX_ZIP_RATIO`` (200:1 for any entry above 1 MB).
    The sizes in the zip directory can lie, so every entry is also decompressed once here
    with the bytes counted (and the CRC checked) before openpyxl sees the file.
    """
    max_entries = limit("LMS_IMPORT_MAX_ZIP_ENTRIES", 1000)
    max_total = limit("LMS_IMPORT_MAX_UNCOMPRESSED_BYTES", 150 * _MB)
    max_ratio = limit("LMS_IMPORT_MAX_ZIP_RATIO", 200)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _corrupt() from None
    names = {info.filename for info in infos}
    if len(infos) > max_entries:
        raise _zip_bomb()
    if any(info.flag_bits & 0x1 for info in infos):
        raise UnreadableFile(
            "encrypted",
            _("Berkas ini terenkripsi (berkata sandi). Hapus kata sandinya lalu unggah lagi."),
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        if "mimetype" in names and "content.xml" in names:
            message = _(
                "Berkas OpenDocument (.ods) tidak didukung. Simpan sebagai .xlsx atau CSV UTF-8."
            )
        else:
            message = _(
                "Berkas ini arsip zip tetapi bukan buku kerja Excel (.xlsx). Unggah .xlsx atau "
                ".csv."
            )
        raise UnreadableFile("not_xlsx", message)

    def too_big(size: int, compressed: int) -> bool:
        return size > _MB and size > max_ratio * max(compressed, 1)

    if sum(info.file_size for info in infos) > max_total or any(
        too_big(info.file_size, info.compress_size) for info in infos
    ):
        raise _zip_bomb()
    total = 0
    try:
        for info in infos:
            size = 0
            with archive.open(info) as handle:
                while chunk := handle.read(256 * 1024):
                    size += len(chunk)
                    total += len(chunk)
                    if total > max_total or too_big(size, info.compress_size):
                        raise _zip_bomb()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
        raise _corrupt() from None
    return archive


def _open_xlsx(data: bytes, notes: list[str]) -> SourceTable:
    from openpyxl import load_workbook

    check_zip(data).close()
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types on bad workbooks
        raise _unreadable_from(error) from None
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    if not visible:
        workbook.close()
        raise UnreadableFile(
            "no_sheet", _("Buku kerja ini tidak memiliki lembar (sheet) yang terlihat.")
        )
    sheet = visible[0]
    others = [name for name in workbook.sheetnames if name != sheet.title]
    if others:
        hidden = [s.title for s in workbook.worksheets if s.sheet_state != "visible"]
        note = _(
            'Hanya lembar pertama yang terlihat, "%(sheet)s", yang dibaca; lembar lain '
            "diabaikan: %(others)s."
        ) % {"sheet": sheet.title, "others": ", ".join(others)}
        if hidden:
            note += " " + _("Lembar tersembunyi: %(hidden)s.") % {"hidden": ", ".join(hidden)}
        notes.append(note)
    # Never trust <dimension>: a too-small one would hide rows, a huge one invites padding.
    sheet.reset_dimensions()

    def rows() -> Iterator[list[str]]:
        try:
            for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
                end = len(cells)
                while end and cells[end - 1].value is None:
                    end -= 1
                yield [_xlsx_text(cell) for cell in cells[:end]]
        except Exception as error:  # noqa: BLE001 - malformed sheet XML surfaces here, lazily
            raise _unreadable_from(error) from None

    return SourceTable("xlsx", rows(), notes, workbook.close)


def _unreadable_from(error: BaseException) -> UnreadableFile:
    """Classify an openpyxl failure; it wraps defusedxml's refusal in a ValueError."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, UnreadableFile):
            return seen
        if isinstance(seen, DefusedXmlException):
            return _entities()
        seen = seen.__cause__ or seen.__context__
    return _corrupt()


def _entities() -> UnreadableFile:
    return UnreadableFile(
        "xml_entities",
        _(
            "Berkas XLSX berisi deklarasi entitas XML yang tidak diizinkan (pola serangan "
            '"billion laughs"); berkas ditolak.'
        ),
    )


def _xlsx_text(cell) -> str:
    """One XLSX cell as text, the way the user sees it (numbers without ".0", ISO dates)."""
    value = cell.value
    if value is None:
        return ""
    data_type = getattr(cell, "data_type", None)
    if data_type == "f" or type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        return FormulaCell(getattr(value, "text", None) or str(value))
    if data_type == "e":
        return ErrorCell(str(value))
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15G")  # a NIP typed as a number shows up as 1.98609262015051E+17
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------- CSV


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode a CSV: UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1252 with a note."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise _bad_encoding() from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _bad_encoding() from None
    return text, _(
        "Berkas tidak tersimpan dalam UTF-8; dibaca sebagai Windows-1252 (ANSI). Periksa "
        'huruf beraksen dan tanda kutip pada pratinjau; sebaiknya simpan sebagai "CSV UTF-8".'
    )


def _bad_encoding() -> UnreadableFile:
    return UnreadableFile(
        "encoding",
        _('Pengodean teks berkas tidak dikenali. Simpan ulang sebagai "CSV UTF-8".'),
    )


DELIMITERS = (",", ";", "\t")


def choose_delimiter(text: str, known_headers: set[str]) -> str:
    """The delimiter that splits one of the first rows into the most known column names;
    without any known name, the one that occurs most often in the first line."""
    from .cells import header_key

    sample = text[:65536]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        score = 0
        try:
            for index, row in enumerate(reader):
                if index >= SNIFF_ROWS:
                    break
                score = max(score, len({header_key(c) for c in row} & known_headers))
        except csv.Error:
            pass
        if score > best_score:
            best, best_score = delimiter, score
    if best_score:
        return best
    first_line = sample.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in DELIMITERS}
    top = max(counts, key=lambda d: counts[d])
    return top if counts[top] else ","


def _open_csv(data: bytes, notes: list[str], known_headers: set[str]) -> SourceTable:
    text, note = decode_text(data)
    if note:
        notes.append(note)
    text = text.replace("\x00", "")
    delimiter = choose_delimiter(text, known_headers)
    if delimiter != ",":
        name = {";": _("titik koma (;)"), "\t": _("tab")}[delimiter]
        notes.append(_("Pemisah kolom yang dipakai: %(name)s.") % {"name": name})

    def rows() -> Iterator[list[str]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise CsvSyntaxError(number + 1, str(error)) from None
            number += 1
            if not any(cell.strip() for cell in row):
                row = []
            yield row[:MAX_COLUMNS]

    return SourceTable("csv", rows(), notes)
