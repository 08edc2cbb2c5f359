"""Writes of the H5P part (docs/h5p.md): packages checked, staged and installed, libraries
stored once per version, xAPI statements and player state from the browser.

Every case of docs/quality.md R4 is refused by :func:`h5p_package_check` with nothing written
outside a temporary directory under ``LMS_H5P_ROOT/tmp`` (deleted on the way out). An accepted
upload is staged privately and installed by a Celery task (:func:`h5p_package_install`), which
checks the file again (never trusting the upload's earlier check) and moves the content to a
random, non-guessable folder.
"""

import hashlib
import json
import math
import os
import secrets
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.events import answers
from lms.users.models import User

from .archive import PackageRejected, Problem
from .inspect import Inspection, inspect_package
from .models import (
    H5PLibrary,
    H5PPackage,
    H5PPackageStatus,
    H5PResult,
    H5PUserState,
    XAPIStatement,
)
from .signals import h5p_completed
from .storage import content_dir, h5p_root, library_dir, library_folder_name

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
    from ..tasks import h5p_package_install_task

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


# --- from the player ---------------------------------------------------------------------

COMPLETION_VERBS = {"completed", "answered", "passed", "failed"}
SUB_CONTENT = "http://h5p.org/x-api/h5p-subContentId"
MAX_SCORE = 1_000_000


@dataclass
class StatementOutcome:
    stored: bool
    result: H5PResult | None
    lesson_completed: bool = False


