"""Import and export kinds of the competencies app, one module per kind: ``requirements``
(position requirements) and ``training-records`` (the JP ledger).

Same two layers as ``lms.people.imports``: django-import-export ``ModelResource`` classes for
the canonical columns and export formatting, and :class:`TableHandler` subclasses that validate
every row in memory and write all or nothing through the app's bulk services.

Permissions (docs/security.md): ``requirements`` needs add and change of position requirements
to import and view to export; ``training-records`` needs add of learning records to import (the
JP ledger is append-only and nobody holds "change" on it: a re-import only corrects lines that
an import wrote, the same power as adding a line) and view to export.
"""

from lms.core.imports import TableImportKind, model_permissions, register_kind

from ..models import LearningRecord, PositionRequirement
from .requirements import PositionRequirementResource, RequirementImport
from .training_records import LearningRecordResource, TrainingRecordImport, own_employee_ids


def register() -> None:
    """Register the competency kinds with ``lms.core.imports`` (called from ``ready()``);
    the permissions of each are in the module doc."""
    register_kind(
        TableImportKind.for_handler(
            RequirementImport,
            import_permissions=model_permissions(PositionRequirement, "add", "change"),
            export_permissions=model_permissions(PositionRequirement, "view"),
        )
    )
    register_kind(
        TableImportKind.for_handler(
            TrainingRecordImport,
            import_permissions=model_permissions(LearningRecord, "add"),
            export_permissions=model_permissions(LearningRecord, "view"),
        )
    )


__all__ = [
    "LearningRecordResource",
    "PositionRequirementResource",
    "RequirementImport",
    "TrainingRecordImport",
    "own_employee_ids",
    "register",
]
