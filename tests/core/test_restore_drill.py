"""The backup and the restore drill (``lms_backup``, ``lms_restore_drill``; lms/core/backup.py,
docs/deployment.md) on PostgreSQL: real pg_dump and pg_restore into a scratch database.

The data is committed (a transactional test): pg_dump reads through its own connection and
would not see a test's open transaction. The file roots are the test's own folders.
"""

import hashlib
import io
import json
import secrets
import shutil
import tarfile
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from certificates.models import Certificate, CertificateEvent
from certificates.tasks import certificate_issue_task
from lms.core import backup as backups
from tests.certificates.helpers import completed_enrollment, default_template
from tests.factories.courses import build_course
from tests.factories.people import EmployeeFactory

# Committed data on PostgreSQL (pg_dump reads through a connection of its own).
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def roots(settings, tmp_path):
    """The three archived roots in the test's folder, with a stray temporary file and an
    upload waiting in the import staging folder (neither belongs in a backup)."""
    settings.LMS_CERTIFICATE_ROOT = str(tmp_path / "certificates")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LMS_H5P_ROOT = tmp_path / "h5p"
    settings.LMS_IMPORT_STAGING_DIR = str(tmp_path / "media" / "imports" / "tmp")
    for root in ("certificates", "media/imports/tmp", "h5p/libraries/LMS.BenarSalah-1.0"):
        (tmp_path / root).mkdir(parents=True)
    (tmp_path / "media/imports/tmp/upload.xlsx").write_bytes(b"waiting for confirmation")
    (tmp_path / "h5p/libraries/LMS.BenarSalah-1.0/library.json").write_text("{}")
    (tmp_path / "certificates/half.pdf.tmp").write_bytes(b"killed mid-write")
    out = tmp_path / "backups"
    out.mkdir()
    return out


@pytest.fixture
def issued():
    """Two employees who completed a course, each with an issued certificate (real PDF)."""
    default_template()
    course = build_course(modules=1, lessons=1, title="Dasar-dasar SPBE", code="SPBE-01")
    certificates = []
    for name in ("Siti Aminah", "Budi Santoso"):
        enrollment = completed_enrollment(employee=EmployeeFactory(name=name), course=course)
        certificates.append(Certificate.objects.get(pk=certificate_issue_task(enrollment.pk)))
    return certificates


def _backup(out: Path) -> Path:
    call_command("lms_backup", "--output", str(out), stdout=io.StringIO())
    (path,) = backups.backups_in(out)
    return path


def _drill(path: Path, *args) -> tuple[str, CommandError | None]:
    stdout = io.StringIO()
    try:
        call_command("lms_restore_drill", str(path), *args, stdout=stdout)
    except CommandError as error:
        return stdout.getvalue(), error
    return stdout.getvalue(), None


def _scratch_name(report: str) -> str:
    """The scratch database the report names (other test processes may run drills too)."""
    name = report.split("Basis data sementara: ")[1].split(" ")[0]
    assert name.startswith(backups.SCRATCH_PREFIX)
    return name


def _scratch_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [backups.SCRATCH_PREFIX + "%"],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
@committed
def test_backup_then_drill_restores_every_table_and_certificate(roots, issued):
    path = _backup(roots)
    manifest = json.loads((path / "manifest.json").read_text())

    # The manifest: the code, counts, certificates as the database stores them, the files.
    if (Path(settings.BASE_DIR) / ".git").exists():
        assert len(manifest["code"]["git_commit"]) == 40
    tables = manifest["database"]["tables"]
    assert tables["public.certificates_certificate"] == 2
    assert tables["public.courses_enrollment"] == 2
    assert tables["public.django_migrations"] == len(manifest["database"]["migrations"]) > 50
    assert {(c["number"], c["sha256"]) for c in manifest["certificates"]} == {
        (c.number, c.sha256) for c in issued
    }
    assert manifest["roots"]["certificates"]["files"] == 2  # the .tmp is left out
    assert manifest["roots"]["h5p"]["files"] == 1
    with tarfile.open(path / "files-media.tar") as tar:
        names = tar.getnames()
    assert not [n for n in names if "imports/tmp" in n]  # the staging folder is not backed up
    assert any(n.startswith("media/original_images/") for n in names)
    assert set(manifest["artefacts"]) == {
        "database.dump",
        "files-certificates.tar",
        "files-h5p.tar",
        "files-media.tar",
    }
    assert (path / "database.dump").stat().st_mode & 0o077 == 0  # private to the operator

    # The drill, given the folder of backups: picks the newest one, restores, verifies.
    report, error = _drill(roots)
    assert error is None, report
    assert f"Latihan pemulihan: {path}" in report
    assert "[GAGAL]" not in report
    assert "public.certificates_certificate: 2" in report
    assert "public.people_employee: " in report
    assert "public.django_migrations: " in report
    assert "2 sertifikat terverifikasi dari 2" in report
    assert "HASIL: BERHASIL. 2 sertifikat terverifikasi." in report
    assert _scratch_name(report) not in _scratch_databases()  # dropped afterwards