def _bad(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _no_constants(value: str):
    raise ValueError(value)


def _statement(body: bytes, limit: int) -> dict[str, Any]:
    if len(body) > limit:
        raise _bad(_("Pernyataan xAPI terlalu besar."), "too_big")
    try:
        statement = json.loads(body.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad(_("Pernyataan xAPI bukan JSON yang sah."), "malformed") from None
    if not isinstance(statement, dict):
        raise _bad(_("Pernyataan xAPI harus berupa objek JSON."), "malformed")
    return statement


def _verb(statement: dict) -> str:
    verb = statement.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id or len(verb_id) > 255:
        raise _bad(_("Pernyataan xAPI tanpa kata kerja (verb.id)."), "malformed")
    return verb_id


def _is_top_level(statement: dict) -> bool:
    """A statement about the activity itself, not one of its sub-contents (a question inside
    a question set): no parent activity in the context, no H5P sub-content id."""
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    if isinstance(activities, dict) and activities.get("parent"):
        return False
    target = statement.get("object")
    definition = target.get("definition") if isinstance(target, dict) else None
    extensions = definition.get("extensions") if isinstance(definition, dict) else None
    return not (isinstance(extensions, dict) and extensions.get(SUB_CONTENT))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _score(statement: dict) -> tuple[float | None, float | None, float | None, bool, Any]:
    """(raw, max, scaled, completion, success) from ``result``; raises for impossible scores."""
    result = statement.get("result")
    if result is None:
        return None, None, None, False, None
    if not isinstance(result, dict):
        raise _bad(_("Bagian result pernyataan xAPI salah."), "malformed")
    score = result.get("score") or {}
    if not isinstance(score, dict):
        raise _bad(_("Bagian result pernyataan xAPI salah."), "malformed")
    raw, maximum = _number(score.get("raw")), _number(score.get("max"))
    scaled = _number(score.get("scaled"))
    if (raw is None) != (maximum is None):
        raw = maximum = None
    if raw is not None and not (0 <= raw <= maximum <= MAX_SCORE and maximum > 0):
        raise _bad(_("Skor dalam pernyataan xAPI tidak mungkin."), "bad_score")
    if raw is not None:
        scaled = raw / maximum
    elif scaled is not None and not 0 <= scaled <= 1:
        raise _bad(_("Skor dalam pernyataan xAPI tidak mungkin."), "bad_score")
    success = result.get("success") if isinstance(result.get("success"), bool) else None
    return raw, maximum, scaled, result.get("completion") is True, success


def h5p_statement_record(
    *, user: User, package: H5PPackage, page_id: int, body: bytes, limit: int
) -> StatementOutcome:
    """Stores one xAPI statement the player sent for ``user`` (append-only, idempotent on
    ``id``: a repeat changes nothing) and, for a top-level completed/answered/passed/failed
    statement, updates the learner's result on this page (the best score reported; completion
    sticks). The actor in the statement is ignored: the statement is the caller's.

    Raises ``ValidationError`` (Indonesian) for a statement over ``limit`` bytes, malformed
    JSON, a missing or non-UUID id, a missing verb or an impossible score; nothing is stored
    then. Once a completion is stored, asks the apps above (``h5p_completed``) whether that
    completes the lesson (courses: when the block says so)."""
    statement = _statement(body, limit)
    try:
        statement_id = uuid.UUID(str(statement.get("id")))
    except ValueError:
        raise _bad(_("Pernyataan xAPI tanpa id (UUID)."), "malformed") from None
    verb_id = _verb(statement)
    verb = verb_id.rstrip("/").rsplit("/", 1)[-1].lower()
    top_level = _is_top_level(statement)
    raw, maximum, scaled, completion, success = _score(statement)
    with transaction.atomic():
        try:
            with transaction.atomic():
                XAPIStatement.objects.create(
                    statement_id=statement_id,
                    user=user,
                    package=package,
                    page_id=page_id,
                    verb=verb_id,
                    top_level=top_level,
                    statement=statement,
                    size_bytes=len(body),
                )
        except IntegrityError:
            return StatementOutcome(stored=False, result=None)
        if not top_level or verb not in COMPLETION_VERBS:
            return StatementOutcome(stored=True, result=None)
        result, _created = H5PResult.objects.select_for_update().get_or_create(
            user=user, package=package, page_id=page_id
        )
        if scaled is not None and (result.scaled_score is None or scaled >= result.scaled_score):
            result.raw_score, result.max_score, result.scaled_score = raw, maximum, scaled
        if success is not None and (result.success is None or success):
            result.success = success
        finished = verb in {"completed", "passed", "failed"} or completion
        if finished and not result.completed:
            result.completed = True
            result.first_completed_at = timezone.now()
        result.statements += 1
        result.save()
    lesson_completed = False
    if result.completed:
        lesson_completed = any(answers(h5p_completed, sender=H5PResult, result=result))
    return StatementOutcome(stored=True, result=result, lesson_completed=lesson_completed)


def h5p_state_save(
    *,
    user: User,
    package: H5PPackage,
    page_id: int,
    data_type: str,
    sub_content_id: str,
    data: str,
    limit: int,
) -> H5PUserState:
    """Saves the player's state for resuming (the last save wins). ``data`` must be JSON text
    of at most ``limit`` bytes; an empty string or ``"RESET"`` deletes the saved state.
    Raises ``ValidationError`` (Indonesian) otherwise."""
    if not isinstance(data_type, str) or not data_type.isidentifier() or len(data_type) > 64:
        raise _bad(_("Jenis data status pemutar tidak sah."), "malformed")
    if not isinstance(sub_content_id, str) or len(sub_content_id) > 64:
        raise _bad(_("Id sub-konten tidak sah."), "malformed")
    if not isinstance(data, str):
        raise _bad(_("Status pemutar harus berupa teks JSON."), "malformed")
    if len(data.encode("utf-8")) > limit:
        raise _bad(_("Status pemutar terlalu besar."), "too_big")
    key = {
        "user": user,
        "package": package,
        "page_id": page_id,
        "data_type": data_type,
        "sub_content_id": sub_content_id,
    }
    if data in {"", "RESET"}:
        H5PUserState.objects.filter(**key).delete()
        return H5PUserState(**key, data="")
    try:
        json.loads(data, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise _bad(_("Status pemutar bukan JSON yang sah."), "malformed") from None
    state, _created = H5PUserState.objects.update_or_create(**key, defaults={"data": data})
    return state
