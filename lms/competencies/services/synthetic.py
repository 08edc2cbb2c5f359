"""Writes of the synthetic benchmark data set (``lms.competencies.synthetic`` generates it).

Every synthetic row is marked: OPD and position codes start with :data:`PREFIX`, accounts use
the e-mail domain :data:`EMAIL_DOMAIN`; :func:`synthetic_data_clear` removes exactly those.
The create services insert rows that are valid by construction in bulk (no ``full_clean`` per
row, no signals, no ``save()``): the generator checks a sample, and
``tests/competencies/test_seed_synthetic.py`` a larger one. Run them inside the generator's
transaction.
"""

from collections.abc import Iterator, Sequence

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Model

from lms.people.models import OPD, Employee, Position
from lms.users.models import User

from ..models import CompetencyEvidence, LearningRecord, PositionRequirement

PREFIX = "SYN-"
EMAIL_DOMAIN = "sintetis.contoh.go.id"
BATCH_SIZE = 5_000


def _inserted(model: type[Model], objs: Sequence[Model], key: str) -> list:
    """``bulk_create`` with the pks set: backends without RETURNING leave them unset, so they
    are looked up by the unique ``key``."""
    objs = model.objects.bulk_create(objs)
    if not objs or objs[0].pk is not None:
        return objs
    pks = dict(
        model.objects.filter(**{f"{key}__in": [getattr(o, key) for o in objs]}).values_list(
            key, "pk"
        )
    )
    for obj in objs:
        obj.pk = pks[getattr(obj, key)]
    return objs


@transaction.atomic
def synthetic_opds_create(*, opds: Sequence[OPD]) -> list[OPD]:
    """Inserts synthetic OPDs (parents before their children, in separate calls)."""
    return _inserted(OPD, opds, "code")


@transaction.atomic
def synthetic_positions_create(*, positions: Sequence[Position]) -> list[Position]:
    return _inserted(Position, positions, "code")


@transaction.atomic
def synthetic_accounts_create(*, users: Sequence[User], group: Group) -> list[User]:
    """Inserts login accounts (unusable passwords) and puts each in ``group``."""
    users = _inserted(User, users, "username")
    through = User.groups.through
    through.objects.bulk_create([through(user_id=user.pk, group_id=group.pk) for user in users])
    return users


@transaction.atomic
def synthetic_employees_create(*, employees: Sequence[Employee]) -> list[Employee]:
    return _inserted(Employee, employees, "nip")


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@transaction.atomic
def synthetic_data_clear(*, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Deletes every synthetic row (``SYN-`` OPDs and positions, their employees, the employees'
    accounts and accounts of the synthetic e-mail domain). Returns counts per kind. Atomic."""
    synthetic_opds = OPD.objects.filter(code__startswith=PREFIX)
    employees = Employee.objects.filter(opd__code__startswith=PREFIX)
    employee_ids = list(employees.values_list("pk", flat=True))
    user_ids = sorted(
        set(employees.exclude(user=None).values_list("user_id", flat=True))
        | set(User.objects.filter(email__iendswith=f"@{EMAIL_DOMAIN}").values_list("pk", flat=True))
    )
    removed = {"records": 0, "evidence": 0, "employees": 0, "accounts": 0}
    removed["records"] += LearningRecord.objects.filter(opd__code__startswith=PREFIX).delete()[0]
    for chunk in _chunks(employee_ids, batch_size):
        removed["records"] += LearningRecord.objects.filter(employee_id__in=chunk).delete()[0]
        removed["evidence"] += CompetencyEvidence.objects.filter(employee_id__in=chunk).delete()[0]
        removed["employees"] += (
            Employee.objects.filter(pk__in=chunk).delete()[1].get(Employee._meta.label, 0)
        )
    for chunk in _chunks(user_ids, batch_size):
        removed["accounts"] += (
            User.objects.filter(pk__in=chunk).delete()[1].get(User._meta.label, 0)
        )
    positions = Position.objects.filter(code__startswith=PREFIX)
    removed["requirements"] = PositionRequirement.objects.filter(position__in=positions).delete()[0]
    removed["positions"] = positions.delete()[0]
    synthetic_opds.update(parent=None)
    removed["opds"] = synthetic_opds.delete()[1].get(OPD._meta.label, 0)
    return removed
