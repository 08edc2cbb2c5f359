"""The checks of an uploaded package that need the site: the main content type's allow-list,
the libraries it needs (bundled or installed), the install permission, and the content's text
(docs/quality.md R4.6–R4.8, docs/h5p.md).

:func:`inspect_package` extracts (``archive.extract_package``) into a directory the caller
owns and returns an :class:`Inspection`, or raises ``PackageRejected`` with every problem
found. It reads the installed libraries and writes nothing but that directory.
"""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nh3
from django.conf import settings
from django.utils.translation import gettext as _
from pyh5p import H5PPackage as PyH5PPackage

from .archive import BundledLibrary, ExtractedPackage, Limits, PackageRejected, Problem
from .archive import extract_package as _extract
from .models import H5PLibrary

Key = tuple[str, int, int]

# Markup that runs script, wherever it hides in content.json (R4.8): the package is refused
# rather than quietly changed, so the trainer knows what was wrong with it.
SCRIPT = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|link|meta|style|base|form|svg|math)\b"
    r"|<[^>]*\bon[a-z]+\s*="
    r"|\b(java|vb)script\s*:"
    r"|\bdata\s*:\s*text/html"
    r"|\bsrcdoc\s*=",
    re.IGNORECASE,
)
EXTERNAL = re.compile(r"^https?://", re.IGNORECASE)
# H5P core's implied tags (H5PContentValidator::validateText).
IMPLIED_TAGS = {"table": {"tr", "td", "th", "colgroup", "thead", "tbody", "tfoot"}}
ENTITY = re.compile(r"&(?!(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


@dataclass
class Inspection:
    extracted: ExtractedPackage
    title: str
    main: Key
    closure: list[Key]
    to_install: list[BundledLibrary]
    installed: dict[Key, H5PLibrary]
    content: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def main_library_name(self) -> str:
        return self.main[0]


def _dependencies(metadata: dict, *kinds: str) -> list[Key]:
    keys: list[Key] = []
    for kind in kinds:
        for item in metadata.get(kind) or []:
            if isinstance(item, dict):
                try:
                    keys.append(
                        (
                            str(item["machineName"]),
                            int(item["majorVersion"]),
                            int(item["minorVersion"]),
                        )
                    )
                except (KeyError, TypeError, ValueError):
                    continue
    return keys


def _label(key: Key) -> str:
    return f"{key[0]} {key[1]}.{key[2]}"


def installed_libraries() -> dict[Key, H5PLibrary]:
    """Every installed library by (machine name, major, minor). One query."""
    return {
        (lib.machine_name, lib.major_version, lib.minor_version): lib
        for lib in H5PLibrary.objects.all()
    }


def _manifest_problems(metadata: dict) -> list[Problem]:
    """h5p.json's mandatory fields and types, by pyh5p's package validator (the manifest only:
    content and files are checked here, with the project's own rules)."""
    issues = PyH5PPackage(metadata, {}, (), {}).validate(allow_content_only=True)
    return [
        Problem(
            "bad_h5p_json",
            _("h5p.json tidak lengkap atau salah: %(path)s (%(detail)s).")
            % {"path": issue.path.removeprefix("$.h5p."), "detail": issue.message},
            "h5p.json",
        )
        for issue in issues
    ]


def _closure(
    roots: list[Key], bundled: dict[Key, BundledLibrary], installed: dict[Key, H5PLibrary]
) -> tuple[list[Key], list[Key]]:
    """The libraries the content needs at run time (preloaded and dynamic dependencies, from
    the bundled library.json or the installed one), and those found nowhere."""
    order: list[Key] = []
    missing: list[Key] = []
    stack = list(reversed(roots))
    seen: set[Key] = set()
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        if key in bundled:
            metadata = bundled[key].metadata
        elif key in installed:
            metadata = installed[key].metadata
        else:
            missing.append(key)
            continue
        order.append(key)
        stack.extend(
            reversed(_dependencies(metadata, "preloadedDependencies", "dynamicDependencies"))
        )
    return order, missing


class _Sanitizer:
    """content.json's text made safe per the semantics of each (sub)content type, as H5P core
    does on save: fields without ``tags`` are plain text (HTML special characters escaped,
    existing entities kept), fields with ``tags`` keep only those tags (nh3)."""

    def __init__(self, semantics_of: dict[str, list]) -> None:
        self.semantics_of = semantics_of  # "Machine.Name major.minor" -> semantics

    def fields(self, semantics: list, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        result = dict(value)
        for semantic in semantics:
            if isinstance(semantic, dict) and semantic.get("name") in result:
                result[semantic["name"]] = self.value(semantic, result[semantic["name"]])
        return result

    def value(self, semantic: dict, value: Any) -> Any:
        kind = semantic.get("type")
        if kind == "text" and isinstance(value, str):
            return self.text(semantic, value)
        if kind == "group" and isinstance(semantic.get("fields"), list):
            fields = semantic["fields"]
            if len(fields) == 1 and not isinstance(value, dict):  # H5P's one-field group
                return self.value(fields[0], value)
            return self.fields(fields, value)
        if kind == "list" and isinstance(value, list) and isinstance(semantic.get("field"), dict):
            return [self.value(semantic["field"], item) for item in value]
        if kind == "library" and isinstance(value, dict):
            name = value.get("library")
            semantics = self.semantics_of.get(name) if isinstance(name, str) else None
            if semantics is not None and isinstance(value.get("params"), dict):
                return {**value, "params": self.fields(semantics, value["params"])}
        return value

    @staticmethod
    def text(semantic: dict, value: str) -> str:
        tags = semantic.get("tags")
        if not isinstance(tags, list) or not tags:
            escaped = ENTITY.sub("&amp;", value)
            return escaped.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        allowed = {str(tag).lower() for tag in tags}
        for tag, implied in IMPLIED_TAGS.items():
            if tag in allowed:
                allowed |= implied
        if "b" in allowed:
            allowed.add("strong")
        if "i" in allowed:
            allowed.add("em")
        return nh3.clean(
            value,
            tags=allowed,
            attributes={"a": {"href", "target"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )


def _script_problems(value: Any, path: str = "content") -> list[Problem]:
    found: list[Problem] = []
    if isinstance(value, str):
        if SCRIPT.search(value):
            found.append(
                Problem(
                    "script_in_content",
                    _("Teks konten berisi skrip atau atribut yang menjalankan skrip."),
                    path,
                )
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _script_problems(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _script_problems(item, f"{path}[{index}]")
    return found


def _media_problems(value: Any, files: set[str], path: str = "content") -> list[Problem]:
    """Every ``path`` of a file field is packaged, or an external http(s) address."""
    found: list[Problem] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "path" and isinstance(item, str):
                if not EXTERNAL.match(item) and item.split("#", 1)[0] not in files:
                    found.append(
                        Problem(
                            "media_missing",
                            _("Konten merujuk berkas yang tidak ada di paket."),
                            f"{path}.path",
                        )
                    )
            else:
                found += _media_problems(item, files, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _media_problems(item, files, f"{path}[{index}]")
    return found


def inspect_package(
    source: Path,
    destination: Path,
    *,
    may_install_libraries: bool,
    limits: Limits | None = None,
) -> Inspection:
    """Extract and check the package at ``source`` into ``destination`` (empty, owned by the
    caller, who deletes it afterwards). ``may_install_libraries``: the uploader holds
    ``assessments.install_h5plibrary``. Raises ``PackageRejected`` with all problems found."""
    extracted = _extract(source, destination, limits)
    metadata = extracted.metadata
    problems = _manifest_problems(metadata)
    if problems:
        raise PackageRejected(problems)
    installed = installed_libraries()
    bundled = extracted.libraries
    main_name = metadata["mainLibrary"]
    main = next(
        (k for k in _dependencies(metadata, "preloadedDependencies") if k[0] == main_name), None
    )
    if main is None:
        raise PackageRejected(
            [
                Problem(
                    "bad_h5p_json",
                    _(
                        "h5p.json tidak menyebut versi jenis konten utama %(name)s di "
                        "preloadedDependencies."
                    )
                    % {"name": main_name},
                    "h5p.json",
                )
            ]
        )
    if main_name not in settings.LMS_H5P_ALLOWED_MAIN_LIBRARIES:
        problems.append(
            Problem(
                "main_not_allowed",
                _(
                    "Jenis konten %(name)s tidak diizinkan di situs ini. "
                    "Yang diizinkan: %(allowed)s."
                )
                % {
                    "name": main_name,
                    "allowed": ", ".join(settings.LMS_H5P_ALLOWED_MAIN_LIBRARIES),
                },
                "h5p.json",
            )
        )
    if main in installed and not installed[main].enabled:
        problems.append(
            Problem(
                "main_disabled",
                _("Jenis konten %(lib)s dinonaktifkan oleh BKPSDM.") % {"lib": _label(main)},
                "h5p.json",
            )
        )
    closure, missing = _closure(
        _dependencies(metadata, "preloadedDependencies"), bundled, installed
    )
    for key in missing:
        problems.append(
            Problem(
                "library_missing",
                _(
                    "Pustaka %(lib)s tidak ada di paket maupun di situs. "
                    "Ekspor ulang paket beserta pustakanya."
                )
                % {"lib": _label(key)},
                "h5p.json",
            )
        )
    to_install = [
        bundled[key]
        for key in closure
        if key in bundled
        and (key not in installed or bundled[key].patch > installed[key].patch_version)
    ]
    if to_install and not may_install_libraries:
        problems.append(
            Problem(
                "library_install_forbidden",
                _(
                    "Paket membawa pustaka yang belum terpasang di situs: %(libs)s. "
                    'Memasang pustaka baru perlu izin "Boleh memasang pustaka H5P baru" '
                    "(minta BKPSDM)."
                )
                % {"libs": ", ".join(lib.label for lib in to_install)},
                to_install[0].folder,
            )
        )
    problems += _script_problems(extracted.content)
    problems += _media_problems(extracted.content, set(extracted.content_files))
    if problems:
        raise PackageRejected(problems)
    semantics_of: dict[str, list] = {}
    for key in closure:
        semantics = bundled[key].semantics if key in bundled else installed[key].semantics
        if semantics:
            semantics_of[f"{key[0]} {key[1]}.{key[2]}"] = semantics
    main_semantics = semantics_of.get(f"{main[0]} {main[1]}.{main[2]}", [])
    content = _Sanitizer(semantics_of).fields(main_semantics, extracted.content)
    notes = list(extracted.notes)
    unused = sorted(set(bundled) - set(closure))
    if unused:
        notes.append(
            _("Pustaka yang tidak diperlukan untuk memutar konten tidak dipasang: %(libs)s.")
            % {"libs": ", ".join(_label(key) for key in unused)}
        )
    title = metadata.get("title") if isinstance(metadata.get("title"), str) else ""
    return Inspection(
        extracted=extracted,
        title=html.unescape(title).strip()[:255] or main_name,
        main=main,
        closure=closure,
        to_install=to_install,
        installed=installed,
        content=content,
        notes=notes,
    )
