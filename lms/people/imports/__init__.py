"""Import and export of OPDs, positions (jabatan) and employees: one module per kind
(``opds``, ``positions``, ``employees``) and the shared pieces in ``common``.

Two layers:

* django-import-export ``ModelResource`` classes (:class:`OPDResource`,
  :class:`PositionResource`, :class:`EmployeeResource`) define the canonical columns and how
  each is formatted on export. Exports stream them row by row (``export_resource``) into the
  CSV/XLSX writers of ``lms.core.imports`` rather than through a tablib ``Dataset``, which
  holds the whole sheet in memory (docs/quality.md P9: 850 MB at 100k rows).
* :class:`TableHandler` subclasses (:class:`OPDImport`, :class:`PositionImport`,
  :class:`EmployeeImport`) own validation: every row is checked in memory against lookups
  loaded with a few queries, with a row-level code and Indonesian message for each problem;
  nothing is written unless the whole file is valid (``lms.core.imports.table``).

Rules worth knowing (see also docs/ for HR):

* Codes are matched exactly, then case-insensitively when that is unambiguous. A name
  (``UNOR_NAMA``, ``JABATAN_NAMA``) is used only when the code column is absent or empty, and
  only when exactly one record has that name (OPDs: among the units valid today; positions:
  among those shared or belonging to the employee's OPD or one above it). Unknown codes are
  errors: nothing is ever created implicitly.
* SIASN: ``UNOR_ID`` is preferred over ``SATUAN_KERJA_KERJA_ID`` as the OPD code (the unor is
  the employee's actual unit); give OPDs the SIASN unor ids as codes to import SIASN files
  as they are.
* A NIP that exists in another OPD is a conflict (``nip_other_opd``), never a silent move.
* Scope: an Admin OPD may only create or change records in their OPDs (and sub-units); rows
  that would touch anything else are rejected (``out_of_scope``) and logged. A row identical
  to a record the user can already see (e.g. a shared position in their own export) passes
  without being written, so a user's own export re-imports.
* Columns absent from the file leave the stored value alone; an empty cell in a present
  column clears an optional value.
* Accounts (docs/security.md): for an Admin OPD, a row that would change the NIP, name or
  e-mail of an existing account is refused (``identity_locked``, the rule of
  ``employee_identity_editable``), and so is any row for an employee whose account is staff
  (``staff_account``). New employees are created with their e-mail as before. Every identity
  change that is written is logged with old and new values and an e-mail change notifies the
  old address, as in ``employee_save``.
"""

from lms.core.imports import TableImportKind, model_permissions, register_kind

from ..models import OPD, Employee, Position
from .common import (
    PositionIndex,
    ScopedHandler,
    TextResource,
    out_of_scope_message,
    text_field,
    value_of,
)
from .employees import EmployeeImport
from .opds import OPDImport
from .positions import PositionImport

__all__ = [  # the shared pieces other apps' import kinds build on (lms.competencies.imports)
    "PositionIndex",
    "ScopedHandler",
    "TextResource",
    "out_of_scope_message",
    "register",
    "text_field",
    "value_of",
]


def register() -> None:
    """Register the people kinds with ``lms.core.imports`` (called from ``ready()``).

    Importing needs ``add`` and ``change`` of the model the kind writes, exporting ``view``
    (docs/security.md); the OPD scope then limits which rows the user may touch or see.
    """
    kinds = ((OPDImport, OPD), (PositionImport, Position), (EmployeeImport, Employee))
    for handler, model in kinds:
        register_kind(
            TableImportKind.for_handler(
                handler,
                import_permissions=model_permissions(model, "add", "change"),
                export_permissions=model_permissions(model, "view"),
            )
        )
