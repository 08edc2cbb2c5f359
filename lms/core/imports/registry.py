"""The registry of import/export kinds.

``lms.core`` cannot import the apps above it, so each app registers its kinds from its
``AppConfig.ready()``; the admin views and the ``lms_import``/``lms_export`` commands only
look kinds up here.
"""

from dataclasses import dataclass
from typing import Any

from .report import ImportReport
from .table import TableHandler, export_table, run_table
from .writing import write_table

_KINDS: dict[str, "ImportKind"] = {}


@dataclass(frozen=True)
class ImportKind:
    """One kind of importable data (``opds``, ``employees``, ..., later ``questions``).

    ``run`` validates a file and, with ``commit=True`` and no errors, stores it (all or
    nothing); it raises :class:`UnreadableFile` for files it cannot read. ``export`` returns
    the data ``user`` may see (None = all) as ``"csv"`` or ``"xlsx"`` bytes that re-import
    unchanged. Non-tabular kinds subclass this and override both methods.
    """

    name: str
    label: str
    template_columns: list[str]

    def run(self, data: bytes, filename: str, *, user: Any, commit: bool) -> ImportReport:
        raise NotImplementedError

    def export(self, fmt: str, *, user: Any) -> bytes:
        raise NotImplementedError

    def template(self, fmt: str) -> bytes:
        """An empty file with just the canonical header row."""
        return write_table(fmt, self.template_columns, [], title=self.name)


@dataclass(frozen=True)
class TableImportKind(ImportKind):
    """A tabular kind driven by a :class:`TableHandler` subclass (fresh instance per run)."""

    handler_class: type[TableHandler] | None = None

    @classmethod
    def for_handler(cls, handler_class: type[TableHandler]) -> "TableImportKind":
        return cls(
            name=handler_class.name,
            label=handler_class.label,  # lazy: shown in the active language
            template_columns=handler_class.template_columns(),
            handler_class=handler_class,
        )

    def run(self, data: bytes, filename: str, *, user: Any, commit: bool) -> ImportReport:
        return run_table(self.handler_class(), data, filename, user=user, commit=commit)

    def export(self, fmt: str, *, user: Any) -> bytes:
        return export_table(self.handler_class(), fmt, user=user)


def register_kind(kind: ImportKind) -> None:
    """Register (or replace, e.g. on a second ``ready()`` call) a kind under ``kind.name``."""
    _KINDS[kind.name] = kind


def get_kind(name: str) -> ImportKind:
    """The kind called ``name``; ``KeyError`` if there is none."""
    return _KINDS[name]


def import_kinds() -> dict[str, ImportKind]:
    """All registered kinds by name (a copy)."""
    return dict(_KINDS)


def run_import(
    kind: str, data: bytes, filename: str, *, user: Any = None, commit: bool
) -> ImportReport:
    """Validate (and with ``commit=True`` store) ``data``.

    Raises ``UnreadableFile`` for a file that cannot be read, ``KeyError`` for an unknown kind.
    """
    return get_kind(kind).run(data, filename, user=user, commit=commit)


def run_export(kind: str, fmt: str, *, user: Any = None) -> bytes:
    """Export ``kind`` as ``fmt`` (``csv``/``xlsx``) scoped to ``user`` (None = everything)."""
    return get_kind(kind).export(fmt, user=user)
