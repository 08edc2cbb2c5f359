"""Reactions of the competencies app to events of lower apps (connected in
CompetenciesConfig.ready; docs/architecture.md)."""

from lms.people.models import Position

from .selectors import personal_data_sections
from .services import position_it_overrides_apply


def apply_it_role_requirements(sender, position: Position, **kwargs) -> None:
    """``position_saved``: an IT position gets the SPBE requirement floor, whoever saved it
    (admin, import, demo). Runs after the position's transaction committed, in the service's
    own transaction; idempotent, and does nothing for a position that is not an IT role."""
    position_it_overrides_apply(position=position)


def personal_data(sender, user, employee, **kwargs) -> list:
    """``personal_data_requested``: the person's competency evidence and JP ledger."""
    return personal_data_sections(employee)
