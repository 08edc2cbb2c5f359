"""Backups and the restore drill (``manage.py lms_backup``, ``manage.py lms_restore_drill``;
docs/deployment.md, "Backups" and "The restore drill").

A backup is one folder ``lms-<UTC time>/`` holding

* ``database.dump``: ``pg_dump --format=custom`` of the configured database;
* ``files-<root>.tar``: the file roots that cannot be rebuilt (``LMS_CERTIFICATE_ROOT``,
  ``MEDIA_ROOT``, ``LMS_H5P_ROOT``), without temporary files and the import staging folder;
* ``manifest.json``: when, which code (git commit), the row count of every table, Django's
  applied migrations, the number of constraints, indexes and triggers, the SHA-256 of every
  issued certificate as the database stores it, and the size and SHA-256 of each file above.

The counts, the certificate list and the dump come from **one snapshot**: a repeatable-read
transaction exports it (``pg_export_snapshot()``) and ``pg_dump --snapshot`` dumps exactly what
the counts saw, while the site keeps running. The files are archived after the dump, so every
certificate the dump holds already has its file (a certificate's hash is stored only once its
file is in place, and a stored file is never redrawn). The folder is written as
``.lms-<time>.partial`` and renamed when complete: a folder without the prefix is a whole backup.

The drill restores a backup into a **new scratch database** (``lms_restore_drill_<random>``,
never the live one) and a scratch folder, compares them with the manifest and drops both
(unless ``keep``). This module runs ``pg_dump``/``pg_restore`` and reads through its own
connections; it writes no model (it is no service: it changes nothing the application owns).
The password goes to the tools through ``PGPASSWORD``, never on a command line.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import secrets
import shutil
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
import psycopg
from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _
from psycopg import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
FORMAT = 1  # the manifest's layout; the drill refuses one it does not know
PREFIX = "lms-"
SCRATCH_PREFIX = "lms_restore_drill_"
# Django's own OPTIONS keys, which are not libpq connection parameters.
_DJANGO_OPTIONS = {
    "isolation_level",
    "assume_role",
    "server_side_binding",
    "pool",
    "cursor_factory",
}
# Temporary files in the roots: half-written certificates, H5P uploads being checked.
_TEMPORARY_SUFFIXES = (".tmp", ".part")
_MAX_LINES = 50  # differences listed per check; the rest are counted


class BackupError(Exception):
    """A backup or drill that cannot run (not PostgreSQL, a missing tool or folder, a broken
    manifest): the commands exit 2 with this message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- the database: connection parameters, the tools ----------------------------------------


@dataclass(frozen=True)
class Database:
    host: str
    port: str
    user: str
    password: str
    name: str
    options: dict

    def connect(self, *, dbname: str | None = None, autocommit: bool = False):
        return psycopg.connect(
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            dbname=dbname or self.name,
            autocommit=autocommit,
            **self.options,
        )

    def environment(self, *, dbname: str | None = None) -> dict[str, str]:
        """The environment for pg_dump/pg_restore: connection through ``PG*`` variables, so
        the password never shows in a process list."""
        env = dict(os.environ)
        values = {
            "PGHOST": self.host,
            "PGPORT": str(self.port or ""),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGDATABASE": dbname or self.name,
            "PGSSLMODE": str(self.options.get("sslmode", "")),
            "PGSSLROOTCERT": str(self.options.get("sslrootcert", "")),
        }
        env.update({k: v for k, v in values.items() if v})
        return env


