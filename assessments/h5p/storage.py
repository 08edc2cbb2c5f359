"""Where installed H5P files live and the addresses they are served from (docs/h5p.md).

``LMS_H5P_ROOT/libraries/<Machine.Name-major.minor>/``: one folder per library version,
shared by every package that uses it. ``LMS_H5P_ROOT/content/<token>/``: one package's
``h5p.json``, ``content/content.json`` (sanitised) and media, under a random name.

Both are served only by the player views on ``H5P_CONTENT_ORIGIN`` (``assessments.h5p.player``),
never from MEDIA_URL: their JavaScript and SVG must not run on the site's own origin.
"""

from pathlib import Path

from django.conf import settings


def h5p_root() -> Path:
    return Path(settings.LMS_H5P_ROOT)


def libraries_root() -> Path:
    return h5p_root() / "libraries"


def contents_root() -> Path:
    return h5p_root() / "content"


def library_folder_name(machine_name: str, major: int, minor: int) -> str:
    """H5P's folder name for a library version: ``H5P.TrueFalse-1.6``."""
    return f"{machine_name}-{major}.{minor}"


def library_dir(folder: str) -> Path:
    return libraries_root() / folder


def content_dir(token: str) -> Path:
    return contents_root() / token


def content_origin() -> str:
    """The origin the player is served from: ``H5P_CONTENT_ORIGIN``, or "" for this host."""
    return settings.H5P_CONTENT_ORIGIN


def player_path(token: str) -> str:
    return f"/h5p/main/{token}/"


def player_url(token: str) -> str:
    """The sandboxed iframe's address for the package with ``token``."""
    return content_origin() + player_path(token)


def content_files_path(token: str) -> str:
    """h5p-standalone's ``h5pJsonPath``: the folder holding ``h5p.json``."""
    return f"/h5p/files/content/{token}"


def libraries_files_path() -> str:
    """h5p-standalone's ``librariesPath``."""
    return "/h5p/files/libraries"
