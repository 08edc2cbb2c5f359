"""The kinds of prepared download and their builders, found in ``<app>.downloads`` modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import IO, Any

from django.apps import apps

# progress(done, total): called by a builder as it goes (the service stores it, throttled by
# the builder's own "every N items").
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DownloadKind:
    """``build(download, output, progress)`` writes the whole file into ``output`` (binary,
    seekable); it may raise ``ApplicationError``/``ValidationError`` with a message for the
    user. ``file_name(download)`` is the name the browser saves."""

    name: str
    build: Callable[[Any, IO[bytes], Progress], None]
    file_name: Callable[[Any], str]
    content_type: str = "application/octet-stream"
    suffix: str = ""


_KINDS: dict[str, DownloadKind] = {}
_discovered = False


def register(kind: DownloadKind) -> DownloadKind:
    _KINDS[kind.name] = kind
    return kind


def discover() -> None:
    global _discovered
    if _discovered:
        return
    for config in apps.get_app_configs():
        name = f"{config.name}.downloads"
        if config.name != "lms.core" and find_spec(name) is not None:
            import_module(name)
    _discovered = True


def download_kind(name: str) -> DownloadKind | None:
    discover()
    return _KINDS.get(name)
