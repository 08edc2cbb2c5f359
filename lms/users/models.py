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


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Surat cetak")


class AccountInvitation(models.Model):
    """The latest activation invitation of an account (an e-mail sent or a letter printed):
    when, how, by whom, and how many so far. Written only by
    ``lms.users.services.account_invitations_record``.

    ``sent_at`` is part of the activation token (``lms.users.tokens``): a new invitation makes
    the links of the earlier ones invalid, so a lost letter stops working once HR prints or
    sends another."""

    user = models.OneToOneField(
        User,
        verbose_name=_("akun"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="invitation",
    )
    channel = models.CharField(_("cara"), max_length=10, choices=InvitationChannel.choices)
    sent_at = models.DateTimeField(_("terakhir dikirim"))
    sent_by = models.ForeignKey(
        User,
        verbose_name=_("dikirim oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("jumlah undangan"), default=1)

    class Meta:
        verbose_name = _("undangan aktivasi")
        verbose_name_plural = _("undangan aktivasi")

    def __str__(self) -> str:
        return f"{self.user} ({self.channel}, {self.sent_at:%Y-%m-%d})"
