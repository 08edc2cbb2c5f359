"""Non-tabular sources: files read as a sequence of items (e.g. GIFT or Moodle XML questions).

A kind describes such a source with an :class:`ItemHandler` subclass. Its :meth:`~ItemHandler.read`
turns the whole file into an :class:`ItemFile` before any query (the items, errors of the items
that could not be read, notes, how many items it saw) or raises :class:`UnreadableFile`; the
pipeline then asks the handler to :meth:`~ItemHandler.clean` each item into a
:class:`~.pipeline.Plan` and does the rest as for tables (:mod:`.pipeline`): duplicates inside
the file, counts, the dry run and the all-or-nothing commit.

An item is any object with a 1-based ``number`` (its ordinal in the file, which the report
shows as its row). ``RunContext.options`` carries the caller's settings for the run to the
reader and the checks alike.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from .pipeline import Handler, PipelineRun, Plan, RunContext, execute
from .report import ImportReport, RowError


class Item(Protocol):
    number: int


@dataclass
class ItemFile:
    """What a reader found: items, item-level errors (with their ``number`` as row), notes,
    and the number of items seen (``total``, including those that could not be read).
    ``skipped``: items the handler leaves out on purpose (worded like errors; not written,
    not counted as valid, they do not reject the run)."""

    items: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int = 0
    skipped: list[RowError] = field(default_factory=list)


class ItemHandler(Handler):
    """Describes one non-tabular source of a kind. A fresh instance serves one run.

    Subclasses set :attr:`name` and :attr:`columns` (the preview's columns) and implement
    :meth:`read`, :meth:`preview`, :meth:`clean` and :meth:`write`. Errors name columns as the
    reader does (e.g. ``questiontext``).
    """

    name: ClassVar[str]
    columns: ClassVar[tuple[str, ...]] = ()

    def read(self, data: bytes, ctx: RunContext) -> ItemFile:
        """Read the whole file (no queries); raise :class:`UnreadableFile` for a file that
        cannot be read at all."""
        raise NotImplementedError

    def preview(self, item: Item) -> dict[str, str]:
        """The item as ``{column: text}`` for the report's preview (without ``"_row"``)."""
        raise NotImplementedError

    def clean(self, item: Item, ctx: RunContext) -> Plan | None:
        """Validate one item; report problems with ``ctx.error(item.number, ...)`` and
        return None, or return its plan. Must not write to the database."""
        raise NotImplementedError


def run_items(
    handler: ItemHandler,
    data: bytes,
    filename: str,
    *,
    user: Any,
    commit: bool,
    notes: list[str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> ImportReport:
    """Run one import of an item source (see the module docstring). ``notes`` come first in
    the report (e.g. how the caller recognised the format). Raises :class:`UnreadableFile`."""
    run = PipelineRun(
        handler,
        kind=handler.name,
        filename=filename,
        user=user,
        columns=list(handler.columns),
        notes=list(notes or []),
        options=options,
    )
    read = handler.read(data, run.ctx)
    return execute(
        lambda: _run(run, read, commit=commit), kind=handler.name, user=user, commit=commit
    )


def _run(run: PipelineRun, read: ItemFile, *, commit: bool) -> ImportReport:
    handler, ctx, report = run.handler, run.ctx, run.report
    report.notes.extend(read.notes)
    ctx.add_errors(read.errors)
    report.skipped.extend(read.skipped)
    for number in range(1, read.total + 1):
        run.count(number)
    handler.prepare(ctx)
    for item in read.items:
        if run.wants_preview():
            report.preview.append({**handler.preview(item), "_row": str(item.number)})
        plan = handler.clean(item, ctx)
        run.add(item.number, plan, getattr(plan, "key", None))
    return run.conclude(
        commit=commit, order=lambda error: (error.row, error.column), conflict_row=0
    )
