"""``manage.py seed_synthetic``: arguments, exact counts, valid data, determinism, re-runs."""

import os
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lms.competencies.models import CompetencyEvidence, LearningRecord, PositionRequirement
from lms.competencies.synthetic import (
    EMAIL_DOMAIN,
    PREFIX,
    synthetic_data_clear,
    synthetic_data_replace,
)
from lms.core.nip import parse_nip
from lms.people.models import OPD, Employee, EmployeeType, OPDType, Position
from lms.people.services import employee_save, opd_save
from lms.users.models import User

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, **options) -> str:
    out = StringIO()
    call_command("seed_synthetic", *args, stdout=out, **options)
    return out.getvalue()


def synthetic_employees():
    return Employee.objects.filter(opd__code__startswith=PREFIX)


def fingerprint() -> tuple:
    """Everything a benchmark would see, independent of primary keys."""
    return (
        sorted(OPD.objects.filter(code__startswith=PREFIX).values_list("code", "name", "type")),
        sorted(
            synthetic_employees().values_list(
                "nip", "name", "gender", "employee_type", "golongan", "opd__code",
                "position__code", "email",
            )
        ),
        sorted(
            CompetencyEvidence.objects.filter(employee__opd__code__startswith=PREFIX).values_list(
                "employee__nip", "competency__code", "level", "source", "observed_on"
            )
        ),
        sorted(
            LearningRecord.objects.filter(opd__code__startswith=PREFIX).values_list(
                "employee__nip", "title", "start_date", "jp", "certificate_number"
            )
        ),
    )  # fmt: skip


# --- bad arguments first -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("--employees", "-5"),
        ("--employees", "0"),
        ("--employees", "abc"),
        ("--employees", "1.5"),
        ("--employees", "1000001"),
        ("--employees", "10", "--opds", "0"),
        ("--employees", "10", "--opds", "-1"),
        ("--employees", "10", "--seed", "x"),
        (),
    ],
)
def test_bad_arguments_are_refused_and_nothing_is_written(args):
    with pytest.raises(CommandError):
        run(*args)
    assert not Employee.objects.exists() and not OPD.objects.exists()


@pytest.mark.django_db
def test_bad_keyword_arguments_bypassing_argparse_are_refused_with_status_2():
    # call_command(opds=...) skips argparse's type check for optional arguments.
    with pytest.raises(CommandError) as error:
        run(employees=10, opds=-3)
    assert error.value.returncode == 2
    with pytest.raises(ValueError):
        synthetic_data_replace(employees=0)
    assert not OPD.objects.exists()


