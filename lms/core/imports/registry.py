"""The registry of import/export kinds, and who may use each of them.

``lms.core`` cannot import the apps above it, so each app registers its kinds from its
``AppConfig.ready()``; the admin views and the ``lms_import``/``lms_export`` commands only
look kinds up here.

Every kind declares the model permissions it needs (docs/security.md): ``import_permissions``
(``add`` and ``change`` of the models the kind writes) and ``export_permissions`` (``view`` of
the models it reads). :func:`run_import` and :func:`run_export` refuse a user who lacks them
(:class:`KindNotAllowed`), so every caller (admin screens, commands, later an API) is held to
the same rule; ``user=None`` is the operator at the command line acting as the system. A kind
that declares nothing may be used by superusers only, so a forgotten declaration is safe.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ..audit.actions import AuditAction
from ..audit.services import audit_actor_opd, audit_record
from .report import ImportReport
from .table import TableHandler, export_table, run_table
from .writing import write_table

_KINDS: dict[str, "ImportKind"] = {}


class KindNotAllowed(PermissionDenied):  # noqa: N818 - a PermissionDenied, read as a sentence
    """``user`` may not import (or export) this kind; nothing was read or written."""

    def __init__(self, kind: "ImportKind", action: str, permissions: tuple[str, ...]) -> None:
        self.kind = kind.name
        self.action = action
        self.permissions = permissions
        if action == "import":
            message = _(
                'Anda tidak berhak mengimpor data "%(kind)s". Izin yang dibutuhkan: %(perms)s.'
            )
        else:
            message = _(
                'Anda tidak berhak mengekspor data "%(kind)s". Izin yang dibutuhkan: %(perms)s.'
            )
        self.message = message % {
            "kind": kind.name,
            "perms": ", ".join(permissions) or _("superuser"),
        }
        super().__init__(self.message)


def model_permissions(model: type[Model], *actions: str) -> tuple[str, ...]:
    """``("app_label.add_model", ...)`` for ``actions`` of ``model`` (Django's default names)."""
    meta = model._meta
    return tuple(f"{meta.app_label}.{action}_{meta.model_name}" for action in actions)


def has_permissions(user: Any, permissions: Iterable[str]) -> bool:
    """True for an active superuser, or an active user holding every one of ``permissions``.

    An empty ``permissions`` admits superusers only.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    permissions = tuple(permissions)
    return bool(permissions) and user.has_perms(permissions)


@dataclass(frozen=True)
class ImportKind:
    """One kind of importable data (``opds``, ``employees``, ..., later ``questions``).

    ``run`` validates a file and, with ``commit=True`` and no errors, stores it (all or
    nothing); it raises :class:`UnreadableFile` for files it cannot read. ``options`` are the
    caller's settings for the run (kind-specific; None = none), handed to the pipeline in
    ``RunContext.options``. ``export`` returns
    the data ``user`` may see (None = all) as ``"csv"`` or ``"xlsx"`` bytes that re-import
    unchanged. Non-tabular kinds subclass this and override both methods. Neither checks
    permissions: call them through :func:`run_import` and :func:`run_export`, which do.

    ``import_permissions`` / ``export_permissions`` are ``"app_label.codename"`` strings the
    user must all hold (see the module doc); :meth:`can_import` / :meth:`can_export` answer
    for one user.
    """

    name: str
    label: str
    template_columns: list[str]
    import_permissions: tuple[str, ...] = ()
    export_permissions: tuple[str, ...] = ()

    def can_import(self, user: Any) -> bool:
        """``user`` may upload, preview and confirm files of this kind (and get its template)."""
        return has_permissions(user, self.import_permissions)

    def can_export(self, user: Any) -> bool:
        """``user`` may download this kind's data (within their scope)."""
        return has_permissions(user, self.export_permissions)

    def check_import(self, user: Any) -> None:
        """Raise :class:`KindNotAllowed` unless ``user`` is None (system) or may import."""
        if user is not None and not self.can_import(user):
            raise KindNotAllowed(self, "import", self.import_permissions)

    def check_export(self, user: Any) -> None:
        """Raise :class:`KindNotAllowed` unless ``user`` is None (system) or may export."""
        if user is not None and not self.can_export(user):
            raise KindNotAllowed(self, "export", self.export_permissions)

    def next_steps(self, user: Any) -> list[tuple[str, str]]:
        """(label, URL) of what ``user`` may do next, offered on the page of a finished import
        (employees: invite the new ones to activate their accounts). None by default."""
        return []

    def option_fields(self, user: Any) -> dict[str, Any]:
        """Form fields (``{option name: django.forms.Field}``) the admin upload form offers
        ``user`` for this kind's options; their cleaned values are the run's ``options``
        (JSON values: they are staged until the confirmation). None by default."""
        return {}

    def check_options(self, options: Mapping[str, Any] | None) -> dict[str, Any]:
        """``options`` checked and normalised for :meth:`run`; raises ``ValidationError``
        (Indonesian) for a value the kind refuses. Callers (the command, the admin form)
        check before the file is read; :func:`run_import` checks again. This default
        accepts none: a kind without options refuses any that is set."""
        given = sorted(name for name, value in (options or {}).items() if value)
        if given:
            raise ValidationError(
                _('Pilihan %(names)s tidak berlaku untuk impor "%(kind)s".')
                % {
                    "names": ", ".join("--" + name.replace("_", "-") for name in given),
                    "kind": self.name,
                },
                code="bad_option",
            )
        return {}

    def mapping_form(
        self,
        user: Any,
        report: ImportReport,
        data: Any = None,
        options: Mapping[str, Any] | None = None,
    ) -> Any:
        """The preview's form that sends each of ``report.groups`` to a target ``user`` may
        write to (a ``django.forms.Form`` bound to ``data`` when given; ``options``: the
        staged run's, for initial values), or None: the kind has no mapping. Its valid
        result becomes options (:meth:`mapping_options`)."""
        return None

    def mapping_options(self, form: Any) -> dict[str, Any]:
        """The run options (JSON values) a valid :meth:`mapping_form` stands for."""
        return {}

    def run(
        self,
        data: bytes,
        filename: str,
        *,
        user: Any,
        commit: bool,
        options: Mapping[str, Any] | None = None,
    ) -> ImportReport:
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
    def for_handler(
        cls,
        handler_class: type[TableHandler],
        *,
        import_permissions: tuple[str, ...] = (),
        export_permissions: tuple[str, ...] = (),
    ) -> "TableImportKind":
        return cls(
            name=handler_class.name,
            label=handler_class.label,  # lazy: shown in the active language
            template_columns=handler_class.template_columns(),
            import_permissions=tuple(import_permissions),
            export_permissions=tuple(export_permissions),
            handler_class=handler_class,
        )

    def next_steps(self, user: Any) -> list[tuple[str, str]]:
        return self.handler_class.next_steps(user)

    def run(
        self,
        data: bytes,
        filename: str,
        *,
        user: Any,
        commit: bool,
        options: Mapping[str, Any] | None = None,
    ) -> ImportReport:
        return run_table(
            self.handler_class(), data, filename, user=user, commit=commit, options=options
        )

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


def kinds_for(user: Any) -> dict[str, ImportKind]:
    """The kinds ``user`` may import or export, by name (registration order)."""
    return {
        name: kind
        for name, kind in _KINDS.items()
        if kind.can_import(user) or kind.can_export(user)
    }


def run_import(
    kind: str,
    data: bytes,
    filename: str,
    *,
    user: Any = None,
    commit: bool,
    options: Mapping[str, Any] | None = None,
) -> ImportReport:
    """Validate (and with ``commit=True`` store) ``data`` as ``user`` (None = the system),
    with the kind-specific ``options`` of the run (None = none).

    Raises :class:`KindNotAllowed` (a ``PermissionDenied``) before reading anything when
    ``user`` may not import ``kind``, ``UnreadableFile`` for a file that cannot be read,
    ``KeyError`` for an unknown kind, ``ValidationError`` for options the kind refuses
    (:meth:`ImportKind.check_options`).

    A commit writes one audit entry in its transaction (``IMPORTED``, or ``IMPORT_REFUSED``
    when errors stopped it): file name, SHA-256, row counts, the importer's OPD. A run (dry or
    not) with rows outside the user's OPD scope writes one ``ACCESS_DENIED`` entry.
    """
    import_kind = get_kind(kind)
    import_kind.check_import(user)
    options = import_kind.check_options(options)
    if not commit:
        report = import_kind.run(data, filename, user=user, commit=False, options=options)
        _audit_out_of_scope(import_kind, data, report, user=user)
        return report
    with transaction.atomic():
        report = import_kind.run(data, filename, user=user, commit=True, options=options)
        _audit_out_of_scope(import_kind, data, report, user=user)
        _audit_import(import_kind, data, report, user=user, options=options)
    return report


def _audit_out_of_scope(kind: ImportKind, data: bytes, report: ImportReport, *, user: Any) -> None:
    """One ``ACCESS_DENIED`` entry for a run whose rows touched another OPD's data (each row
    refused and logged by the pipeline, ``RunContext.out_of_scope``): the rows, the file."""
    rows = sorted({error.row for error in report.errors if error.code == "out_of_scope"})
    if not rows:
        return
    audit_record(
        AuditAction.ACCESS_DENIED,
        actor=user,
        object_type=kind.name,
        object_label=str(kind.label),
        opd=audit_actor_opd(user),
        details={
            "view": "import",
            "asked_for": "rows outside the OPD scope",
            "file": report.filename,
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": rows[:50],
            "count": len(rows),
        },
    )


def _audit_import(
    kind: ImportKind, data: bytes, report: ImportReport, *, user: Any, options: Mapping[str, Any]
) -> None:
    """One audit entry per confirmed import (docs/security.md, "Audit log"), in the import's
    transaction: ``IMPORTED`` when it was stored, ``IMPORT_REFUSED`` ("ditolak") when the
    confirmation found errors and wrote nothing (the data changed since the preview, an H5P
    package the checks refused). A file that cannot be read at all raises before this."""
    committed = report.committed and report.ok
    audit_record(
        AuditAction.IMPORTED if committed else AuditAction.IMPORT_REFUSED,
        actor=user,
        object_type=kind.name,
        object_label=str(kind.label),
        opd=audit_actor_opd(user),
        details={
            "outcome": "disimpan" if committed else "ditolak",
            "file": report.filename,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "rows": report.total_rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": len(report.skipped),
            "errors": len(report.errors),
            "error_codes": sorted({error.code for error in report.errors})[:10],
            "options": {name: value for name, value in options.items() if value},
        },
    )


def run_export(kind: str, fmt: str, *, user: Any = None) -> bytes:
    """Export ``kind`` as ``fmt`` (``csv``/``xlsx``) scoped to ``user`` (None = everything).

    Raises :class:`KindNotAllowed` when ``user`` may not export ``kind``. Writes one audit
    entry (``EXPORTED``: kind, format, size) for the admin screen and ``lms_export`` alike.
    """
    export_kind = get_kind(kind)
    export_kind.check_export(user)
    content = export_kind.export(fmt, user=user)
    audit_record(
        AuditAction.EXPORTED,
        actor=user,
        object_type=export_kind.name,
        object_label=str(export_kind.label),
        opd=audit_actor_opd(user),
        details={"kind": export_kind.name, "format": fmt, "size": len(content)},
    )
    return content
