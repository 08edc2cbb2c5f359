"""The verification page's and API's limit (docs/security.md): ``LMS_CERTIFICATE_VERIFY_RATE``
requests a minute per client, shared by both, counted by the project's one limiter
(:mod:`lms.core.ratelimit`: ``REMOTE_ADDR`` only, IPv6 per /64, a fixed window in the cache)."""

from django.conf import settings

from lms.core.ratelimit import RateState, rate_exceeded


def verify_rate_exceeded(request, *, scope: str = "verify") -> RateState:
    """Counts this request; ``.exceeded`` once the client has made more than
    ``settings.LMS_CERTIFICATE_VERIFY_RATE`` requests in the current minute."""
    return rate_exceeded(request, scope=scope, limit=settings.LMS_CERTIFICATE_VERIFY_RATE)
