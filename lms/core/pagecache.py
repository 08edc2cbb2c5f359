"""Anonymous public pages from the shared cache (docs/quality.md P2, docs/deployment.md).

The home page, the course catalogue, the course pages and the privacy notice look the same to
every visitor who is not signed in, and on exam day thousands of them open these pages at once.
:class:`AnonymousPageCacheMiddleware` keeps the rendered page in the shared cache and answers
the next visitor from there: no database query, no template.

What is cached, and when:

* only pages that opt in: :class:`PublicPageCacheMixin` on a Wagtail page type (``HomePage``,
  ``CourseIndexPage``, ``CoursePage``), :func:`public_page_cache` on a view (``/privasi/``);
  and only at their canonical address (``page.url``), never a preview;
* only ``GET`` (filled) and ``GET``/``HEAD`` (served) without a query string, from a visitor
  with no session cookie, no messages cookie and no ``Authorization`` header, on a path of at
  most ``MAX_PATH`` characters outside the application's own prefixes (``/admin/``, ``/akun/``,
  ``/api/``, ``/kuis/``, ``/h5p/`` …);
* only a 200 that sets no cookie, asked for no ``private``/``no-store``, varies on nothing but
  ``Cookie``, and left the (empty) session untouched.

The key holds the scheme, the host (``request.get_host()``: only ``ALLOWED_HOSTS`` get this far),
the language (``LanguageMiddleware``: the ``django_language`` cookie or Indonesian, never
Accept-Language) and the path; the entry holds the published-content generation it was rendered
under (``lms.core.contentcache``), and only that generation replays it: publishing, unpublishing,
moving or deleting a page, or saving the site settings, retires every entry at once on every
node. (The generation sits in the entry rather than in the key so that a hit is one ``MGET`` of
the generation and the page, not two round trips.) What no signal announces (a competency
renamed, a quiz's pass mark) shows within ``LMS_PAGE_CACHE_SECONDS`` (the entries' timeout; 0
switches the cache off).

Per-visitor bits are never replayed:

* every page carries a CSRF token (the language switch in the footer, the home page's login
  form). The stored body has holes where the filler's masked tokens were (every 64-character
  token that unmasks to the filler's secret, wherever it stands; a page showing the secret itself
  is not stored); a replay fills them with the visitor's own token (``get_token``), and
  ``CsrfViewMiddleware`` (outside this one) sets the visitor's cookie as for a fresh page;
* the header's "Masuk"/"Keluar" links and the messages depend on the user and the session:
  signed-in visitors and visitors with messages waiting never reach the cache;
* the Content-Security-Policy has no nonce (docs/security.md: nothing inline), and it, HSTS,
  ``nosniff``, ``Referrer-Policy`` and ``Content-Language`` come from the middleware outside this
  one, fresh on every response; ``Permissions-Policy`` and ``X-Frame-Options`` (inside) are
  stored with the page.

Because the body holds the visitor's CSRF token and the first answer sets a cookie, these pages
say ``Cache-Control: private, no-cache`` and ``Vary: Cookie`` (a shared proxy must not hand one
visitor's token to another), fresh or replayed alike. The cache that matters is this one, on the
server.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from .contentcache import content_generation_with

KEY_PREFIX = "lms:page"
MAX_PATH = 512
#: The application's own URLs (lms/urls.py) are never served from the cache, whatever they say.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/akun/",
    "/api/",
    "/bahasa/",
    "/belajar/",
    "/dokumen/",
    "/h5p/",
    "/kuis/",
    "/media/",
    "/pemberitahuan/",
    "/sertifikat/",
    "/static/",
)
#: The response attribute a cacheable page sets (:func:`mark_public`).
MARK = "lms_public_page"
CACHE_STATUS_HEADER = "X-Page-Cache"

_TOKEN_CANDIDATE = re.compile(
    rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % CSRF_TOKEN_LENGTH
)


@dataclass(frozen=True)
class CachedPage:
    #: The content generation the page was rendered under: only that generation replays it.
    generation: int
    headers: tuple[tuple[str, str], ...]
    #: The body split at the CSRF tokens: a token goes between every two parts.
    parts: tuple[bytes, ...]


def mark_public(response: HttpResponse) -> HttpResponse:
    """The page may be kept for anonymous visitors (the middleware checks everything else)."""
    setattr(response, MARK, True)
    return response


def public_page_cache(view):
    """Decorator of a view whose anonymous answer is the same for everyone (``/privasi/``)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return mark_public(view(request, *args, **kwargs))

    return wrapper


