"""The sandboxed H5P player and the files it loads, served from the content origin only
(``H5P_CONTENT_ORIGIN``; in dev, the same host under ``/h5p/``). docs/h5p.md, docs/security.md.

Everything answered here carries the same strict Content-Security-Policy, with
``sandbox allow-scripts``: a page or file of an H5P package runs in an opaque origin even when
opened directly, so its JavaScript can never read the site's cookies, storage or pages. The
lesson page frames the player with ``<iframe sandbox="allow-scripts">`` (never
``allow-same-origin``) and talks to it with ``postMessage`` only (``h5p_frame.js`` inside,
``h5p_lesson.js`` outside).

Sources of the policy, each one what h5p-standalone 3.8 needs in Chromium (tests/e2e):

- The player runs H5P with the ``div`` embed type, in this (already framed, sandboxed)
  document. h5p-standalone's ``iframe`` embed type cannot work here: the inner
  ``about:blank`` frame of a sandboxed document gets a new opaque origin (HTML, "determining
  the origin"), so H5P core cannot write its document (``contentDocument`` is null).
- ``script-src <content origin>``: the player, H5P core and the library scripts are files of
  the content origin; no inline script, no ``'unsafe-eval'`` (nothing evaluates strings).
- ``style-src <content origin> 'unsafe-inline'``: H5P content types on the allowed list
  (Course Presentation, Drag and Drop...) write ``style=""`` attributes through markup; in an
  opaque origin with no secrets and no network beyond this origin, inline CSS can do no harm.
- ``img-src``/``media-src <content origin> data: blob:``: content images and media; content
  types use data: URIs for small images and blob: for recorded or generated media.
- ``font-src <content origin> data:``: H5P's icon and text fonts (fetched with CORS from the
  opaque origin: hence ``Access-Control-Allow-Origin: *``).
- ``connect-src <content origin>``: h5p-standalone fetches h5p.json, content.json and each
  library.json.
- nothing else (``default-src 'none'``: no frames, workers, objects, manifests);
  ``frame-ancestors`` the site's own origin (``WAGTAILADMIN_BASE_URL``), plus this host when the
  player shares it (dev); ``base-uri 'none'``, ``form-action 'none'``.
"""

from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils.http import http_date
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from . import storage
from .selectors import playable_package, servable_library

# Files of h5p-standalone (never copied into the repository) and the project's frame glue.
STANDALONE_DIST = Path(settings.BASE_DIR) / "node_modules" / "h5p-standalone" / "dist"
GLUE_DIR = Path(__file__).resolve().parents[1] / "static" / "assessments"
GLUE_FILES = {"lms/h5p_frame.js": "h5p_frame.js", "lms/h5p_frame.css": "h5p_frame.css"}

# The only types served. Anything else (HTML, XML, executables, source maps...) is a 404.
CONTENT_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "eot": "application/vnd.ms-fontobject",
    "otf": "font/otf",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "ogg": "audio/ogg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "vtt": "text/vtt; charset=utf-8",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
}
# Served as downloads when opened directly (an <img> or CSS still uses an SVG as usual): an
# SVG or PDF is a document that could run script; the CSP sandbox holds it anyway.
ATTACHMENT_TYPES = {"svg", "pdf"}

SAVE_FREQ_SECONDS = 10


# -- headers -------------------------------------------------------------------------------


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def site_origin() -> str:
    """The learner-facing site's origin: the only parent the player talks to and is framed by."""
    return _origin_of(settings.WAGTAILADMIN_BASE_URL)


def _own_origin(request) -> str:
    return storage.content_origin() or f"{request.scheme}://{request.get_host()}"


def parent_origin(request) -> str:
    """Where the frame glue posts its messages: the site, or this host when they share it."""
    if storage.content_origin():
        return site_origin()
    return f"{request.scheme}://{request.get_host()}"