def database(settings_dict: dict) -> Database:
    """The connection parameters of a Django database, or ``BackupError`` when it is not
    PostgreSQL (SQLite is the development default: copy ``db.sqlite3`` instead)."""
    if settings_dict.get("ENGINE") != "django.db.backends.postgresql":
        raise BackupError(
            _(
                "Cadangan dan latihan pemulihan hanya untuk PostgreSQL (mesin basis data saat "
                "ini: %(engine)s). Atur DATABASE_URL ke PostgreSQL; basis data SQLite "
                "pengembangan cukup disalin berkasnya."
            )
            % {"engine": settings_dict.get("ENGINE", "?")}
        )
    options = {
        k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if k not in _DJANGO_OPTIONS
    }
    return Database(
        host=str(settings_dict.get("HOST") or ""),
        port=str(settings_dict.get("PORT") or ""),
        user=str(settings_dict.get("USER") or ""),
        password=str(settings_dict.get("PASSWORD") or ""),
        name=str(settings_dict["NAME"]),
        options=options,
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("Program %(name)s tidak ditemukan (pasang postgresql-client-15).") % {"name": name}
        )
    return path


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603


# --- what the manifest records ---------------------------------------------------------------


def _tables(cursor) -> list[str]:
    """Every ordinary and partitioned table outside the system schemas, as ``schema.table``."""
    cursor.execute(
        """
        SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%%'
        ORDER BY n.nspname, c.relname
        """
    )
    return [f"{schema}.{table}" for schema, table in cursor.fetchall()]


