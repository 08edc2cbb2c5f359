"""The audit entries of signing in and out (docs/security.md, "Login, lockout and rate limits"):
exactly one per event, for the site's login and the Wagtail admin's alike, since both go
through Django's ``authenticate()``/``login()``/``logout()`` and their signals. Connected in
``UsersConfig.ready`` with a ``dispatch_uid`` each.

Only a login, failure or logout inside an HTTP request is recorded (the request that
``AuditContextMiddleware`` made current): the test client's ``force_login()`` and a shell's
``login()`` act on a request of their own, with no client and no person typing.
"""

from lms.core.audit.actions import AuditAction
from lms.core.audit.context import audit_request
from lms.core.audit.services import audit_record

from .lockout import login_key, login_outcome_record, refusal_of, refusal_record
from .services import login_failures_reset


def _in_http_request(request) -> bool:
    return request is not None and request is audit_request()


def _typed_username(request, credentials: dict | None) -> str:
    username = (credentials or {}).get("username")
    if username is None:
        username = getattr(request, "POST", {}).get("username", "")
    return str(username or "")


def on_user_logged_in(sender, request, user, **kwargs):
    if not _in_http_request(request):
        return
    # A right password gives its slot back and counts towards the client's standing.
    login_outcome_record(request, succeeded=True)
    login_failures_reset(request=request, username=login_key(_typed_username(request, None)))
    audit_record(AuditAction.LOGIN_SUCCEEDED, actor=user, request=request)


def on_user_login_failed(sender, credentials, request=None, **kwargs):
    if not _in_http_request(request):
        return
    typed = _typed_username(request, credentials)
    refusal = refusal_of(request)
    if refusal is not None:
        refusal_record(request, typed, refusal)
        return
    # The failure keeps the client's slot of this window (lms.users.lockout.login_slot_take).
    login_outcome_record(request, succeeded=False)
    audit_record(AuditAction.LOGIN_FAILED, actor_label=typed, request=request)


def on_user_logged_out(sender, request, user, **kwargs):
    if not _in_http_request(request) or user is None:
        return
    audit_record(AuditAction.LOGOUT, actor=user, request=request)
