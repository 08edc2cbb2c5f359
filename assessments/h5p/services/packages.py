"""Writes of H5P packages (docs/h5p.md): checked, staged and installed, libraries stored once
per version.

Every case of docs/quality.md R4 is refused by :func:`h5p_package_check` with nothing written
outside a temporary directory under ``LMS_H5P_ROOT/tmp`` (deleted on the way out). An accepted
upload is staged privately and installed by a Celery task (:func:`h5p_package_install`), which
checks the file again (never trusting the upload's earlier check) and moves the content to a
random, non-guessable folder.
"""

import hashlib
import json
import os
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.delete import DeleteAction

from lms.users.models import User

from ..archive import PackageRejected, Problem
from ..inspect import Inspection, inspect_package
from ..models import (
    H5PLibrary,
    H5PPackage,
    H5PPackageStatus,
)
from ..storage import content_dir, h5p_root, library_dir, library_folder_name

INSTALL_PERMISSION = "assessments.install_h5plibrary"


def may_install_libraries(user: User | None) -> bool:
    """The operator at the command line (``None``) and holders of the install permission."""
    return user is None or (user.is_active and user.has_perm(INSTALL_PERMISSION))


@contextmanager
def _scratch():
    """A temporary directory under ``LMS_H5P_ROOT/tmp`` (the same file system as the
    installed files, so moving into place is a rename), always deleted afterwards."""
    base = h5p_root() / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="check-", dir=base))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def h5p_package_check(*, source: Path, user: User | None) -> Inspection:
    """Every check of an upload (docs/quality.md R4), as ``user``; raises
    ``PackageRejected``. Writes nothing that outlives the call."""
    with _scratch() as scratch:
        return inspect_package(
            source, scratch / "package", may_install_libraries=may_install_libraries(user)
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def h5p_package_submit(*, source: Path, filename: str, user: User | None) -> H5PPackage:
    """Checks the upload at ``source`` (raises ``PackageRejected``), keeps a private copy
    under ``LMS_H5P_ROOT/uploads/`` and records a pending package whose install task is queued
    once this transaction commits. The caller's file is left alone."""
    inspection = h5p_package_check(source=source, user=user)
    token = secrets.token_urlsafe(32)
    uploads = h5p_root() / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    staged = uploads / f"{token}.h5p"
    shutil.copyfile(source, staged)
    package = H5PPackage(
        title=inspection.title,
        main_library_name=inspection.main_library_name,
        token=token,
        staged_name=f"uploads/{staged.name}",
        original_filename=Path(filename).name[:255],
        sha256=_sha256(staged),
        size_bytes=staged.stat().st_size,
        metadata=inspection.extracted.metadata,
        uploaded_by=user,
    )
    try:
        package.full_clean()
        package.save()
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    from ...tasks import h5p_package_install_task

    h5p_package_install_task.delay_on_commit(package.pk)
    return package


def _replace_dir(source: Path, target: Path) -> None:
    """Moves ``source`` to ``target``, replacing an existing folder (a newer patch)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        retired = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
        os.replace(target, retired)
        os.replace(source, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(source, target)


def _install_libraries(inspection: Inspection, user: User | None) -> dict:
    """Installs the package's new libraries and newer patches; {key: H5PLibrary} for the
    whole closure. Runs inside the caller's transaction."""
    libraries = dict(inspection.installed)
    for bundled in inspection.to_install:
        folder = library_folder_name(bundled.machine_name, bundled.major, bundled.minor)
        values = {
            "patch_version": bundled.patch,
            "title": str(bundled.metadata.get("title") or bundled.machine_name)[:255],
            "runnable": bool(bundled.metadata.get("runnable")),
            "metadata": bundled.metadata,
            "semantics": bundled.semantics or [],
            "folder": folder,
        }
        library = (
            H5PLibrary.objects.select_for_update()
            .filter(
                machine_name=bundled.machine_name,
                major_version=bundled.major,
                minor_version=bundled.minor,
            )
            .first()
        )
        if library is not None and library.patch_version >= bundled.patch:
            libraries[bundled.key] = library  # another upload installed it meanwhile
            continue
        _replace_dir(inspection.extracted.root / bundled.folder, library_dir(folder))
        if library is None:
            library = H5PLibrary(
                machine_name=bundled.machine_name,
                major_version=bundled.major,
                minor_version=bundled.minor,
                installed_by=user,
                **values,
            )
        else:
            for name, value in values.items():
                setattr(library, name, value)
        library.full_clean(validate_unique=False)
        library.save()
        libraries[bundled.key] = library
    return libraries


def _reject(package: H5PPackage, problems: list[Problem]) -> H5PPackage:
    package.status = H5PPackageStatus.REJECTED
    package.problems = [problem.as_dict() for problem in problems]
    package.save(update_fields=["status", "problems"])
    return package


def h5p_package_install(*, package_id: int) -> H5PPackage | None:
    """The install task's body: checks the staged file again (with the uploader's permission
    now), installs new libraries, moves the sanitised content to ``content/<token>/`` and
    marks the package ready; or marks it rejected with its problems. The staged file is
    deleted either way. Idempotent: a package no longer pending is left alone."""
    package = H5PPackage.objects.select_related("uploaded_by").filter(pk=package_id).first()
    if package is None or package.status != H5PPackageStatus.PENDING:
        return package
    staged = h5p_root() / package.staged_name
    try:
        with _scratch() as scratch:
            if not staged.is_file():
                return _reject(
                    package,
                    [
                        Problem(
                            "staged_missing",
                            _("Berkas unggahan hilang sebelum dipasang; unggah ulang."),
                        )
                    ],
                )
            try:
                inspection = inspect_package(
                    staged,
                    scratch / "package",
                    may_install_libraries=may_install_libraries(package.uploaded_by),
                )
            except PackageRejected as rejected:
                return _reject(package, rejected.problems)
            target = content_dir(package.token)
            prepared = scratch / "content"
            prepared.mkdir()
            os.replace(inspection.extracted.root / "content", prepared / "content")
            shutil.copyfile(inspection.extracted.root / "h5p.json", prepared / "h5p.json")
            (prepared / "content" / "content.json").write_text(
                json.dumps(inspection.content, ensure_ascii=False), encoding="utf-8"
            )
            size = sum(p.stat().st_size for p in prepared.rglob("*") if p.is_file())
            with transaction.atomic():
                locked = H5PPackage.objects.select_for_update().get(pk=package.pk)
                if locked.status != H5PPackageStatus.PENDING:
                    return locked
                libraries = _install_libraries(inspection, package.uploaded_by)
                _replace_dir(prepared, target)
                locked.main_library = libraries[inspection.main]
                locked.metadata = inspection.extracted.metadata
                locked.content_bytes = size
                locked.status = H5PPackageStatus.READY
                locked.problems = []
                locked.installed_at = timezone.now()
                locked.save()
                locked.libraries.set([libraries[key] for key in inspection.closure])
                return locked
    finally:
        staged.unlink(missing_ok=True)


def h5p_package_install_file(*, source: Path, filename: str, user: User | None) -> H5PPackage:
    """Submit and install at once (``seed_demo``, the command line with ``--commit`` in the
    embedded default): the same two steps, in this process."""
    package = h5p_package_submit(source=source, filename=filename, user=user)
    return h5p_package_install(package_id=package.pk) or package


@transaction.atomic
def h5p_package_delete(*, package: H5PPackage, user: User | None) -> None:
    """Deletes ``package`` with its results, statements and saved states (the admin's delete:
    superusers only), logged in the admin history; its content folder and any staged upload
    are removed once this commits. Libraries stay: they are shared."""
    folder = content_dir(package.token)
    staged = h5p_root() / package.staged_name if package.staged_name else None
    DeleteAction(package, user=user).execute(skip_permission_checks=True)

    def remove_files() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        if staged is not None:
            staged.unlink(missing_ok=True)

    transaction.on_commit(remove_files)