def content_security_policy(request) -> str:
    own = _own_origin(request)
    ancestors = [site_origin()]
    if not storage.content_origin():  # dev: the site and the player share this host
        ancestors += ["'self'", own]
    ancestors = [a for i, a in enumerate(ancestors) if a and a not in ancestors[:i]]
    directives = [
        "default-src 'none'",
        f"script-src {own}",
        f"style-src {own} 'unsafe-inline'",
        f"img-src {own} data: blob:",
        f"media-src {own} data: blob:",
        f"font-src {own} data:",
        f"connect-src {own}",
        "worker-src 'none'",
        "object-src 'none'",
        "manifest-src 'none'",
        f"frame-ancestors {' '.join(ancestors)}",
        "base-uri 'none'",
        "form-action 'none'",
        "sandbox allow-scripts",
    ]
    return "; ".join(directives)


def _secure(response, request):
    response["Content-Security-Policy"] = content_security_policy(request)
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _check_host(request) -> None:
    """With ``H5P_CONTENT_ORIGIN`` set, nothing here answers on another host (the site's own
    host above all: its JavaScript would run beside the session)."""
    origin = storage.content_origin()
    if origin and request.get_host().lower() != urlsplit(origin).netloc.lower():
        raise Http404


# -- paths ---------------------------------------------------------------------------------


def safe_relative(path: str) -> PurePosixPath | None:
    """``path`` as a relative path of plain segments, or None for anything that could leave
    the root or reach a hidden file: ``..``, ``.``, empty segments, a backslash, NUL, an
    absolute path, a segment starting with ``.`` or ``_`` (``__MACOSX`` too)."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/") or ":" in path:
        return None
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", "..") or part[0] in "._":
            return None
    return PurePosixPath(*parts)


def _serve(request, root: Path, path: str, *, cache: str):
    relative = safe_relative(path)
    if relative is None:
        raise Http404
    extension = relative.suffix.lower().lstrip(".")
    content_type = CONTENT_TYPES.get(extension)
    if content_type is None:
        raise Http404
    try:
        base = root.resolve(strict=True)
        target = (base / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        raise Http404 from None
    if not target.is_relative_to(base) or not target.is_file():
        raise Http404
    stat = target.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(
            target.open("rb"),
            content_type=content_type,
            as_attachment=extension in ATTACHMENT_TYPES,
            filename=relative.name,
        )
        if extension not in ATTACHMENT_TYPES:
            del response["Content-Disposition"]  # FileResponse's "inline; filename=..."
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = cache
    return _secure(response, request)


# -- views ---------------------------------------------------------------------------------


@require_safe
@xframe_options_exempt  # framed by the site: the CSP's frame-ancestors says by whom
def player_page(request, token: str):
    """The player document the lesson page frames. No session, no cookie: it never reads
    ``request.user``; the learner's state comes from the parent by postMessage."""
    _check_host(request)
    package = playable_package(token)
    if package is None:
        raise Http404
    language = (package.metadata or {}).get("language") or "id"
    html = render_to_string(
        "assessments/h5p/player.html",
        {
            "package": package,
            "language": language if isinstance(language, str) and len(language) <= 16 else "id",
            "h5p_json_path": storage.content_files_path(token),
            "content_json_path": storage.content_files_path(token) + "/content",
            "libraries_path": storage.libraries_files_path(),
            "parent_origin": parent_origin(request),
            "save_freq": SAVE_FREQ_SECONDS,
        },
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return _secure(response, request)


@require_safe
def content_file(request, token: str, path: str):
    _check_host(request)
    if playable_package(token) is None:
        raise Http404
    return _serve(request, storage.content_dir(token), path, cache="private, max-age=300")


@require_safe
def library_file(request, folder: str, path: str):
    _check_host(request)
    if safe_relative(folder) is None or "/" in folder or not servable_library(folder):
        raise Http404
    # A newer patch replaces a library's files in place: an hour, then asked again.
    return _serve(request, storage.library_dir(folder), path, cache="public, max-age=3600")


@require_safe
def player_asset(request, path: str):
    """h5p-standalone's dist files (main.bundle.js, frame.bundle.js, styles, fonts) and the
    frame glue (``lms/h5p_frame.js``, ``lms/h5p_frame.css``)."""
    _check_host(request)
    if path in GLUE_FILES:
        return _serve(request, GLUE_DIR, GLUE_FILES[path], cache="public, max-age=3600")
    return _serve(request, STANDALONE_DIST, path, cache="public, max-age=86400")
