"""Factories for OPDs, positions and employees. Every NIP they make is structurally valid.

``EmployeeFactory`` saves through ``employee_save``, so each employee also gets its account
(username = NIP, Peserta role, unusable password), exactly as in the product.
"""

import datetime

import factory

from lms.people.models import OPD, Employee, EmployeeType, JenisJabatan, OPDType, Position
from lms.people.services import employee_save


def pns_nip(n: int, *, gender: int | None = None) -> str:
    """The n-th distinct valid PNS NIP (``YYYYMMDD YYYYMM G NNN``)."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n % 9000)
    gender = gender or 1 + n % 2
    return f"{birth:%Y%m%d}{birth.year + 25}{n % 12 + 1:02d}{gender}{n // 9000 % 999 + 1:03d}"


def pppk_nip(n: int, *, gender: int | None = None) -> str:
    """The n-th distinct valid NI PPPK (``YYYYMMDD YYYY CC G NNN``, contract 01-99)."""
    birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=n % 9000)
    gender = gender or 1 + n % 2
    return f"{birth:%Y%m%d}{2021 + n % 4}{n % 20 + 1:02d}{gender}{n // 9000 % 999 + 1:03d}"


class OPDFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OPD
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"OPD{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    type = OPDType.DINAS


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"JAB{n:03d}")
    name = factory.Sequence(lambda n: f"Analis Contoh {n}")
    jenis_jabatan = JenisJabatan.PELAKSANA
    opd = None


class EmployeeFactory(factory.django.DjangoModelFactory):
    """A PNS by default; ``EmployeeFactory(pppk=True)`` makes a PPPK with a NI PPPK."""

    class Meta:
        model = Employee
        skip_postgeneration_save = True

    class Params:
        pppk = factory.Trait(
            nip=factory.Sequence(lambda n: pppk_nip(n + 500)),
            employee_type=EmployeeType.PPPK,
            golongan="IX",
        )

    nip = factory.Sequence(lambda n: pns_nip(n + 500))
    name = factory.Faker("name", locale="id_ID")
    gender = factory.LazyAttribute(lambda e: "L" if e.nip[14] == "1" else "P")
    employee_type = EmployeeType.PNS
    golongan = "III/a"
    opd = factory.SubFactory(OPDFactory)
    position = None
    email = factory.Sequence(lambda n: f"pegawai{n}@contoh.go.id")
    is_active = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return employee_save(employee=model_class(*args, **kwargs))
