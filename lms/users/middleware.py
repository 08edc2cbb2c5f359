"""The cheap refusal of a login attempt (docs/security.md, "Login, lockout and rate limits").

A flood of wrong passwords is mostly refused attempts, so a refused attempt must cost little:
``LoginGuardMiddleware`` answers a ``POST`` to the site's or the admin's login page that
:func:`lms.users.lockout.login_refusal` refuses (the per-IP limit, or the username locked from
this address) right away, with its one audit entry and the small 429 page, before the view
builds and renders the login form (and before the CSRF check: a refused attempt changes
nothing). Attempts it lets through go on to ``authenticate()``, whose first backend
(``LoginGuardBackend``) holds the same rule."""

from django.urls import reverse

from .lockout import lockout_response, login_refusal, refusal_record


class LoginGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._paths: frozenset[str] | None = None

    def paths(self) -> frozenset[str]:
        if self._paths is None:
            self._paths = frozenset({reverse("users:login"), reverse("wagtailadmin_login")})
        return self._paths

    def __call__(self, request):
        if request.method == "POST" and request.path_info in self.paths():
            username = request.POST.get("username")
            if username and request.POST.get("password"):
                refusal = login_refusal(request, username)
                if refusal is not None:
                    request.lms_login_refused = refusal
                    refusal_record(request, username, refusal)
                    return lockout_response(request)
        return self.get_response(request)
