"""Real ``.h5p`` archives for tests: the project's own content type (``assessments.h5p.build``)
as a file map, and a zip writer that can also write what no honest exporter writes (symlinks,
encrypted flags, lying sizes, duplicates), for the hostile cases of docs/quality.md R4."""

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

from assessments.h5p.build import build_benar_salah

SHARED_FIXTURE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "fixtures"
    / "h5p"
    / "true-false-hello-world.h5p"
)


def benar_salah_files(**overrides) -> dict[str, bytes]:
    """The files of a valid one-question package (h5p.json, content, the library folder)."""
    values = {
        "title": "Latihan SPBE",
        "question_html": "<p>SPBE singkatan dari Sistem Pemerintahan Berbasis Elektronik.</p>",
        "correct": True,
    } | overrides
    with zipfile.ZipFile(io.BytesIO(build_benar_salah(**values))) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def with_json(files: dict[str, bytes], name: str, change) -> dict[str, bytes]:
    """``files`` with the JSON file ``name`` passed through ``change(dict) -> dict``."""
    changed = dict(files)
    changed[name] = json.dumps(change(json.loads(files[name]))).encode()
    return changed


def zip_bytes(
    files: dict[str, bytes],
    *,
    modes: dict[str, int] | None = None,
    stored: bool = False,
) -> bytes:
    """A zip of ``files`` in order; ``modes``: Unix mode per name (e.g. a symlink)."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = method
            if modes and name in modes:
                info.external_attr = modes[name] << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def zip_with_duplicate(files: dict[str, bytes], name: str, second: bytes) -> bytes:
    """``files`` plus a second entry called ``name`` (zipfile warns but writes it)."""
    buffer = io.BytesIO(zip_bytes(files))
    with zipfile.ZipFile(buffer, "a") as archive:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            archive.writestr(name, second)
    return buffer.getvalue()


def _patch_headers(data: bytes, name: str, local: int, central: int, change) -> bytes:
    """``data`` with the 4-byte field at ``local`` (local header) and ``central`` (central
    directory) offsets of entry ``name`` replaced by ``change(old) -> new``."""
    encoded = name.encode()
    for signature, offset, name_offset in (
        (b"PK\x03\x04", local, 30),
        (b"PK\x01\x02", central, 46),
    ):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset : start + name_offset + len(encoded)] == encoded:
                (old,) = struct.unpack_from("<I", data, start + offset)
                data = (
                    data[: start + offset]
                    + struct.pack("<I", change(old))
                    + data[start + offset + 4 :]
                )
            start += 4
    return data


def zip_with_lying_size(files: dict[str, bytes], name: str, claimed: int) -> bytes:
    """``files`` where entry ``name`` (deflated) claims ``claimed`` uncompressed bytes in both
    its local header and the central directory, whatever it really holds."""
    return _patch_headers(zip_bytes(files), name, 22, 24, lambda _old: claimed)


def zip_marked_encrypted(files: dict[str, bytes], name: str) -> bytes:
    """``files`` with entry ``name`` flagged as encrypted (general-purpose bit 0), as a
    password-protected export is."""
    # The flag is the low half of the 4 bytes at local offset 6 / central offset 8.
    return _patch_headers(zip_bytes(files), name, 6, 8, lambda old: old | 0x1)


def bomb_bytes(size: int) -> bytes:
    """``size`` zero bytes: deflate compresses them about a thousand times."""
    return b"\0" * size


def deflated_size(data: bytes) -> int:
    return len(zlib.compress(data))
