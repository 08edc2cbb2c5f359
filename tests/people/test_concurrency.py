"""Two HR officers saving the same new employee at the same moment: one record, one account."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection

from lms.people.models import OPD, Employee, EmployeeType, OPDType
from lms.people.services import employee_save
from lms.users.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_creation_of_one_nip_yields_one_employee_and_one_account():
    assert connection.vendor == "postgresql"
    opd = OPD.objects.create(code="2.16", name="Diskominfo", type=OPDType.DINAS)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def save() -> None:
        close_old_connections()
        try:
            barrier.wait()
            employee_save(
                employee=Employee(
                    nip="199003142019032007",
                    name="Rina Marlina",
                    gender="P",
                    employee_type=EmployeeType.PNS,
                    opd_id=opd.pk,
                )
            )
            outcomes.append("saved")
        except (IntegrityError, ValidationError):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 7 + ["saved"]
    assert Employee.objects.count() == 1
    assert User.objects.filter(nip="199003142019032007").count() == 1
    assert Employee.objects.get().user.nip == "199003142019032007"
