"""Reading an uploaded ``.h5p`` safely (docs/quality.md R4, docs/h5p.md).

:func:`extract_package` checks every entry name before reading any data (zip slip, symbolic
links, encryption, entry count, extensions, hidden, duplicate, overlong and look-alike names),
then decompresses entry by entry into a directory the caller owns (a fresh temporary one),
counting the bytes really produced, so sizes written in the archive are never trusted (a zip
bomb stops at the limit, and a size that lies fails the CRC check). Only then are ``h5p.json``,
``content/content.json`` and each bundled ``library.json`` parsed.

Nothing here touches the database or the installed files; :mod:`assessments.h5p.inspect`
adds the checks that need them (allow-list, installed libraries, permission) and the content
scan. Problems are collected as :class:`Problem` (a stable code, an Indonesian message and the
entry); the first unsafe entry stops the reading (:class:`PackageRejected`).
"""

import json
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
# Name length limit of common file systems; an entry name or any of its parts past it is refused.
MAX_NAME = 255
# Files an export may carry besides the package: macOS resource forks, dot files, H5P's
# "_"-prefixed names, stray notes at the root (H5P_CONTENT_HERE.txt). Skipped, never written
# or served; the report says so.
HIDDEN_PREFIXES = (".", "_")
HIDDEN_FOLDERS = frozenset({"__MACOSX"})

# H5P core's content whitelist without svg and xml (script-capable; docs/quality.md R4.5, R4.12).
CONTENT_EXTENSIONS = frozenset(
    {
        *("json", "txt", "csv", "md", "textile", "pdf", "rtf", "vtt", "webvtt"),
        *("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"),
        *("eot", "ttf", "woff", "woff2", "otf"),
        *("webm", "mp4", "ogg", "ogv", "mp3", "m4a", "wav"),
        *("doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "gltf", "glb"),
    }
)
# Libraries are code, installed only with the install permission: scripts and styles, and the
# SVG icons and font fallbacks real libraries ship (served sandboxed from the content origin).
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | frozenset({"js", "css", "svg", "map"})
LIBRARY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,126}$")


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_total_bytes: int
    max_entries: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_file_bytes=settings.LMS_H5P_MAX_FILE_BYTES,
            max_total_bytes=settings.LMS_H5P_MAX_TOTAL_BYTES,
            max_entries=settings.LMS_H5P_MAX_ENTRIES,
            max_ratio=settings.LMS_H5P_MAX_RATIO,
        )


@dataclass(frozen=True)
class Problem:
    """Why a package is refused: ``code`` is stable, ``message`` Indonesian, ``entry`` the
    archive entry (or JSON path) concerned, "" for the whole file."""

    code: str
    message: str
    entry: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "entry": self.entry}


class PackageRejected(Exception):  # noqa: N818 - read as a sentence: "package rejected"
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class BundledLibrary:
    """A library folder inside the package (extracted under ``root / folder``)."""

    folder: str
    machine_name: str
    major: int
    minor: int
    patch: int
    metadata: dict[str, Any]
    semantics: list | None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.machine_name, self.major, self.minor)

    @property
    def label(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}.{self.patch}"


@dataclass
class ExtractedPackage:
    root: Path
    metadata: dict[str, Any]
    content: dict[str, Any]
    libraries: dict[tuple[str, int, int], BundledLibrary]
    content_files: list[str]
    total_bytes: int
    notes: list[str] = field(default_factory=list)


def _reject(code: str, message: str, entry: str = "") -> PackageRejected:
    return PackageRejected([Problem(code, message, entry)])


def _shown(name: str) -> str:
    """An entry name safe to show: control characters as escapes, at most 120 characters."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)
    return shown if len(shown) <= 120 else shown[:117] + "…"


def _is_hidden(parts: tuple[str, ...]) -> bool:
    return any(part in HIDDEN_FOLDERS or part.startswith(HIDDEN_PREFIXES) for part in parts)


def _check_name(info: zipfile.ZipInfo) -> tuple[str, ...]:
    """The entry's path parts, or :class:`PackageRejected` for an unsafe name or type."""
    name = info.filename
    shown = _shown(name)
    if info.flag_bits & 0x1:
        raise _reject(
            "encrypted",
            _(
                "Arsip terenkripsi (berkata sandi) tidak dapat diperiksa. Ekspor ulang tanpa kata "
                "sandi."
            ),
            shown,
        )
    if "\x00" in name or any(unicodedata.category(ch) in {"Cc", "Cf", "Cs"} for ch in name):
        raise _reject(
            "bad_name",
            _("Nama berkas berisi karakter kendali atau tak terlihat."),
            shown,
        )
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _reject(
            "unsafe_path",
            _("Jalur berkas keluar dari folder paket (jalur absolut atau garis miring terbalik)."),
            shown,
        )
    parts = tuple(name.rstrip("/").split("/"))
    if any(part in {"", ".", ".."} for part in parts):
        raise _reject("unsafe_path", _('Jalur berkas keluar dari folder paket ("..").'), shown)
    if len(name) > MAX_NAME * 2 or any(len(part) > MAX_NAME for part in parts):
        raise _reject(
            "name_too_long",
            _("Nama berkas lebih dari %(n)s karakter.") % {"n": MAX_NAME},
            shown,
        )
    if unicodedata.normalize("NFKC", name) != name:
        raise _reject(
            "lookalike_name",
            _("Nama berkas memakai huruf tiruan Unicode (mis. huruf lebar atau ligatur)."),
            shown,
        )
    if any(part.endswith((".", " ")) or part != part.strip() for part in parts):
        raise _reject("bad_name", _("Nama berkas diakhiri titik atau spasi."), shown)
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise _reject("symlink", _("Paket berisi tautan simbolik (symlink)."), shown)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _reject("special_file", _("Paket berisi berkas khusus (bukan berkas biasa)."), shown)
    return parts


