"""Write-side operations of the competencies app: the catalogue and required levels
(``requirements``), evidence and the JP ledger (``records``), and the synthetic benchmark data
(``synthetic``). Every write of the app goes through these functions."""

from .records import (
    evidence_bulk_record,
    evidence_record,
    learning_record_create,
    learning_record_prepare,
    learning_records_bulk_create,
    learning_records_bulk_update,
    learning_records_prepare,
)
from .requirements import (
    competency_save,
    default_requirement_save,
    position_it_overrides_apply,
    position_requirement_set,
    requirements_bulk_save,
)

__all__ = [
    "competency_save",
    "default_requirement_save",
    "evidence_bulk_record",
    "evidence_record",
    "learning_record_create",
    "learning_record_prepare",
    "learning_records_bulk_create",
    "learning_records_bulk_update",
    "learning_records_prepare",
    "position_it_overrides_apply",
    "position_requirement_set",
    "requirements_bulk_save",
]
