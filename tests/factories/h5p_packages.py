"""Installed H5P packages for tests that play them: a built ``.h5p`` extracted into the
storage paths with its library and package rows, without the upload pipeline (the install
service, ``assessments.h5p.services``, is tested on its own in test_h5p_upload)."""

import secrets

import pyh5p
from django.utils import timezone

from assessments.h5p import storage
from assessments.h5p.build import build_demo
from assessments.h5p.models import H5PLibrary, H5PPackage, H5PPackageStatus


def install_package(
    data: bytes | None = None,
    *,
    title: str | None = None,
    status: str = H5PPackageStatus.READY,
    library_enabled: bool = True,
) -> H5PPackage:
    """Extracts ``data`` (by default the demo package) and returns its package row."""
    data = data or build_demo()
    package = pyh5p.read_package(data)
    token = secrets.token_urlsafe(24)
    libraries = []
    for packaged in package.libraries:
        meta = packaged.metadata
        folder = storage.library_folder_name(
            meta["machineName"], meta["majorVersion"], meta["minorVersion"]
        )
        root = storage.library_dir(folder)
        for name, payload in packaged.files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
        library, _ = H5PLibrary.objects.update_or_create(
            machine_name=meta["machineName"],
            major_version=meta["majorVersion"],
            minor_version=meta["minorVersion"],
            defaults={
                "patch_version": meta.get("patchVersion", 0),
                "title": meta.get("title", meta["machineName"]),
                "runnable": bool(meta.get("runnable")),
                "enabled": library_enabled,
                "metadata": meta,
                "semantics": packaged.semantics_raw,
                "folder": folder,
            },
        )
        libraries.append(library)
    content_root = storage.content_dir(token)
    for name, payload in package.files.items():
        if name == "h5p.json" or name.startswith("content/"):
            target = content_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
    main = next(
        (lib for lib in libraries if lib.machine_name == package.metadata["mainLibrary"]), None
    )
    ready = status == H5PPackageStatus.READY
    row = H5PPackage.objects.create(
        title=title or package.metadata["title"],
        main_library_name=package.metadata["mainLibrary"],
        main_library=main,
        status=status,
        token=token,
        original_filename="latihan.h5p",
        sha256="0" * 64,
        size_bytes=len(data),
        metadata=package.metadata,
        installed_at=timezone.now() if ready else None,
    )
    row.libraries.set(libraries)
    return row
