"""The one import pipeline: what every kind shares once its source has been read.

A kind reads its file one of two ways (both feed this module):

* tabular: CSV/XLSX rows mapped to columns and cleaned by a :class:`~.table.TableHandler`
  (:mod:`.table`);
* items: a reader turns the file into items (e.g. GIFT or Moodle XML questions) that an
  :class:`~.items.ItemHandler` checks (:mod:`.items`).

Either way each row or item becomes a :class:`Plan` (``create``/``update``/``unchanged``) or
errors, and :class:`PipelineRun` does the rest in one place:

1. every key that occurs in more than one row or item is an error on all of them
   (``duplicate_in_file``; the handler words it, :meth:`Handler.duplicate_error`);
2. the counts (created, updated, unchanged, valid) and the sorted errors of the report;
3. the dry run (``commit=False``) returns the report and writes nothing, not even a savepoint;
   a commit happens only when there is no error at all, the handler's :meth:`Handler.write`
   (which calls services) inside one transaction (:func:`execute`); a database conflict
   while writing (another import meanwhile) rolls everything back as ``write_conflict``.
"""

import logging
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .report import ImportReport, RowError

logger = logging.getLogger("lms.imports")

PREVIEW_ROWS = 50


@dataclass
class Plan:
    """What one valid row will do. ``key`` identifies the record for duplicate detection."""

    row: int
    action: str  # "create", "update" or "unchanged"
    key: Hashable
    payload: Any = None


@dataclass
class RunContext:
    """Per-run state shared by the pipeline and the handler.

    ``options`` are the caller's settings for this run (kind-specific, e.g. from the command
    line); empty unless the caller of :func:`~.registry.run_import` passes some.
    """

    kind: str
    user: Any
    scope: frozenset[int] | None  # OPD ids the user may write; None = all
    headers: dict[str, str]  # canonical column -> header as written in the file
    errors: list[RowError] = field(default_factory=list)
    rows_with_errors: set[int] = field(default_factory=set)
    options: Mapping[str, Any] = field(default_factory=dict)

    def header(self, column: str) -> str:
        return self.headers.get(column, column)

    def error(self, row: int, column: str, code: str, message: str) -> None:
        """Record an error; ``column`` is canonical ("" for the whole row)."""
        self.errors.append(RowError(row, self.header(column) if column else "", code, str(message)))
        self.rows_with_errors.add(row)

    def add_errors(self, errors: list[RowError]) -> None:
        """Record errors a reader has already worded (columns as the reader names them)."""
        self.errors.extend(errors)
        self.rows_with_errors.update(error.row for error in errors)

    def out_of_scope(self, row: int, column: str, message: str) -> None:
        """Reject a row that touches data outside the user's OPD scope, and log it."""
        self.error(row, column, "out_of_scope", message)
        logger.warning(
            "import row outside the user's OPD scope rejected: user_id=%s kind=%s row=%s column=%s",
            getattr(self.user, "pk", None),
            self.kind,
            row,
            self.header(column),
        )

    def in_scope(self, opd_id: int | None) -> bool:
        return self.scope is None or (opd_id is not None and opd_id in self.scope)


class Handler:
    """What the pipeline asks of every kind's handler, tabular or not (fresh one per run)."""

    def scope_ids(self, user: Any) -> frozenset[int] | None:
        """OPD ids ``user`` may import into (None = all). Apps override this with their
        scope selector; the default refuses everything, so a forgotten override is safe."""
        return frozenset()

    def prepare(self, ctx: RunContext) -> None:
        """Load the lookups needed to validate rows (a few queries, no writes)."""

    def finish(self, plans: list[Plan], ctx: RunContext) -> None:
        """Checks that need every row (e.g. a parent defined further down the file)."""

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        """Apply the plans through services; runs inside a transaction, only without errors."""
        raise NotImplementedError

    def duplicate_error(self, row: int, others: str) -> tuple[str, str]:
        """(column, message) of the error on ``row``, whose key also occurs on rows
        ``others`` (a comma-separated list)."""
        return "", _(
            "Data ini muncul lebih dari sekali dalam berkas (juga di baris %(rows)s). "
            "Sisakan satu baris saja."
        ) % {"rows": others}

    def notes(self) -> list[str]:
        """Notes gathered while checking (e.g. text removed by sanitising), for the report."""
        return []

    def groups(self) -> list[dict]:
        """The parts of the file a user may map to targets (``ImportReport.groups``)."""
        return []

    def empty_note(self) -> str:
        """The note of a file without a single row or item."""
        return _("Berkas tidak berisi baris data; tidak ada yang diimpor.")


