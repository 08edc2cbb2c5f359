"""``manage.py lms_report`` (docs/interfaces.md): files written, the scope of ``--as``, exit 2 with
an Indonesian message for bad arguments, and nothing written then."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lms.users.roles import Role
from tests.factories.people import pns_nip

from .conftest import user_in


def run(*args):
    out = io.StringIO()
    call_command("lms_report", *args, stdout=out)
    return out.getvalue()


def csv_rows(path):
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode()), delimiter=";"))


def test_writes_an_xlsx_as_the_operator(regency, tmp_path):
    target = tmp_path / "gap.xlsx"
    assert run("gap", "--year", "2026", "--format", "xlsx", "--output", str(target)).strip() == str(
        target
    )
    book = openpyxl.load_workbook(target)
    assert len(list(book["Rincian"].iter_rows())) == 13  # header + 12 person × competency
    assert [p.name for p in tmp_path.iterdir()] == ["gap.xlsx"]  # no temporary file left


def test_as_an_admin_opd_reads_only_their_opd(regency, tmp_path):
    admin = regency["admin_new"]
    target = tmp_path / "jp.csv"
    run("jp", "--year", "2026", "--format", "csv", "--output", str(target), "--as", admin.username)
    rows = csv_rows(target)
    assert {r[3] for r in rows[1:]} == {"2.03"} and len(rows) == 3
    with pytest.raises(CommandError) as raised:
        run("jp", "--year", "2026", "--opd", "1.01", "--format", "csv", "--output",
            str(tmp_path / "x.csv"), "--as", admin.username)  # fmt: skip
    assert raised.value.returncode == 2
    assert "OPD 1.01 tidak dikenal atau di luar cakupan akun ini." in str(raised.value)
    assert not (tmp_path / "x.csv").exists()


def test_as_by_nip_and_one_opd(regency, tmp_path):
    admin = regency["admin_root"]
    admin.nip = pns_nip(50)
    admin.save(update_fields=["nip"])
    target = tmp_path / "r.pdf"
    spaced = f"{admin.nip[:8]} {admin.nip[8:14]} {admin.nip[14]} {admin.nip[15:]}"
    run("summary", "--year", "2026", "--opd", "1.01", "--format", "pdf", "--output", str(target),
        "--as", spaced)  # fmt: skip
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gaji", "--year", "2026", "--format", "csv"], 'Jenis laporan "gaji" tidak dikenal'),
        (["summary", "--year", "2026", "--format", "csv"], 'tidak tersedia dalam format "csv"'),
        (["gap", "--year", "dua ribu", "--format", "csv"], "Tahun harus berupa bilangan bulat."),
        (["gap", "--year", "3000", "--format", "csv"], "Tahun harus antara 2000 dan 2100."),
        (["gap", "--year", "2026", "--format", "csv", "--opd", "9.99"], "OPD 9.99 tidak dikenal"),
        (["gap", "--year", "2026", "--format", "csv", "--as", "nobody"], "Tidak ada akun"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(regency, tmp_path, args, message):
    target = tmp_path / "out"
    with pytest.raises(CommandError) as raised:
        run(*args, "--output", str(target))
    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_accounts_that_may_not_read_reports_are_refused(regency, tmp_path):
    learner = regency["people"]["e1"].user
    trainer = user_in(Role.PENGAJAR)
    for user in (learner, trainer):
        with pytest.raises(CommandError) as raised:
            run("gap", "--year", "2026", "--format", "csv", "--output", str(tmp_path / "o.csv"),
                "--as", user.username)  # fmt: skip
        assert raised.value.returncode == 2
        assert "tidak berhak membaca laporan SDM" in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(regency, tmp_path):
    with pytest.raises(CommandError) as raised:
        run("gap", "--year", "2026", "--format", "csv", "--output", str(tmp_path / "no" / "x.csv"))
    assert raised.value.returncode == 2 and "tidak ada" in str(raised.value)


def test_help_lists_the_pairs(capsys):
    with pytest.raises(SystemExit):
        call_command("lms_report", "--help")
    text = capsys.readouterr().out
    assert "summary: pdf" in text and "gap: xlsx, csv" in text
