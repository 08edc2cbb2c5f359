from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .selectors import user_for_login


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
