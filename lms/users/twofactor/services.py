"""Every write of the two-factor login: confirming an authenticator app, recovery codes,
verifying a code (django-otp's throttling records failures on the device), resets. Each writes
its audit entry (``lms.core.audit``) in the same transaction."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import VerifyNotAllowed
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.errors import ApplicationError
from lms.users.models import User

from .selectors import recovery_code_digest, recovery_code_normalize

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode pemulihan"


def totp_key_new() -> str:
    """A fresh secret (20 random bytes, hex, as django-otp stores it). Nothing is saved: the
    enrolment page keeps it in the session until the first code confirms it."""
    return random_hex(20)


def _recovery_code_new() -> str:
    # 60 bits from the OS CSPRNG, 12 base32 letters shown as three groups of four.
    raw = base64.b32encode(secrets.token_bytes(8)).decode().lower()[:12]
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _lock_user(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def totp_device_confirm(*, user: User, key: str, token: str) -> TOTPDevice | None:
    """Confirms the enrolment of an authenticator app holding ``key`` with one of its codes.

    Returns the new confirmed device, or ``None`` for a wrong code (only an ``OTP_FAILED``
    entry is saved; the page asks again). An account that already has an app confirmed keeps
    it: ApplicationError. The code used is spent (``last_t``): it cannot verify a login."""
    _lock_user(user)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ApplicationError(_("Aplikasi autentikator sudah terpasang untuk akun ini."))
    device = TOTPDevice(user=user, key=key, name=TOTP_DEVICE_NAME, confirmed=True)
    digits = "".join(token.split())
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not (digits.isdigit() and len(digits) == device.digits and totp.verify(int(digits), 1)):
        audit_record(
            AuditAction.OTP_FAILED, obj=user, details={"kind": "totp", "stage": "enrolment"}
        )
        return None
    device.last_t = totp.t()
    device.drift = totp.drift
    device.full_clean()
    device.save()
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(AuditAction.OTP_ENROLLED, obj=user, details={"device": "totp"})
    return device


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten new single-use recovery codes; the earlier ones stop working. Only their digests
    are stored (``recovery_code_digest``): the plain codes are returned once, to be shown."""
    _lock_user(user)
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        device.full_clean()
        device.save()
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = _recovery_code_new()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(user, code)) for code in codes
    )
    return codes


@dataclass(frozen=True)
class Verification:
    """The outcome of one code: the device that accepted it (``None``: refused), whether it
    was a recovery code, how many recovery codes are left, and until when a throttled device
    refuses every code."""

    device: TOTPDevice | StaticDevice | None
    recovery: bool = False
    recovery_left: int = 0
    locked_until: datetime | None = None


def twofactor_verify(*, user: User, code: str) -> Verification:
    """Checks the second step of a login: six digits are a TOTP code of the authenticator app,
    anything else a recovery code (spent when it matches). Wrong codes count on the device
    (django-otp's throttling: each failure doubles the wait, from 1 second) and each one,
    throttled or not, writes an ``OTP_FAILED`` audit entry; a recovery code used writes
    ``OTP_RECOVERY_USED``. A replayed TOTP code is refused (django-otp keeps the last step)."""
    compact = "".join(code.split())
    is_totp = compact.isdigit() and len(compact) == 6
    model = TOTPDevice if is_totp else StaticDevice
    locked_until = None
    accepted = False
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is not None:
            allowed, data = device.verify_is_allowed()
            if not allowed:
                if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                    locked_until = data.get("locked_until")
            elif is_totp:
                accepted = device.verify_token(compact)
            elif recovery_code_normalize(compact):
                accepted = device.verify_token(recovery_code_digest(user, compact))
    if accepted:
        if not is_totp:
            left = device.token_set.count()
            audit_record(
                AuditAction.OTP_RECOVERY_USED, actor=user, obj=user, details={"left": left}
            )
            return Verification(device=device, recovery=True, recovery_left=left)
        return Verification(device=device)
    audit_record(
        AuditAction.OTP_FAILED,
        actor=user,
        obj=user,
        details={
            "kind": "totp" if is_totp else "recovery",
            "throttled": locked_until is not None,
            "failures": device.throttling_failure_count if device is not None else 0,
        },
    )
    return Verification(device=None, locked_until=locked_until)


@transaction.atomic
def twofactor_reset(*, user: User, actor: User | None = None) -> int:
    """Removes every device of ``user`` (authenticator apps, recovery codes): at the next
    request a staff account is sent to enrol again, a learner logs in with the password only.
    Writes one ``OTP_RESET`` entry (``actor``: BKPSDM, a superuser, or the user themselves).
    Returns the number of devices removed."""
    _lock_user(user)
    apps = TOTPDevice.objects.filter(user=user).count()
    code_sets = StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # its StaticTokens cascade
    audit_record(
        AuditAction.OTP_RESET,
        actor=actor,
        obj=user,
        details={"apps": apps, "recovery_code_sets": code_sets, "own": actor == user},
    )
    return apps + code_sets


@transaction.atomic
def demo_totp_device_set(*, user: User, key: str) -> TOTPDevice:
    """Demo data only (``lms.users.demo``): the demo staff accounts get an authenticator app
    with the published demo key, so a newcomer logs in with any TOTP app. Idempotent."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    if device.key != key:
        device.key = key
        device.last_t = -1
        device.full_clean()
        device.save()
    return device
