from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .lockout import login_refusal
from .selectors import user_for_login


class LoginGuardBackend(AxesStandaloneBackend):
    """The first backend (``AUTHENTICATION_BACKENDS``): refuses an attempt before any other
    backend looks the account up or hashes a password (lms.users.lockout.login_refusal: the
    per-IP limit, then django-axes' lock of this username from this address).

    The login pages' attempts are refused earlier still, by
    :class:`~lms.users.middleware.LoginGuardMiddleware`, with the same decision; this backend
    holds the rule for every other ``authenticate()`` with a request. A refusal marks the
    request (``lms_login_refused``, and ``axes_locked_out`` so that ``axes.middleware`` answers
    with ``lockout.lockout_response``) and raises ``PermissionDenied``, which ends
    ``authenticate()`` at once; Django then sends ``user_login_failed``, recorded as
    ``LOGIN_LOCKED`` (lms.users.receivers), and axes counts no failure for it
    (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``: the cool-off runs from the last
    real failure).

    Without a request (the test client's ``login()``, a shell) there is no client to key on:
    nothing is checked here and the other backends decide.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        refusal = login_refusal(request, username, take=True)
        if refusal is not None:
            request.lms_login_refused = refusal
            request.axes_locked_out = True
            raise PermissionDenied(f"login refused: {refusal.reason}")
        return None


class NIPOrEmailBackend(ModelBackend):
    """Authenticates with a NIP / NI PPPK or an e-mail address and a password.

    An unknown identifier costs the same password hashing as a wrong password, so the response
    time does not reveal which accounts exist.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username if username is not None else kwargs.get("email")
        if identifier is None or password is None:
            return None
        user = user_for_login(identifier=identifier)
        if user is None:
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