class PublicPageCacheMixin:
    """Wagtail page types whose live page, seen anonymously, is the same for every visitor.

    Only at the page's canonical address: Wagtail also answers ``/Katalog/`` on a
    case-insensitive database, and those must not become entries of their own."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not getattr(request, "is_preview", False) and request.path == self.get_url(request):
            mark_public(response)
        return response


def _eligible(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    path = request.path
    return len(path) <= MAX_PATH and not path.startswith(
        (*EXCLUDED_PREFIXES, settings.LMS_ADMIN_PATH_PREFIX)
    )


def page_cache_key(request: HttpRequest) -> str | None:
    """The entry's key, or None when the request may not use the cache."""
    if not _eligible(request):
        return None
    try:
        host = request.get_host().lower()
    except DisallowedHost:
        return None  # the normal path answers 400
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    digest = hashlib.sha256(
        "\n".join((request.scheme, host, language, request.path)).encode()
    ).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def _split_at_tokens(request: HttpRequest, body: bytes) -> tuple[bytes, ...] | None:
    """The body with holes where this request's CSRF tokens stand; None if it must not be kept."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return (body,)
    if secret.encode() in body:
        return None
    tokens = {
        candidate
        for candidate in set(_TOKEN_CANDIDATE.findall(body))
        if _unmask_cipher_token(candidate.decode()) == secret
    }
    if not tokens:
        return (body,)
    pattern = re.compile(b"|".join(re.escape(token) for token in sorted(tokens)))
    return tuple(pattern.split(body))


def _personal_headers(response: HttpResponse) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))


class AnonymousPageCacheMiddleware:
    """Answers anonymous visitors from the shared cache (module docstring). In ``MIDDLEWARE``
    after ``LanguageMiddleware`` (the key's language) and ``CsrfViewMiddleware`` (the visitor's
    token and cookie), before ``AuthenticationMiddleware``: a hit costs no database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.LMS_PAGE_CACHE_SECONDS
        key = page_cache_key(request) if seconds > 0 else None
        if key is None:
            return self.get_response(request)
        # One round trip to the cache for the generation and the page (a hit's whole cost); the
        # request's later cached reads reuse the generation (lms/core/contentcache.py).
        generation, found = content_generation_with(key)
        entry = found.get(key)
        if entry is not None and entry.generation == generation:
            return self._replay(request, entry)
        response = self.get_response(request)
        if getattr(response, MARK, False):
            stored = self._entry(request, response, generation)
            if stored is not None:
                if request.method == "GET":
                    cache.set(key, stored, seconds)
                _personal_headers(response)
                response[CACHE_STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def _entry(request: HttpRequest, response: HttpResponse, generation: int) -> CachedPage | None:
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        if "Set-Cookie" in response or "no-store" in response.get("Cache-Control", ""):
            return None
        if "private" in response.get("Cache-Control", ""):
            return None
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - {"cookie"}:
            return None
        user = getattr(request, "user", None)
        if user is None or user.is_authenticated:
            return None
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        parts = _split_at_tokens(request, response.content)
        if parts is None:
            return None
        headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("set-cookie", "vary", "cache-control", "content-length")
        )
        return CachedPage(generation=generation, headers=headers, parts=parts)

    @staticmethod
    def _replay(request: HttpRequest, entry: CachedPage) -> HttpResponse:
        if len(entry.parts) > 1:
            body = get_token(request).encode().join(entry.parts)
        else:
            body = entry.parts[0]
        response = HttpResponse(body, headers=dict(entry.headers))
        _personal_headers(response)
        response[CACHE_STATUS_HEADER] = "hit"
        return response
