"""What an import run produces: row-level errors, the report, and the "cannot read" exception.

The report is the contract between the import engine, the Wagtail admin upload/preview/confirm
views and ``manage.py lms_import``; keep the field names stable.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One problem in an import file.

    ``row`` is the 1-based row number as the user sees it in the file (the header row is
    usually row 1; a multi-line quoted CSV cell still counts as one row, as in Excel).
    ``column`` is the column header exactly as written in the file ("" for whole-row or
    whole-file problems). ``code`` is stable and machine-readable; ``message`` is Indonesian
    and says what is wrong and how to fix it.
    """

    row: int
    column: str
    code: str
    message: str


@dataclass
class ImportReport:
    """The outcome of one import run (dry run or commit).

    ``preview`` holds up to 50 data rows as ``{canonical column: display value}`` plus the
    key ``"_row"`` (the row number in the file, as a string) so a preview table can mark the
    rows that have errors. ``columns`` lists the canonical columns in preview order.
    ``notes`` are informational messages (ignored personal-data columns, sheet chosen,
    encoding fallback...): they never block an import. ``skipped`` are the items left out on
    purpose (e.g. unsupported question types with ``--skip-unsupported``), each worded like an
    error with its row; they are neither errors nor valid rows, and nothing of them is written.
    ``groups`` are the parts of the file the user may send to a target of their choice (e.g.
    the categories of a Moodle file, each mapped to a question bank in the preview): one dict
    per group with at least ``key`` (how the file names it), ``label`` and ``count``; the kind
    adds what its mapping form needs (:meth:`~.registry.ImportKind.mapping_form`).
    """

    kind: str
    filename: str
    total_rows: int
    valid_rows: int
    created: int
    updated: int
    errors: list[RowError]
    committed: bool
    preview: list[dict[str, str]]
    columns: list[str]
    notes: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[RowError] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file has no errors (whether or not it was committed)."""
        return not self.errors


class UnreadableFile(Exception):  # noqa: N818 - name fixed by the interface contract
    """The file cannot be read at all: wrong type, corrupt, encrypted, too big, zip bomb...

    ``code`` is machine-readable (``too_big``, ``zip_bomb``, ``xls_legacy``, ...);
    ``message`` is Indonesian and tells the user what to do.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = str(message)

    def __str__(self) -> str:
        return self.message
