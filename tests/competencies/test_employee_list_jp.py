"""The JP column of the employee list (issue 13: "the employee list shows no JP or compliance
column"): this year's JP against the target (PNS minimum 20, PPPK cap 24), from one annotation
whatever the number of rows, sortable."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.competencies.models import RecordSource
from lms.competencies.services import learning_record_create
from lms.people.models import OPD, OPDType
from lms.users.roles import Role
from tests.factories.people import EmployeeFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("pegawai:index")


def _jp(employee, jp: str, year: int) -> None:
    learning_record_create(
        employee=employee, title=f"Pelatihan {jp}", provider="BPSDM", path="klasikal",
        jenis_diklat=8, jp=Decimal(jp), start_date=datetime.date(year, 3, 1),
        end_date=datetime.date(year, 3, 2), source=RecordSource.IMPORT,
    )  # fmt: skip


@pytest.fixture
def bkpsdm(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=Role.BKPSDM))
    client.force_login(user)
    return user


def test_the_list_shows_this_years_jp_against_the_target(client, bkpsdm):
    opd = OPD.objects.create(code="9.01", name="Dinas Uji", type=OPDType.DINAS)
    year = timezone.localdate().year
    pns = EmployeeFactory(opd=opd, name="Ani Pns")
    pppk = EmployeeFactory(opd=opd, name="Budi Pppk", pppk=True)
    _jp(pns, "8.5", year)
    _jp(pns, "4", year)
    _jp(pns, "30", year - 1)  # last year: not counted
    _jp(pppk, "26", year)
    page = client.get(INDEX + f"?opd={opd.pk}").content.decode()
    assert f"JP {year}" in page
    assert "12,5 / 20" in page
    assert "26,0 / maks. 24" in page
    ordered = client.get(INDEX + f"?opd={opd.pk}&ordering=-lms_jp_year").content.decode()
    assert ordered.index("Budi Pppk") < ordered.index("Ani Pns")


def test_the_column_costs_no_query_per_row(client, bkpsdm):
    opd = OPD.objects.create(code="9.02", name="Dinas Hitung", type=OPDType.DINAS)
    year = timezone.localdate().year

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX + f"?opd={opd.pk}").status_code == 200
        return len(queries)

    _jp(EmployeeFactory(opd=opd), "3", year)
    one = count()
    for _ in range(9):
        _jp(EmployeeFactory(opd=opd), "3", year)
    assert count() == one
