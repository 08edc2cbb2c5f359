"""``manage.py lms_import`` and ``lms_export``: output and exit codes (docs/interfaces.md)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lms.people.models import Employee

from .conftest import EMPLOYEE_HEADER, counts, csv_bytes, employee_row, xlsx_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_import_dry_run_is_exit_0_and_writes_nothing(org, new_nips, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes([EMPLOYEE_HEADER] + [employee_row(n) for n in new_nips(2)]))
    before = counts()
    code, out, _err = run("lms_import", "employees", str(path))
    assert code == 0
    assert counts() == before
    assert (
        out.strip()
        .splitlines()[-1]
        .startswith("Ringkasan employees: 2 baris data, 2 valid, 0 galat")
    )
    assert "--commit" in out


def test_import_commit_is_exit_0_and_writes(org, new_nips, tmp_path):
    nips = new_nips(2)
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(xlsx_bytes([EMPLOYEE_HEADER] + [employee_row(n) for n in nips]))
    code, out, _err = run("lms_import", "employees", str(path), "--commit")
    assert code == 0, out
    assert Employee.objects.filter(nip__in=nips).count() == 2
    assert "2 baru" in out and "disimpan" in out


def test_import_rejected_is_exit_1_with_tab_separated_lines(org, new_nips, tmp_path):
    a, b = new_nips(2)
    path = tmp_path / "pegawai.csv"
    path.write_bytes(
        csv_bytes(
            [
                EMPLOYEE_HEADER,
                employee_row(a),
                employee_row("1.98501E+17"),
                employee_row(b, opd="NOPE"),
            ]
        )
    )
    before = counts()
    code, out, _err = run("lms_import", "employees", str(path), "--commit")
    assert code == 1
    assert counts() == before
    lines = out.strip().splitlines()
    assert [line.split("\t")[:3] for line in lines[:-1]] == [
        ["3", "nip", "nip_scientific"],
        ["4", "opd_code", "unknown_opd"],
    ]
    assert all(len(line.split("\t")) == 4 for line in lines[:-1])
    assert "ditolak" in lines[-1]


def test_import_notes_go_to_stderr(org, new_nips, tmp_path):
    path = tmp_path / "siasn.csv"
    path.write_bytes(
        csv_bytes([[*EMPLOYEE_HEADER, "NIK"], [*employee_row(new_nips(1)[0]), "3171"]])
    )
    code, out, err = run("lms_import", "employees", str(path))
    assert code == 0
    assert "NIK" in err and "NIK" not in out


def test_import_as_applies_the_scope(org, new_nips, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes([EMPLOYEE_HEADER, employee_row(new_nips(1)[0], opd="DISDIK")]))
    code, out, _err = run("lms_import", "employees", str(path), "--commit", "--as", org.admin_a.nip)
    assert code == 1
    assert out.splitlines()[0].split("\t")[:3] == ["2", "opd_code", "out_of_scope"]
    spaced = f"{org.bkpsdm.nip[:8]} {org.bkpsdm.nip[8:]}"
    assert run("lms_import", "employees", str(path), "--commit", "--as", spaced)[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("lms_import", "unknown-kind", "FILE"),
        ("lms_import", "employees", "/nonexistent/pegawai.csv"),
        ("lms_import", "employees", "FILE", "--as", "198501012010011999"),
        ("lms_import", "employees", "BINARY"),
        ("lms_export", "unknown-kind", "--format", "csv", "--output", "OUT"),
        ("lms_export", "employees", "--format", "csv", "--output", "/nonexistent/dir/x.csv"),
        ("lms_export", "employees", "--format", "csv", "--output", "OUT", "--as", "1985"),
    ],
)
def test_bad_arguments_and_unreadable_files_are_exit_2(org, tmp_path, args):
    good = tmp_path / "pegawai.csv"
    good.write_bytes(csv_bytes([EMPLOYEE_HEADER]))
    binary = tmp_path / "pegawai.xlsx"
    binary.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    replace = {"FILE": str(good), "BINARY": str(binary), "OUT": str(tmp_path / "out.csv")}
    code, _out, err = run(*[replace.get(a, a) for a in args])
    assert code == 2, err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_atomically_and_round_trips(org, tmp_path, fmt):
    output = tmp_path / f"pegawai.{fmt}"
    output.write_bytes(b"old content")
    code, out, _err = run("lms_export", "employees", "--format", fmt, "--output", str(output))
    assert code == 0 and out.strip() == str(output)
    assert output.read_bytes() != b"old content"
    assert [p.name for p in tmp_path.iterdir()] == [output.name]  # no temporary file left
    code, out, _err = run("lms_import", "employees", str(output), "--commit")
    assert code == 0 and "0 baru, 0 diubah, 2 tetap" in out


def test_export_as_a_scoped_user(org, tmp_path):
    output = tmp_path / "pegawai.csv"
    assert (
        run(
            "lms_export",
            "employees",
            "--format",
            "csv",
            "--output",
            str(output),
            "--as",
            org.admin_a.nip,
        )[0]
        == 0
    )
    text = output.read_text(encoding="utf-8-sig")
    assert org.siti.nip in text and org.agus.nip not in text


def test_a_failed_export_leaves_the_old_file_and_no_temporary(org, tmp_path, monkeypatch):
    from lms.core import files

    output = tmp_path / "pegawai.csv"
    output.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)  # lms.core.files.atomic_output
    code, _out, err = run("lms_export", "employees", "--format", "csv", "--output", str(output))
    assert code == 2 and "No space left" in err
    assert output.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["pegawai.csv"]


def test_an_unknown_kind_exits_with_status_2():
    code, _out, _err = run("lms_import", "nope", "x.csv")
    assert code == 2


def test_real_process_exit_codes(tmp_path):
    """Exit statuses of the real process (no database needed for these paths)."""
    binary = tmp_path / "x.xlsx"
    binary.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"}

    def status(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    # Three real processes (each costs seconds of start-up); an unknown kind is checked through
    # call_command above. Missing arguments only give 2 in a real process (argparse).
    result = status("lms_import", "employees", str(binary))
    assert result.returncode == 2 and "xls_legacy" in result.stderr
    assert status("lms_import").returncode == 2
    assert status("lms_export", "employees", "--format", "pdf", "--output", "x").returncode == 2


# --- --as checks the kind's permissions (issue 8, hole 3) ------------------------------------

RECORD_HEAD = ["nip", "title", "provider", "path", "jenis_diklat", "jp", "start_date", "end_date"]


def jp_row(nip: str) -> list[str]:
    return [nip, "Diklat", "BPSDM", "klasikal", "8", "40", "2026-02-02", "2026-02-06"]


REFUSED_FOR_ADMIN_OPD = {
    "opds": [["code", "name", "type", "parent_code"], ["PKM02", "Puskesmas 2", "UPTD", "DINKES"]],
    "positions": [
        ["code", "name", "jenis_jabatan", "opd_code"],
        ["JF-X", "Analis", "pelaksana", "DINKES"],
    ],
    "requirements": [
        ["position_code", "competency_code", "required_level"],
        ["JF-PK", "LD.01", "4"],
    ],
    "questions": [
        ["competency_code", "level", "type", "text", "correct"],
        ["SP.01", "2", "true_false", "SPBE itu penting.", "benar"],
    ],
}


@pytest.mark.parametrize("kind", [*REFUSED_FOR_ADMIN_OPD, "training-records"])
def test_import_as_an_account_without_the_kinds_permissions_is_refused(org, tmp_path, kind):
    rows = REFUSED_FOR_ADMIN_OPD.get(kind) or [RECORD_HEAD, jp_row(org.siti.nip)]
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(csv_bytes(rows))
    before = counts()
    code, out, err = run("lms_import", kind, str(path), "--commit", "--as", org.admin_a.nip)
    assert code == 2, out
    assert "Ditolak" in err and "tidak berhak mengimpor" in err and org.admin_a.nip in err
    assert counts() == before and out == ""
    # The operator (no --as) acts as the system: the same file is valid.
    assert run("lms_import", kind, str(path))[0] == 0


def test_export_as_an_account_without_view_permission_is_refused(org, tmp_path):
    from tests.factories.assessments import make_bank, single_choice

    single_choice(make_bank(), 1)
    output = tmp_path / "soal.csv"
    args = ("lms_export", "questions", "--format", "csv", "--output", str(output))
    code, _out, err = run(*args, "--as", org.admin_a.nip)
    assert code == 2 and "tidak berhak mengekspor" in err
    assert not output.exists()
    assert run(*args, "--as", org.bkpsdm.nip)[0] == 0  # BKPSDM may read the question banks
    assert "manakah prinsip SPBE" in output.read_text(encoding="utf-8-sig")


def test_import_as_yourself_of_your_own_jp_is_rejected(org, tmp_path):
    from tests.factories.people import EmployeeFactory

    EmployeeFactory(nip=org.bkpsdm.nip, name="Petugas BKPSDM", opd=org.disdik)
    path = tmp_path / "jp.csv"
    path.write_bytes(csv_bytes([RECORD_HEAD, jp_row(org.bkpsdm.nip)]))
    before = counts()
    args = ("lms_import", "training-records", str(path), "--commit", "--as", org.bkpsdm.nip)
    code, out, _err = run(*args)
    assert code == 1
    assert out.splitlines()[0].split("\t")[:3] == ["2", "nip", "own_record"]
    assert counts() == before
