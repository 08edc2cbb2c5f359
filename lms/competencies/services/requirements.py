"""Write-side operations for the catalogue and the required levels (defaults and overrides)."""

from collections.abc import Sequence

from django.db import transaction

from lms.core.imports.bulk import rows_update
from lms.people.models import Position

from ..catalogue import IT_ROLE_OVERRIDES
from ..models import Competency, DefaultRequirement, PositionRequirement


@transaction.atomic
def competency_save(*, competency: Competency) -> Competency:
    """Saves a catalogue entry with its level descriptors (the inline child rows held on the
    instance, e.g. from the admin form's ``save(commit=False)``). Validated first; atomic."""
    competency.full_clean()
    competency.save()  # a ClusterableModel commits its child relations (the five levels)
    return competency


@transaction.atomic
def default_requirement_save(*, requirement: DefaultRequirement) -> DefaultRequirement:
    """Saves the required level of a competency for a jenis jabatan. Validated first; atomic."""
    requirement.full_clean()
    requirement.save()
    return requirement


@transaction.atomic
def position_requirement_set(
    *, position: Position, competency: Competency, required_level: int
) -> PositionRequirement:
    """Sets (or changes) HR's override of a position's required level. Idempotent."""
    requirement = PositionRequirement.objects.filter(
        position=position, competency=competency
    ).first() or PositionRequirement(position=position, competency=competency)
    requirement.required_level = required_level
    requirement.full_clean()
    requirement.save()
    return requirement


@transaction.atomic
def position_it_overrides_apply(*, position: Position) -> list[PositionRequirement]:
    """For an IT position, raises the SPBE requirements to the IT floor (catalogue proposal)
    where they are lower or missing, in a constant number of queries; a higher level HR set
    stays (it runs on every save of the position, ``position_saved``).
    Idempotent; returns the requirements (none for a position that is not an IT role)."""
    if not position.is_it_role:
        return []
    competencies = Competency.objects.in_bulk(list(IT_ROLE_OVERRIDES), field_name="code")
    current = {
        requirement.competency_id: requirement
        for requirement in PositionRequirement.objects.filter(
            position=position, competency__in=list(competencies.values())
        )
    }
    creates, updates, requirements = [], [], []
    for code, level in IT_ROLE_OVERRIDES.items():
        if code not in competencies:
            continue
        requirement = current.get(competencies[code].pk)
        if requirement is None:
            requirement = PositionRequirement(position=position, competency=competencies[code])
            creates.append(requirement)
        elif requirement.required_level >= level:
            # A floor, not a ceiling: a higher level HR set for this position stays.
            requirements.append(requirement)
            continue
        else:
            updates.append(requirement)
        requirement.required_level = level
        # The position and competencies are rows just read, uniqueness holds by the read above,
        # the level's range by its choices: validating them again would cost queries per row.
        requirement.full_clean(
            exclude=["position", "competency"], validate_unique=False, validate_constraints=False
        )
        requirements.append(requirement)
    requirements_bulk_save(creates=creates, updates=updates)
    return requirements


@transaction.atomic
def requirements_bulk_save(
    *,
    creates: Sequence[PositionRequirement] = (),
    updates: Sequence[PositionRequirement] = (),
    batch_size: int = 1000,
) -> list[PositionRequirement]:
    """Writes many position requirements at once: ``creates`` are inserted, ``updates`` (with
    their pk) get their ``required_level`` written. The rows must already be valid (an import
    handler's ``clean()``, or data valid by construction); the database constraints still hold.
    No signals, no ``save()``. Atomic. Returns the created rows."""
    created = PositionRequirement.objects.bulk_create(creates, batch_size=batch_size)
    rows_update(updates, ["required_level"])
    return created
