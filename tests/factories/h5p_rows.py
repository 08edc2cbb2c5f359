"""H5P libraries, packages and results for tests, made directly with the ORM (no archive, no
files on disk): what the admin lists, inspects and scopes. Tests of the upload pipeline build
real ``.h5p`` files instead."""

import hashlib
import itertools
import secrets

from django.utils import timezone

from assessments.h5p.models import H5PLibrary, H5PPackage, H5PPackageStatus, H5PResult

_sequence = itertools.count(1)


def make_library(
    machine_name: str = "H5P.TrueFalse",
    major: int = 1,
    minor: int = 8,
    patch: int = 0,
    *,
    runnable: bool = True,
    enabled: bool = True,
    installed_by=None,
    title: str | None = None,
) -> H5PLibrary:
    return H5PLibrary.objects.create(
        machine_name=machine_name,
        major_version=major,
        minor_version=minor,
        patch_version=patch,
        title=title or machine_name.split(".")[-1],
        runnable=runnable,
        enabled=enabled,
        folder=f"{machine_name}-{major}.{minor}",
        installed_by=installed_by,
        metadata={"machineName": machine_name, "majorVersion": major, "minorVersion": minor},
    )


def make_package(
    title: str = "Latihan benar/salah SPBE",
    *,
    uploaded_by=None,
    status: str = H5PPackageStatus.READY,
    main_library: H5PLibrary | None = None,
    libraries: tuple[H5PLibrary, ...] = (),
    problems: list | None = None,
) -> H5PPackage:
    """A package as the install task leaves it: ready with its main library and the libraries
    it uses (``main_library`` is made when not given), or pending/rejected without them."""
    n = next(_sequence)
    if status == H5PPackageStatus.READY and main_library is None:
        main_library = H5PLibrary.objects.filter(machine_name="H5P.TrueFalse").first()
        main_library = main_library or make_library(installed_by=uploaded_by)
    ready = status == H5PPackageStatus.READY
    package = H5PPackage.objects.create(
        title=title,
        main_library_name=main_library.machine_name if main_library else "H5P.TrueFalse",
        main_library=main_library if ready else None,
        status=status,
        problems=problems or [],
        token=secrets.token_urlsafe(24),
        original_filename=f"latihan-{n}.h5p",
        sha256=hashlib.sha256(f"paket {n}".encode()).hexdigest(),
        size_bytes=12_345 + n,
        content_bytes=23_456 + n if ready else 0,
        metadata={"title": title, "mainLibrary": "H5P.TrueFalse"},
        uploaded_by=uploaded_by,
        installed_at=timezone.now() if ready else None,
    )
    if ready:
        package.libraries.set({main_library, *libraries})
    return package


def make_result(package: H5PPackage, user, *, page_id: int = 1, raw: float = 3, maximum: float = 4):
    return H5PResult.objects.create(
        user=user,
        package=package,
        page_id=page_id,
        raw_score=raw,
        max_score=maximum,
        scaled_score=raw / maximum if maximum else None,
        completed=True,
        success=raw / maximum >= 0.5 if maximum else None,
        statements=1,
        first_completed_at=timezone.now(),
    )
