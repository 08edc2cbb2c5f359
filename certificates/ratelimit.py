"""A fixed-window request limit per client IP, kept in the Django cache (Redis in production,
shared by every web process), for the public verification page and API (docs/security.md).

The client is ``REMOTE_ADDR``: behind a reverse proxy, the proxy must set it (for example
gunicorn's ``--forwarded-allow-ips`` with the proxy's address); a client-chosen
``X-Forwarded-For`` is never trusted. An IPv6 client counts per /64, the block one subscriber
usually holds, so rotating addresses inside it does not reset the limit.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def client_key(request) -> str:
    raw = request.META.get("REMOTE_ADDR", "") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def verify_rate_exceeded(request, *, scope: str = "verify") -> bool:
    """Counts this request; ``True`` once the client has made more than
    ``settings.LMS_CERTIFICATE_VERIFY_RATE`` requests in the current minute."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"lms:rate:{scope}:{client_key(request)}:{window}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
    return count > settings.LMS_CERTIFICATE_VERIFY_RATE
