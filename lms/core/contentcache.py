"""The published-content generation: one counter, kept in the shared cache, that changes whenever
what the public site shows may have changed (a page published, unpublished, moved or deleted, the
site or its settings saved).

Caches of published content put the generation in their keys: the anonymous page cache, the
lesson route and course outline, rendered StreamField HTML. One bump retires all of them at once on
every app node that shares the cache, with nothing to enumerate or delete (docs/performance.md).
Production therefore needs a shared cache (``CACHE_URL``, Redis); the local-memory cache of
development is per process, which is enough for ``runserver``.

Anything a cache holds that no signal announces has a bounded life: cached entries carry
``CONTENT_CACHE_SECONDS`` as their timeout.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "lms:content-generation"
CONTENT_CACHE_SECONDS = 600


def content_generation() -> int:
    """The current generation (one cache read)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh value from the clock, never a small number: after the key is evicted or the
        # cache restarts, an old generation must not come back and revive stale entries.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY)
    return int(value)


def bump_content_generation(**kwargs) -> None:
    """Signal receiver: retire every cached piece of published content."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): start a fresh one
        cache.set(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
