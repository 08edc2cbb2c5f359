"""The one-time activation link of a new account (docs/security.md, "Accounts").

Django's password-reset token, with its own salt, its own lifetime and the account's latest
invitation in the hash:

* it works **once**: the hash holds the password, which the link sets;
* it **expires** after ``LMS_ACTIVATION_LINK_DAYS`` (default 30: a printed letter goes through
  the OPD's hands before it reaches the employee; the forgotten-password link keeps Django's
  ``PASSWORD_RESET_TIMEOUT``);
* a **new invitation** (an e-mail sent again, a letter printed again) makes every earlier link
  invalid, since the hash holds ``AccountInvitation.sent_at``;
* a forgotten-password token is no activation token and the other way round (the salts differ).
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "lms.users.tokens.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        invitation = getattr(user, "invitation", None) if user.pk else None
        sent = invitation.sent_at.isoformat() if invitation is not None else ""
        return f"{super()._make_hash_value(user, timestamp)}{sent}"

    def check_token(self, user, token) -> bool:
        """Django's check with ``LMS_ACTIVATION_LINK_DAYS`` instead of the reset timeout."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - ts
        return age <= settings.LMS_ACTIVATION_LINK_DAYS * 24 * 3600


activation_token_generator = ActivationTokenGenerator()