class PipelineRun:
    """The bookkeeping of one run: report, plans, keys; then duplicates, counts and commit."""

    def __init__(
        self,
        handler: Handler,
        *,
        kind: str,
        filename: str,
        user: Any,
        columns: list[str],
        notes: list[str],
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.handler = handler
        scope = None if user is None else handler.scope_ids(user)
        self.ctx = RunContext(
            kind=kind, user=user, scope=scope, headers={}, options=dict(options or {})
        )
        self.report = ImportReport(
            kind=kind,
            filename=filename,
            total_rows=0,
            valid_rows=0,
            created=0,
            updated=0,
            errors=self.ctx.errors,
            committed=False,
            preview=[],
            columns=columns,
            notes=notes,
        )
        self.plans: list[Plan] = []
        self.keys: dict[Hashable, list[int]] = {}
        self.numbers: set[int] = set()

    def wants_preview(self) -> bool:
        return len(self.report.preview) < PREVIEW_ROWS

    def count(self, number: int) -> None:
        """Row or item ``number`` was seen (whether or not it could be read)."""
        self.numbers.add(number)
        self.report.total_rows = len(self.numbers)

    def add(self, number: int, plan: Plan | None, key: Hashable | None) -> None:
        """The outcome of one row or item: its plan (None when it has errors) and its key."""
        self.count(number)
        if plan is not None:
            self.plans.append(plan)
        if key is not None:
            self.keys.setdefault(key, []).append(number)

    def conclude(
        self, *, commit: bool, order: Callable[[RowError], Any], conflict_row: int
    ) -> ImportReport:
        """Duplicates, counts and sorted errors; then, for a commit without errors, the write.

        ``order`` sorts the errors within the report; ``conflict_row`` is where a write
        conflict is reported (the header row of a table).
        """
        handler, ctx, report = self.handler, self.ctx, self.report
        self._report_duplicates()
        handler.finish(self.plans, ctx)
        good = [plan for plan in self.plans if plan.row not in ctx.rows_with_errors]
        skipped = {item.row for item in report.skipped}
        report.valid_rows = len(self.numbers - ctx.rows_with_errors - skipped)
        report.created = sum(plan.action == "create" for plan in good)
        report.updated = sum(plan.action == "update" for plan in good)
        report.unchanged = sum(plan.action == "unchanged" for plan in good)
        report.notes.extend(handler.notes())
        report.groups = handler.groups()
        ctx.errors.sort(key=order)
        if report.total_rows == 0 and not ctx.errors:
            report.notes.append(handler.empty_note())
        if ctx.errors or not commit:
            return report
        try:
            with transaction.atomic():
                handler.write(good, ctx)
        except IntegrityError:
            logger.exception("import write conflict: kind=%s file=%r", ctx.kind, report.filename)
            ctx.error(
                conflict_row,
                "",
                "write_conflict",
                _(
                    "Data berubah saat impor sedang disimpan (mis. impor lain berjalan "
                    "bersamaan); tidak ada yang disimpan. Ulangi impor."
                ),
            )
            return report
        report.committed = True
        return report

    def _report_duplicates(self) -> None:
        for rows in self.keys.values():
            if len(rows) < 2:
                continue
            for row in rows:
                others = ", ".join(str(other) for other in rows if other != row)
                column, message = self.handler.duplicate_error(row, others)
                self.ctx.error(row, column, "duplicate_in_file", message)


def execute(run: Callable[[], ImportReport], *, kind: str, user: Any, commit: bool) -> ImportReport:
    """``run()`` as a dry run (no transaction, nothing written) or, with ``commit``, inside
    one transaction rolled back unless the report says committed; logs a commit."""
    if commit:
        with transaction.atomic():
            report = run()
            if not report.committed:
                transaction.set_rollback(True)
    else:
        report = run()
    if report.committed:
        logger.info(
            "import committed: user_id=%s kind=%s file=%r rows=%s created=%s updated=%s",
            getattr(user, "pk", None),
            kind,
            report.filename,
            report.total_rows,
            report.created,
            report.updated,
        )
    return report