@pytest.mark.postgres
@committed
def test_a_corrupted_certificate_in_the_backup_fails_the_drill_and_names_it(roots, issued):
    path = _backup(roots)
    victim = issued[1]
    archive = path / "files-certificates.tar"
    with tarfile.open(archive) as tar:
        member = tar.getmember(f"certificates/{victim.pdf.name}")
    data = bytearray(archive.read_bytes())
    middle = member.offset_data + member.size // 2
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
    archive.write_bytes(bytes(data))  # bit rot: same size, other bytes

    report, error = _drill(path)
    assert error is not None and error.returncode == 1
    assert "files-certificates.tar rusak" in report
    assert f"sertifikat {victim.number} (id {victim.pk}): berkas {victim.pdf.name}" in report
    assert issued[0].number not in report.split("[GAGAL] Sertifikat")[1].split("[")[0]
    assert "1 sertifikat terverifikasi dari 2" in report
    assert "HASIL: GAGAL" in report
    assert _scratch_name(report) not in _scratch_databases()


@pytest.mark.postgres
@committed
def test_a_row_missing_from_the_restored_database_fails_the_drill(roots, issued):
    path = _backup(roots)
    drill = backups.Drill(settings_dict=connection.settings_dict, backup_path=path)
    try:
        drill.restore()
        assert drill.report.ok, backups.render(drill.report)
        event = CertificateEvent.objects.filter(certificate=issued[0]).get()
        with psycopg.connect(dbname=drill.scratch, **_libpq()) as scratch:
            scratch.execute("DELETE FROM certificates_certificateevent WHERE id = %s", [event.pk])
        drill.verify()
    finally:
        drill.cleanup()
    report = backups.render(drill.report)
    assert not drill.report.ok
    assert "public.certificates_certificateevent: 1 baris, manifes 2" in report
    assert "HASIL: GAGAL" in report
    assert drill.scratch not in _scratch_databases()


@pytest.mark.postgres
@committed
def test_the_drill_keeps_its_copies_on_request(roots, issued):
    path = _backup(roots)
    report, error = _drill(path, "--keep")
    assert error is None, report
    name = _scratch_name(report)
    folder = Path(report.split("folder sementara: ")[1].splitlines()[0])
    assert name in _scratch_databases()
    try:
        with psycopg.connect(dbname=name, **_libpq()) as scratch:
            stored = scratch.execute(
                "SELECT sha256 FROM certificates_certificate WHERE id = %s", [issued[0].pk]
            ).fetchone()[0]
        pdf = (folder / "certificates" / issued[0].pdf.name).read_bytes()
        assert hashlib.sha256(pdf).hexdigest() == stored == issued[0].sha256
    finally:
        shutil.rmtree(folder)
        with psycopg.connect(dbname=connection.settings_dict["NAME"], autocommit=True,
                             **_libpq()) as admin:  # fmt: skip
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _libpq() -> dict:
    db = backups.database(connection.settings_dict)
    return {"host": db.host or None, "port": db.port or None, "user": db.user or None,
            "password": db.password or None}  # fmt: skip


def test_sqlite_is_refused_with_a_clear_message(tmp_path):
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    with mock.patch.dict(connection.settings_dict, sqlite):
        for command, args in (
            ("lms_backup", ["--output", str(tmp_path)]),
            ("lms_restore_drill", [str(tmp_path)]),
        ):
            with pytest.raises(CommandError, match="hanya untuk PostgreSQL") as caught:
                call_command(command, *args, stdout=io.StringIO())
            assert caught.value.returncode == 2


def test_retention_removes_only_the_oldest_complete_backups(tmp_path):
    for stamp in ("20261201T010000Z", "20261202T010000Z", "20261203T010000Z"):
        (tmp_path / f"lms-{stamp}").mkdir()
        (tmp_path / f"lms-{stamp}" / "manifest.json").write_text("{}")
    (tmp_path / "lms-20261130T010000Z").mkdir()  # no manifest: not a backup, left alone
    (tmp_path / ".lms-20261204T010000Z.partial").mkdir()
    removed = backups.prune(tmp_path, 2)
    assert [p.name for p in removed] == ["lms-20261201T010000Z"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".lms-20261204T010000Z.partial",
        "lms-20261130T010000Z",
        "lms-20261202T010000Z",
        "lms-20261203T010000Z",
    ]
    assert backups.find_backup(tmp_path).name == "lms-20261203T010000Z"


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_role_without_createdb_stops_the_drill_with_exit_2(tmp_path):
    """The likeliest mistake in production: the application's role may not create databases."""
    backup = tmp_path / "lms-20261203T010000Z"
    backup.mkdir()
    (backup / "manifest.json").write_text(json.dumps({"format": 1, "artefacts": {}}))
    role = f"lms_drill_nocreatedb_{secrets.token_hex(4)}"
    with psycopg.connect(dbname=connection.settings_dict["NAME"], autocommit=True,
                         **_libpq()) as admin:  # fmt: skip
        admin.execute(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
        try:
            with mock.patch.dict(connection.settings_dict, {"USER": role}):
                report, error = _drill(tmp_path)
        finally:
            admin.execute(f'DROP ROLE "{role}"')
    assert error is not None and error.returncode == 2
    assert "CREATEDB" in str(error)
    assert "[GAGAL] Latihan terhenti" in report
    assert "HASIL: GAGAL" in report
    assert _scratch_name(report) not in _scratch_databases()
