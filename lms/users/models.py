from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from lms.core.nip import validate_nip


class User(AbstractUser):
    """An account. ASN log in with their NIP (or NI PPPK); others with their e-mail.

    ``username`` holds the login identifier (the NIP, or the e-mail for accounts without one),
    so Wagtail and Django tooling that expects a username keep working.
    """

    nip = models.CharField(
        _("NIP / NI PPPK"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nip],
        help_text=_("18 digit, tanpa spasi."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="users_user_email_ci_unique",
                violation_error_message=_("Alamat e-mail ini sudah dipakai akun lain."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