def _extension(part: str) -> str:
    return part.rsplit(".", 1)[1].lower() if "." in part else ""


def _plan(archive: zipfile.ZipFile, limits: Limits, notes: list[str]) -> list[zipfile.ZipInfo]:
    """The entries to extract, after every name check (nothing is read yet)."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise _reject(
            "too_many_entries",
            _("Paket berisi %(count)s entri; paling banyak %(max)s.")
            % {"count": len(infos), "max": limits.max_entries},
        )
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    chosen: list[zipfile.ZipInfo] = []
    skipped = 0
    for info in infos:
        parts = _check_name(info)
        folded = unicodedata.normalize("NFKC", info.filename.rstrip("/")).casefold()
        if folded in seen:
            raise _reject(
                "duplicate_name",
                _("Nama berkas muncul dua kali (atau hanya berbeda huruf besar/kecil): %(other)s.")
                % {"other": _shown(seen[folded])},
                _shown(info.filename),
            )
        seen[folded] = info.filename
        if info.is_dir():
            continue
        if _is_hidden(parts) or (len(parts) == 1 and parts[0] != "h5p.json"):
            skipped += 1
            continue
        extension = _extension(parts[-1])
        if parts[0] == "content":
            allowed = CONTENT_EXTENSIONS
        else:
            if not extension and parts[-1].isupper():  # LICENSE, README: notes, not code
                skipped += 1
                continue
            allowed = LIBRARY_EXTENSIONS
        if len(parts) == 1:
            allowed = frozenset({"json"})
        if extension not in allowed:
            problems.append(
                Problem(
                    "extension_not_allowed",
                    _("Jenis berkas .%(ext)s tidak diizinkan di %(where)s.")
                    % {
                        "ext": extension or _("(tanpa ekstensi)"),
                        "where": _("konten") if parts[0] == "content" else _("pustaka"),
                    },
                    _shown(info.filename),
                )
            )
            continue
        chosen.append(info)
    if problems:
        raise PackageRejected(problems)
    if skipped:
        notes.append(
            _("%(n)s berkas tersembunyi atau di luar struktur paket dilewati (tidak disimpan).")
            % {"n": skipped}
        )
    return chosen


def _copy(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limits: Limits, total: int
) -> int:
    """Decompress one entry into ``target``; the bytes written. Limits are counted on the
    bytes produced, never on the sizes the archive claims."""
    written = 0
    ceiling = max(info.compress_size, 1) * limits.max_ratio
    with archive.open(info) as source, open(target, "xb") as output:
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                break
            written += len(chunk)
            if written > limits.max_file_bytes:
                raise _reject(
                    "file_too_big",
                    _("Satu berkas lebih dari %(mb)s MiB setelah diekstrak.")
                    % {"mb": limits.max_file_bytes // (1024 * 1024)},
                    _shown(info.filename),
                )
            if total + written > limits.max_total_bytes:
                raise _reject(
                    "package_too_big",
                    _("Isi paket lebih dari %(mb)s MiB setelah diekstrak.")
                    % {"mb": limits.max_total_bytes // (1024 * 1024)},
                    _shown(info.filename),
                )
            if written > 1024 * 1024 and written > ceiling:
                raise _reject(
                    "zip_bomb",
                    _("Rasio kompresi tidak wajar (bom zip)."),
                    _shown(info.filename),
                )
            output.write(chunk)
    return written


def _json(root: Path, name: str, *, code: str, missing: str, broken: str) -> Any:
    path = root / name
    if not path.is_file():
        raise _reject(code, missing, name)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _reject(code, broken, name) from None
    if not isinstance(value, dict):
        raise _reject(code, broken, name)
    return value


def _version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10_000:
        raise ValueError(value)
    return value


def _libraries(root: Path, folders: set[str]) -> dict[tuple[str, int, int], BundledLibrary]:
    found: dict[tuple[str, int, int], BundledLibrary] = {}
    for folder in sorted(folders):
        metadata = _json(
            root,
            f"{folder}/library.json",
            code="bad_library",
            missing=_("Folder %(f)s tidak berisi library.json.") % {"f": folder},
            broken=_("library.json di folder %(f)s rusak (bukan JSON objek UTF-8).")
            % {"f": folder},
        )
        try:
            name = metadata["machineName"]
            major, minor = _version(metadata["majorVersion"]), _version(metadata["minorVersion"])
            patch = _version(metadata.get("patchVersion", 0))
            if not isinstance(name, str) or not LIBRARY_NAME.match(name):
                raise ValueError(name)
        except (KeyError, ValueError):
            raise _reject(
                "bad_library",
                _("library.json di folder %(f)s tidak menyebut nama mesin dan versi yang sah.")
                % {"f": folder},
                f"{folder}/library.json",
            ) from None
        if folder not in {f"{name}-{major}.{minor}", name}:
            raise _reject(
                "bad_library",
                _("Nama folder %(f)s tidak sesuai dengan pustaka %(name)s %(v)s.")
                % {"f": folder, "name": name, "v": f"{major}.{minor}"},
                folder,
            )
        semantics = None
        if (root / folder / "semantics.json").is_file():
            try:
                semantics = json.loads((root / folder / "semantics.json").read_text("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise _reject(
                    "bad_library",
                    _("semantics.json di folder %(f)s rusak.") % {"f": folder},
                    f"{folder}/semantics.json",
                ) from None
            if not isinstance(semantics, list):
                semantics = None
        library = BundledLibrary(folder, name, major, minor, patch, metadata, semantics)
        if library.key in found:
            raise _reject(
                "duplicate_library",
                _("Pustaka %(lib)s ada dua kali dalam paket.") % {"lib": library.label},
                folder,
            )
        found[library.key] = library
    return found


def extract_package(
    source: Path, destination: Path, limits: Limits | None = None
) -> ExtractedPackage:
    """Check and extract the ``.h5p`` at ``source`` into the empty directory ``destination``.

    Raises :class:`PackageRejected` on the first unsafe entry or broken manifest; the caller
    deletes ``destination`` then (it holds only what was extracted so far). Reads the file;
    writes only under ``destination``.
    """
    limits = limits or Limits.from_settings()
    with open(source, "rb") as handle:
        magic = handle.read(4)
    if magic != b"PK\x03\x04":
        raise _reject(
            "not_zip",
            _("Berkas ini bukan paket H5P (bukan arsip ZIP). Ekspor ulang sebagai .h5p."),
        )
    notes: list[str] = []
    try:
        with zipfile.ZipFile(source) as archive:
            chosen = _plan(archive, limits, notes)
            total = 0
            for info in chosen:
                target = destination.joinpath(*info.filename.split("/"))
                if not target.resolve().is_relative_to(destination.resolve()):
                    raise _reject(
                        "unsafe_path",
                        _("Jalur berkas keluar dari folder paket."),
                        _shown(info.filename),
                    )
                target.parent.mkdir(parents=True, exist_ok=True)
                total += _copy(archive, info, target, limits, total)
    except PackageRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        # A truncated or corrupt archive, a CRC that does not match (a size that lied), an
        # unsupported compression method.
        raise _reject(
            "corrupt",
            _("Arsip paket rusak atau tidak lengkap. Unduh atau ekspor ulang paketnya."),
        ) from None
    metadata = _json(
        destination,
        "h5p.json",
        code="bad_h5p_json",
        missing=_("Paket tidak berisi h5p.json di folder utamanya."),
        broken=_("h5p.json rusak (bukan JSON objek UTF-8)."),
    )
    content = _json(
        destination,
        "content/content.json",
        code="bad_content_json",
        missing=_("Paket tidak berisi content/content.json."),
        broken=_("content/content.json rusak (bukan JSON objek UTF-8)."),
    )
    folders = {
        info.filename.split("/", 1)[0]
        for info in chosen
        if "/" in info.filename and not info.filename.startswith("content/")
    }
    content_files = [
        info.filename[len("content/") :] for info in chosen if info.filename.startswith("content/")
    ]
    return ExtractedPackage(
        root=destination,
        metadata=metadata,
        content=content,
        libraries=_libraries(destination, folders),
        content_files=content_files,
        total_bytes=total,
        notes=notes,
    )


def is_safe_served_path(path: str) -> bool:
    """True for a relative path the player may serve: no traversal, no hidden parts (the same
    rule as extraction, for the file views)."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        return False
    parts = PurePosixPath(path).parts
    return bool(parts) and not any(p in {".", ".."} for p in parts) and not _is_hidden(parts)
