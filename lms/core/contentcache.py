"""Generations and caches of published content, shared by every app node.

A *generation* is a counter kept in the shared cache. Caches put it in their keys, so one bump
retires every entry built on it, on every node at once, with nothing to enumerate or delete
(docs/performance.md):

* ``content``: what the public site shows. Bumped when a page is published, unpublished, moved
  or deleted, a view restriction or site is saved or deleted, and a site setting, image or
  document is changed or deleted (``lms.core.apps``). The anonymous page cache, the route to a
  page, view restrictions, the site settings, the course outline and rendered lesson blocks
  build on it.
* ``permissions``: who holds which role. Bumped when a user's groups or permissions, or a group's
  permissions, change. Only display hints build on it (the header's "Admin" link); every
  permission check that grants access still asks the database.

Production therefore needs a shared cache (``CACHE_URL``, Redis); the local-memory cache of
development is per process, which is enough for ``runserver``. Whatever no signal announces has
a bounded life: entries expire after ``CONTENT_CACHE_SECONDS``.

A request reads each generation once: ``generation_scope`` (``PublishedContentMiddleware``)
keeps what it read for the rest of the request, and a bump during the request forgets it.
"""

import contextlib
import contextvars
import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

CONTENT = "content"
PERMISSIONS = "permissions"
GENERATION_KEY = "lms:content-generation"
_KEYS = {CONTENT: GENERATION_KEY, PERMISSIONS: "lms:permissions-generation"}
CONTENT_CACHE_SECONDS = 600

_MISSING = object()
_request_generations: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "lms_request_generations", default=None
)


def _fresh() -> int:
    # A fresh value from the clock, never a small number: after the key is evicted or the
    # cache restarts, an old generation must not come back and revive stale entries.
    return time.time_ns() // 1000


def content_generation(name: str = CONTENT) -> int:
    """The current generation ``name`` (one cache read, or none when the request has read it)."""
    memo = _request_generations.get()
    if memo is not None and name in memo:
        return memo[name]
    key = _KEYS[name]
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh(), timeout=None)
        value = cache.get(key)
    if memo is not None:
        memo[name] = int(value)
    return int(value)


def content_generation_with(*keys: str) -> tuple[int, dict]:
    """The content generation and the raw cache entries ``keys``, in one round trip when the
    request has not read the generation yet (the anonymous page cache's whole cost of a hit)."""
    memo = _request_generations.get()
    if memo is not None and CONTENT in memo:
        return memo[CONTENT], cache.get_many(keys)
    found = cache.get_many([GENERATION_KEY, *keys])
    value = found.pop(GENERATION_KEY, None)
    if value is None:
        return content_generation(), found
    if memo is not None:
        memo[CONTENT] = int(value)
    return int(value), found


def bump_generation(name: str) -> None:
    """Retire every cached entry built on generation ``name``."""
    key = _KEYS[name]
    try:
        cache.incr(key)
    except ValueError:  # no generation yet (or evicted): start a fresh one
        cache.set(key, _fresh(), timeout=None)
    memo = _request_generations.get()
    if memo is not None:
        memo.pop(name, None)


def bump_content_generation(**kwargs) -> None:
    """Signal receiver: what the public site shows may have changed."""
    bump_generation(CONTENT)


def bump_content_generation_on_change(created: bool = False, **kwargs) -> None:
    """Signal receiver for rows that nothing showed before they existed (site settings made on
    first use, a new image or document): only a change or a delete retires the content."""
    if not created:
        bump_generation(CONTENT)


def bump_permissions_generation(**kwargs) -> None:
    """Signal receiver: someone's roles or a role's permissions changed."""
    bump_generation(PERMISSIONS)


@contextlib.contextmanager
def generation_scope() -> Iterator[None]:
    """Within the block (one request), each generation is read from the cache at most once."""
    token = _request_generations.set({})
    try:
        yield
    finally:
        _request_generations.reset(token)


def cache_key(*parts: object, generation: str = CONTENT) -> str:
    """A short key for ``parts`` under the current generation (user-supplied parts, such as a
    path, are hashed so that no key grows with the request)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"lms:{generation}:{content_generation(generation)}:{digest}"


class _ProcessCache:
    """The first tier: the pickled entries this process read last, by key. A key carries its
    generation, so an entry is valid exactly as long as the shared one; it also expires after
    ``CONTENT_CACHE_SECONDS``. Entries are kept pickled so each use gets its own objects (a
    page or a settings row read by one request is never shared with another)."""

    def __init__(self, size: int = 2048):
        self.size = size
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return _MISSING
            self._entries.move_to_end(key)
        return pickle.loads(entry[1])  # noqa: S301 - our own entries, written below

    def put(self, key: str, value: object) -> None:
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._entries[key] = (time.monotonic() + CONTENT_CACHE_SECONDS, blob)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


process_cache = _ProcessCache()


MISSING = _MISSING  #: what ``lookup`` returns for an absent entry


def lookup(*parts: object, generation: str = CONTENT):
    """The entry cached for ``parts`` under the current generation, or ``MISSING``.

    Two tiers: this process's own copy (no round trip, see ``_ProcessCache``), then the shared
    cache, which every node fills and reads. The generation itself is read from the shared
    cache once per request, so a publish on one node retires both tiers on all of them."""
    key = cache_key(*parts, generation=generation)
    value = process_cache.get(key)
    if value is _MISSING:
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            process_cache.put(key, value)
    return value


def store(*parts: object, value: object, generation: str = CONTENT) -> None:
    """Caches ``value`` for ``parts`` under the current generation, in both tiers."""
    key = cache_key(*parts, generation=generation)
    cache.set(key, value, CONTENT_CACHE_SECONDS)
    process_cache.put(key, value)


def cached(*parts: object, fill: Callable[[], T], generation: str = CONTENT) -> T:
    """The value cached for ``parts`` (``lookup``); ``fill()`` computes and stores it when
    absent. ``None`` is a value like any other."""
    value = lookup(*parts, generation=generation)
    if value is _MISSING:
        value = fill()
        store(*parts, value=value, generation=generation)
    return value