def _ident(qualified: str) -> sql.Identifier:
    schema, table = qualified.split(".", 1)
    return sql.Identifier(schema, table)


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(_ident(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def _schema_objects(cursor) -> dict[str, int]:
    """How many constraints, indexes and (user) triggers the schema holds: a restore that lost
    an index or a trigger (the audit log's append-only one) shows here."""
    cursor.execute(
        """
        SELECT
          (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_%%'),
          (SELECT count(*) FROM pg_indexes
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
               AND schemaname NOT LIKE 'pg\\_%%'),
          (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT t.tgisinternal AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_%%')
        """
    )
    constraints, indexes, triggers = cursor.fetchone()
    return {"constraints": constraints, "indexes": indexes, "triggers": triggers}


def _certificate_table() -> tuple[str, str, str, str, str]:
    model = apps.get_model("certificates", "Certificate")
    columns = (model._meta.get_field(name).column for name in ("number", "pdf", "sha256"))
    return (model._meta.db_table, model._meta.pk.column, *columns)


def _certificates(cursor) -> list[dict]:
    """Issued certificates (those with a stored file and hash), as the database stores them."""
    table, pk, number, pdf, sha = _certificate_table()
    cursor.execute(
        sql.SQL("SELECT {}, {}, {}, {} FROM {} WHERE {} <> '' ORDER BY {}").format(
            *map(sql.Identifier, (pk, number, pdf, sha, table, sha, pk))
        )
    )
    return [
        {"id": row[0], "number": row[1], "file": row[2], "sha256": row[3]}
        for row in cursor.fetchall()
    ]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _code_version() -> dict:
    version = {"python": sys.version.split()[0]}
    git, base = shutil.which("git"), str(settings.BASE_DIR)
    if git and (Path(settings.BASE_DIR) / ".git").exists():
        done = subprocess.run(  # noqa: S603
            # The checkout belongs to root and the service runs as lms: without safe.directory
            # git refuses a repository owned by another user.
            [git, "-c", f"safe.directory={base}", "-C", base, "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
        if done.returncode == 0:
            version["git_commit"] = done.stdout.strip()
    version["django"] = django.get_version()
    return version


# --- file roots ------------------------------------------------------------------------------


def file_roots() -> dict[str, tuple[Path, list[str]]]:
    """The roots a backup archives, each with the folders inside it that are left out (relative
    paths): the import staging folder when it sits in ``MEDIA_ROOT`` (uploads waiting between a
    preview and a confirmation), the H5P checks' temporary folder. ``LMS_DOWNLOAD_ROOT`` is not
    archived: prepared downloads are rebuilt on request and expire within a day."""
    roots = {
        "certificates": Path(settings.LMS_CERTIFICATE_ROOT),
        "media": Path(settings.MEDIA_ROOT),
        "h5p": Path(settings.LMS_H5P_ROOT),
    }
    excluded: dict[str, list[str]] = {"certificates": [], "media": [], "h5p": ["tmp"]}
    staging = Path(settings.LMS_IMPORT_STAGING_DIR).resolve()
    for name, root in roots.items():
        if staging.is_relative_to(root.resolve()):
            excluded[name].append(staging.relative_to(root.resolve()).as_posix())
    return {name: (root, excluded[name]) for name, root in roots.items()}


def _archive(root: Path, name: str, excluded: list[str], output: Path) -> int:
    """Writes ``root`` into the tar ``output`` under ``name/``; returns the number of files."""
    skip = [PurePosixPath(path) for path in excluded if path not in ("", ".")]
    files = 0

    def keep(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        nonlocal files
        relative = PurePosixPath(info.name).relative_to(name)
        if any(relative == path or path in relative.parents for path in skip):
            return None
        if info.isfile() and info.name.endswith(_TEMPORARY_SUFFIXES):
            return None
        files += info.isfile()
        return info

    with tarfile.open(output, "w") as tar:
        tar.add(root, arcname=name, filter=keep)
    return files


# --- backup ----------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    removed: list[Path] = field(default_factory=list)


@contextmanager
def _private_umask() -> Iterator[None]:
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(
    *,
    settings_dict: dict,
    output: Path,
    retain: int | None = None,
    now: datetime.datetime | None = None,
) -> BackupResult:
    """Writes one backup folder under ``output`` and returns it with its manifest; with
    ``retain``, the oldest complete backups beyond that many are removed afterwards."""
    db = database(settings_dict)
    pg_dump = _tool("pg_dump")
    now = now or datetime.datetime.now(datetime.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    if not output.is_dir():
        raise BackupError(_("Folder cadangan %(folder)s tidak ada.") % {"folder": output})
    final = output / f"{PREFIX}{stamp}"
    if final.exists():
        raise BackupError(_("Cadangan %(path)s sudah ada.") % {"path": final})
    work = output / f".{PREFIX}{stamp}.partial"
    with _private_umask():
        work.mkdir()
        try:
            try:
                manifest = _write_backup(db, pg_dump, work, now)
            except psycopg.Error as error:
                raise BackupError(
                    _("Basis data tidak dapat dibaca: %(error)s") % {"error": error}
                ) from None
            (work / MANIFEST).write_text(
                json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            os.replace(work, final)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    removed = prune(output, retain) if retain else []
    return BackupResult(path=final, manifest=manifest, removed=removed)


def _write_backup(db: Database, pg_dump: str, work: Path, now: datetime.datetime) -> dict:
    with db.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            tables = _tables(cursor)
            counts = _row_counts(cursor, tables)
            migrations = _migrations(cursor)
            schema = _schema_objects(cursor)
            certificates = _certificates(cursor)
            # The snapshot stays exported while this transaction is open.
            done = _run(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-password",
                    f"--file={work / DUMP}",
                ],
                db.environment(),
            )
        conn.rollback()
    if done.returncode != 0:
        raise BackupError(_("pg_dump gagal: %(error)s") % {"error": done.stderr.strip()})
    roots = {}
    for name, (root, excluded) in file_roots().items():
        entry = {"path": str(root), "excluded": excluded, "present": root.is_dir()}
        if root.is_dir():
            archive = work / f"files-{name}.tar"
            entry["archive"] = archive.name
            entry["files"] = _archive(root, name, excluded, archive)
        roots[name] = entry
    artefacts = {
        path.name: {"bytes": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(work.iterdir())
    }
    return {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "code": _code_version(),
        "database": {
            "name": db.name,
            "host": db.host,
            "server_version": server_version,
            "tables": counts,
            "migrations": migrations,
            "schema_objects": schema,
        },
        "certificates": certificates,
        "roots": roots,
        "artefacts": artefacts,
    }


def backups_in(folder: Path) -> list[Path]:
    """The complete backups in ``folder``, oldest first (names sort by time)."""
    return sorted(
        path for path in folder.glob(f"{PREFIX}*") if path.is_dir() and (path / MANIFEST).is_file()
    )


def prune(folder: Path, retain: int) -> list[Path]:
    old = backups_in(folder)[:-retain]
    for path in old:
        shutil.rmtree(path)
    return old


# --- the drill -------------------------------------------------------------------------------


@dataclass
class Check:
    title: str
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def fail(self, message: str) -> None:
        self.failures.append(message)


@dataclass
class DrillReport:
    backup: Path
    database: str
    files: Path
    checks: list[Check] = field(default_factory=list)
    kept: bool = False

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def certificates_verified(self) -> int:
        return sum(c.verified for c in self.checks if isinstance(c, CertificateCheck))


@dataclass
class CertificateCheck(Check):
    verified: int = 0


def find_backup(path: Path) -> Path:
    """``path`` itself when it holds a manifest, else the newest complete backup inside it."""
    if (path / MANIFEST).is_file():
        return path
    found = backups_in(path) if path.is_dir() else []
    if not found:
        raise BackupError(_("Tidak ada cadangan di %(path)s.") % {"path": path})
    return found[-1]


def load_manifest(backup_path: Path) -> dict:
    try:
        manifest = json.loads((backup_path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            _("Manifes %(path)s tidak terbaca: %(error)s")
            % {"path": backup_path / MANIFEST, "error": error}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("Manifes %(path)s bukan format %(format)s.")
            % {"path": backup_path / MANIFEST, "format": FORMAT}
        )
    return manifest


def _listed(check: Check, messages: list[str]) -> None:
    for message in messages[:_MAX_LINES]:
        check.fail(message)
    if len(messages) > _MAX_LINES:
        check.fail(_("… dan %(n)s perbedaan lain") % {"n": len(messages) - _MAX_LINES})


class Drill:
    """One restore drill: ``restore()`` then ``verify()`` then ``cleanup()`` (``run()`` does
    the three). The steps are separate so the restored copy can be inspected (``keep``)."""

    def __init__(self, *, settings_dict: dict, backup_path: Path, workdir: Path | None = None):
        self.db = database(settings_dict)
        self.pg_restore = _tool("pg_restore")
        self.backup_path = find_backup(backup_path)
        self.manifest = load_manifest(self.backup_path)
        self.scratch = f"{SCRATCH_PREFIX}{secrets.token_hex(6)}"
        if self.scratch == self.db.name:  # cannot happen by chance; never touch the live one
            raise BackupError("scratch name collides with the configured database")
        self.files = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=workdir))
        self.created = False
        self.report = DrillReport(backup=self.backup_path, database=self.scratch, files=self.files)

    def run(self, *, keep: bool = False) -> DrillReport:
        """Restores, verifies and cleans up. ``BackupError`` when the drill cannot go on (no
        scratch database, a lost connection); the report then ends with that error."""
        try:
            self.restore()
            self.verify()
        except psycopg.Error as error:
            self._stopped(str(error))
            raise BackupError(str(error)) from None
        except BackupError as error:
            self._stopped(error.message)
            raise
        finally:
            self.cleanup(keep=keep)
        return self.report

    def _stopped(self, message: str) -> None:
        check = Check(_("Latihan terhenti"))
        check.fail(message)
        self.report.checks.append(check)

    # -- restore

    def restore(self) -> None:
        self._check_artefacts()
        self._restore_database()
        self._restore_files()

    def _check_artefacts(self) -> None:
        check = Check(_("Berkas cadangan (ukuran dan SHA-256 sesuai manifes)"))
        for name, expected in sorted(self.manifest.get("artefacts", {}).items()):
            path = self.backup_path / name
            if not path.is_file():
                check.fail(_("%(name)s tidak ada") % {"name": name})
                continue
            found = _sha256(path)
            if found != expected["sha256"]:
                check.fail(
                    _("%(name)s rusak: SHA-256 %(found)s, manifes %(expected)s")
                    % {"name": name, "found": found, "expected": expected["sha256"]}
                )
            else:
                check.lines.append(f"{name}: {expected['bytes']:,} B")
        self.report.checks.append(check)

    def _restore_database(self) -> None:
        check = Check(_("Pemulihan basis data ke %(db)s") % {"db": self.scratch})
        self.report.checks.append(check)
        try:
            with self.db.connect(autocommit=True) as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.scratch)))
        except psycopg.Error as error:
            raise BackupError(
                _(
                    "Basis data sementara %(db)s tidak dapat dibuat (peran basis data perlu "
                    "CREATEDB): %(error)s"
                )
                % {"db": self.scratch, "error": error}
            ) from None
        self.created = True
        done = _run(
            [
                self.pg_restore,
                "--no-owner",
                "--no-privileges",
                "--no-password",
                f"--dbname={self.scratch}",
                str(self.backup_path / DUMP),
            ],
            self.db.environment(dbname=self.scratch),
        )
        if done.returncode != 0:
            _listed(check, [line for line in done.stderr.splitlines() if line.strip()])
        else:
            check.lines.append(_("pg_restore selesai tanpa galat"))

    def _restore_files(self) -> None:
        check = Check(_("Pemulihan berkas ke %(path)s") % {"path": self.files})
        self.report.checks.append(check)
        for name, entry in sorted(self.manifest.get("roots", {}).items()):
            if not entry.get("present"):
                check.lines.append(_("%(name)s: tidak ada saat pencadangan") % {"name": name})
                continue
            archive = self.backup_path / entry["archive"]
            try:
                with tarfile.open(archive) as tar:
                    tar.extractall(self.files, filter="data")
            except (OSError, tarfile.TarError) as error:
                check.fail(_("%(name)s: %(error)s") % {"name": archive.name, "error": error})
                continue
            found = sum(1 for p in (self.files / name).rglob("*") if p.is_file())
            if found != entry["files"]:
                check.fail(
                    _("%(name)s: %(found)s berkas, manifes %(expected)s")
                    % {"name": name, "found": found, "expected": entry["files"]}
                )
            else:
                check.lines.append(_("%(name)s: %(n)s berkas") % {"name": name, "n": found})

    # -- verify

    def verify(self) -> DrillReport:
        if not self.created:
            return self.report
        with self.db.connect(dbname=self.scratch) as conn, conn.cursor() as cursor:
            self._verify_rows(cursor)
            self._verify_migrations(cursor)
            self._verify_schema(cursor)
            self._verify_certificates(cursor)
            self._verify_integrity(cursor)
        return self.report

    def _verify_rows(self, cursor) -> None:
        expected: dict[str, int] = self.manifest["database"]["tables"]
        check = Check(_("Jumlah baris per tabel (%(n)s tabel)") % {"n": len(expected)})
        self.report.checks.append(check)
        tables = _tables(cursor)
        found = _row_counts(cursor, tables)
        problems = []
        for table, count in sorted(expected.items()):
            if table not in found:
                problems.append(_("%(table)s: tidak ada di hasil pulih") % {"table": table})
            elif found[table] != count:
                problems.append(
                    _("%(table)s: %(found)s baris, manifes %(expected)s")
                    % {"table": table, "found": found[table], "expected": count}
                )
            else:
                check.lines.append(f"{table}: {count:,}")
        for table in sorted(set(found) - set(expected)):
            problems.append(_("%(table)s: tidak ada di manifes") % {"table": table})
        _listed(check, problems)

    def _verify_migrations(self, cursor) -> None:
        check = Check(_("Tabel migrasi Django"))
        self.report.checks.append(check)
        expected = {tuple(row) for row in self.manifest["database"]["migrations"]}
        found = {tuple(row) for row in _migrations(cursor)}
        problems = [
            _("%(app)s.%(name)s: tidak ada di hasil pulih") % {"app": app, "name": name}
            for app, name in sorted(expected - found)
        ] + [
            _("%(app)s.%(name)s: tidak ada di manifes") % {"app": app, "name": name}
            for app, name in sorted(found - expected)
        ]
        _listed(check, problems)
        check.lines.append(_("%(n)s migrasi sama dengan manifes") % {"n": len(found & expected)})
        from django.db.migrations.loader import MigrationLoader

        newer = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) - found
        if newer:
            check.lines.append(
                _(
                    "catatan: kode ini memiliki %(n)s migrasi yang belum ada di cadangan "
                    "(pemulihan sungguhan: jalankan migrate setelahnya)"
                )
                % {"n": len(newer)}
            )

    def _verify_schema(self, cursor) -> None:
        check = Check(_("Constraint, indeks dan trigger"))
        self.report.checks.append(check)
        expected = self.manifest["database"]["schema_objects"]
        found = _schema_objects(cursor)
        for kind, count in expected.items():
            if found.get(kind) != count:
                check.fail(
                    _("%(kind)s: %(found)s, manifes %(expected)s")
                    % {"kind": kind, "found": found.get(kind), "expected": count}
                )
            else:
                check.lines.append(f"{kind}: {count}")

    def _verify_certificates(self, cursor) -> None:
        check = CertificateCheck(_("Sertifikat terbit: SHA-256 tersimpan = SHA-256 berkas pulih"))
        self.report.checks.append(check)
        restored = {row["id"]: row for row in _certificates(cursor)}
        listed = {row["id"]: row for row in self.manifest["certificates"]}
        root = self.files / "certificates"
        problems = []
        for pk, row in sorted(listed.items()):
            if pk not in restored:
                problems.append(
                    _("sertifikat %(number)s (id %(id)s): tidak ada di basis data pulih")
                    % {"number": row["number"], "id": pk}
                )
            elif restored[pk]["sha256"] != row["sha256"]:
                problems.append(
                    _("sertifikat %(number)s (id %(id)s): SHA-256 di basis data pulih berbeda")
                    % {"number": row["number"], "id": pk}
                )
        for pk in sorted(set(restored) - set(listed)):
            problems.append(
                _("sertifikat %(number)s (id %(id)s): tidak ada di manifes")
                % {"number": restored[pk]["number"], "id": pk}
            )
        for pk, row in sorted(restored.items()):
            path = root / row["file"]
            label = {"number": row["number"], "id": pk, "file": row["file"]}
            if not path.is_file():
                problems.append(
                    _("sertifikat %(number)s (id %(id)s): berkas %(file)s tidak ada") % label
                )
                continue
            found = _sha256(path)
            if found != row["sha256"]:
                problems.append(
                    _(
                        "sertifikat %(number)s (id %(id)s): berkas %(file)s ber-SHA-256 "
                        "%(found)s, tersimpan %(stored)s"
                    )
                    % {**label, "found": found, "stored": row["sha256"]}
                )
            else:
                check.verified += 1
        _listed(check, problems)
        check.lines.append(
            _("%(n)s sertifikat terverifikasi dari %(total)s")
            % {"n": check.verified, "total": len(restored)}
        )

    def _verify_integrity(self, cursor) -> None:
        check = Check(_("Pemeriksaan integritas"))
        self.report.checks.append(check)
        for label, model, fk in (
            ("certificates.Certificate", "certificates.Certificate", "enrollment"),
            ("certificates.Certificate", "certificates.Certificate", "user"),
            ("certificates.CertificateEvent", "certificates.CertificateEvent", "certificate"),
            ("courses.Enrollment", "courses.Enrollment", "user"),
            ("courses.Enrollment", "courses.Enrollment", "course"),
            ("people.Employee", "people.Employee", "user"),
        ):
            orphans = _orphans(cursor, model, fk)
            text = f"{label}.{fk}"
            if orphans:
                check.fail(
                    _("%(what)s menunjuk baris yang tidak ada: id %(ids)s")
                    % {"what": text, "ids": ", ".join(map(str, orphans[:20]))}
                )
            else:
                check.lines.append(_("%(what)s: semua ada") % {"what": text})
        media = self.manifest["roots"].get("media", {})
        if media.get("present"):
            for model in ("wagtailimages.Image", "wagtaildocs.Document"):
                missing = [
                    name
                    for name in _file_names(cursor, model)
                    if not (self.files / "media" / name).is_file()
                ]
                if missing:
                    _listed(
                        check,
                        [
                            _("%(model)s: berkas %(file)s tidak ada di cadangan")
                            % {"model": model, "file": name}
                            for name in missing
                        ],
                    )
                else:
                    check.lines.append(_("%(model)s: semua berkas ada") % {"model": model})

    # -- cleanup

    def cleanup(self, *, keep: bool = False) -> None:
        self.report.kept = keep
        if keep:
            return
        if self.created:
            with self.db.connect(autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(self.scratch)
                    )
                )
            self.created = False
        shutil.rmtree(self.files, ignore_errors=True)


def _orphans(cursor, label: str, fk_name: str) -> list[int]:
    model = apps.get_model(label)
    fk = model._meta.get_field(fk_name)
    target = fk.related_model._meta
    query = sql.SQL(
        "SELECT a.{pk} FROM {table} a LEFT JOIN {target} b ON b.{target_pk} = a.{column} "
        "WHERE a.{column} IS NOT NULL AND b.{target_pk} IS NULL ORDER BY a.{pk}"
    ).format(
        pk=sql.Identifier(model._meta.pk.column),
        table=sql.Identifier(model._meta.db_table),
        target=sql.Identifier(target.db_table),
        target_pk=sql.Identifier(fk.target_field.column),
        column=sql.Identifier(fk.column),
    )
    cursor.execute(query)
    return [row[0] for row in cursor.fetchall()]


def _file_names(cursor, label: str) -> list[str]:
    model = apps.get_model(label)
    column = model._meta.get_field("file").column
    cursor.execute(
        sql.SQL("SELECT {} FROM {} WHERE {} <> '' ORDER BY 1").format(
            sql.Identifier(column), sql.Identifier(model._meta.db_table), sql.Identifier(column)
        )
    )
    return [row[0] for row in cursor.fetchall()]


def render(report: DrillReport) -> str:
    """The operator's report: one block per check, ``OK`` or ``GAGAL`` with the differences."""
    lines = [
        _("Latihan pemulihan: %(backup)s") % {"backup": report.backup},
        _("Basis data sementara: %(db)s · folder sementara: %(files)s")
        % {"db": report.database, "files": report.files},
        "",
    ]
    for check in report.checks:
        lines.append(f"[{'OK' if check.ok else 'GAGAL'}] {check.title}")
        lines.extend(f"    {line}" for line in check.lines)
        lines.extend(f"  ! {line}" for line in check.failures)
    lines.append("")
    if report.ok:
        lines.append(
            _("HASIL: BERHASIL. %(n)s sertifikat terverifikasi.")
            % {"n": report.certificates_verified}
        )
    else:
        failed = sum(not check.ok for check in report.checks)
        lines.append(_("HASIL: GAGAL. %(n)s pemeriksaan tidak lolos (tanda !).") % {"n": failed})
    lines.append(
        _("Basis data dan folder sementara disimpan (--keep): hapus sendiri setelah diperiksa.")
        if report.kept
        else _("Basis data dan folder sementara sudah dihapus.")
    )
    return "\n".join(lines) + "\n"