def test_bad_arguments_exit_with_status_2_on_the_command_line():
    """One real process (start-up costs seconds); the other bad values go through argparse in
    the tests above."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "lms.settings.test"}
    for args in (["--employees", "ten"],):
        result = subprocess.run(
            [sys.executable, "manage.py", "seed_synthetic", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 2, (args, result.stderr)
        assert "--employees" in result.stderr


@pytest.mark.django_db
def test_refused_where_demo_data_is_disabled(settings):
    settings.LMS_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError):
        run("--employees", "10")
    assert not Employee.objects.exists()


# --- what it builds ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_builds_exactly_n_employees_in_m_opds_with_accounts_and_requirements():
    output = run("--employees", "300")
    assert "300 pegawai" in output and "300 akun" in output

    top = OPD.objects.filter(code__startswith=PREFIX, parent=None)
    assert top.count() == 5  # max(5, 300 // 200)
    assert set(top.values_list("type", flat=True)) >= {
        OPDType.SEKRETARIAT_DAERAH, OPDType.SEKRETARIAT_DPRD, OPDType.INSPEKTORAT, OPDType.DINAS,
    }  # fmt: skip
    children = OPD.objects.filter(code__startswith=PREFIX, parent__isnull=False)
    assert children.exists()
    assert all(child.parent.code.startswith(PREFIX) for child in children)

    employees = synthetic_employees()
    assert employees.count() == Employee.objects.count() == 300
    assert Position.objects.filter(code__startswith=PREFIX).count() == 47
    assert PositionRequirement.objects.filter(position__code__startswith=PREFIX).count() == 27
    types = Counter(employees.values_list("employee_type", flat=True))
    assert types[EmployeeType.PNS] > types[EmployeeType.PPPK] > 0
    assert len(set(employees.values_list("nip", flat=True))) == 300

    users = User.objects.filter(employee__in=employees)
    assert users.count() == User.objects.count() == 300
    assert User.groups.through.objects.filter(user__in=users, group__name="Peserta").count() == 300
    assert not any(user.has_usable_password() for user in users)
    assert all(user.email.endswith(f"@{EMAIL_DOMAIN}") for user in users)

    with_evidence = CompetencyEvidence.objects.values("employee").distinct().count()
    assert 0.2 <= with_evidence / 300 <= 0.45
    per_employee = Counter(LearningRecord.objects.values_list("employee_id", flat=True))
    assert max(per_employee.values()) <= 4
    assert 0.5 <= len(per_employee) / 300 <= 0.95
    assert set(LearningRecord.objects.values_list("year", flat=True)) <= {2025, 2026}


@pytest.mark.django_db
def test_generated_rows_are_valid_on_a_sample():
    run("--employees", "400", "--opds", "8")
    employees = list(synthetic_employees().select_related("user", "opd", "position")[::7])
    assert len(employees) > 50
    for employee in employees:
        parsed = parse_nip(employee.nip, employee_type=employee.employee_type)
        assert parsed.gender == employee.gender
        assert employee.user.username == employee.nip == employee.user.nip
        employee.full_clean()
        employee.user.full_clean(exclude=["password"])
    for model in (CompetencyEvidence, LearningRecord, OPD, Position, PositionRequirement):
        for obj in model.objects.all()[::5][:60]:
            obj.full_clean()


@pytest.mark.django_db
def test_rerun_with_the_same_seed_replaces_cleanly_with_identical_data():
    run("--employees", "300", "--seed", "7")
    first = fingerprint()
    output = run("--employees", "300", "--seed", "7")
    assert "baris lama diganti" in output
    assert fingerprint() == first
    assert User.objects.count() == Employee.objects.count() == 300
    run("--employees", "300", "--seed", "8")
    assert fingerprint() != first


@pytest.mark.django_db
def test_the_data_does_not_depend_on_the_batch_size():
    run("--employees", "250", "--batch-size", "100")
    small_batches = fingerprint()
    run("--employees", "250")
    assert fingerprint() == small_batches


@pytest.mark.django_db
def test_rerun_with_other_sizes_and_without_accounts_replaces_everything():
    run("--employees", "300")
    run("--employees", "120", "--opds", "7", "--no-accounts")
    assert synthetic_employees().count() == 120
    assert OPD.objects.filter(code__startswith=PREFIX, parent=None).count() == 7
    assert not synthetic_employees().exclude(user=None).exists()
    assert not User.objects.exists()  # the accounts of the first run went with it


@pytest.mark.django_db
def test_real_data_is_left_alone_and_its_nips_are_never_reused():
    run("--employees", "300")
    taken = synthetic_employees().order_by("pk").first()
    synthetic_data_clear()
    opd = opd_save(opd=OPD(code="2.16.01", name="Dinas Komunikasi dan Informatika", type="dinas"))
    real = employee_save(
        employee=Employee(
            nip=taken.nip,
            name="Rina Marlina",
            gender=taken.gender,
            employee_type=taken.employee_type,
            golongan=taken.golongan,
            opd=opd,
        )
    )

    run("--employees", "300")
    run("--employees", "300")

    real.refresh_from_db()
    assert (real.opd.code, real.user.username, real.name) == ("2.16.01", taken.nip, "Rina Marlina")
    assert Employee.objects.count() == 301
    assert not synthetic_employees().filter(nip=taken.nip).exists()
    # The synthetic namesake got the next sequence number for the same birth date and TMT.
    assert synthetic_employees().filter(nip__startswith=taken.nip[:15]).exists()
