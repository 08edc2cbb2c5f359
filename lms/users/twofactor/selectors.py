"""Reads of the two-factor login: who must use it, which devices an account has, the otpauth URI
and its QR code. Plain values in, no request."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.core.selectors import institution_settings
from lms.users.models import User
from lms.users.roles import STAFF_ROLES

RESET_PERMISSION = "otp_totp.delete_totpdevice"


def account_requires_twofactor(user: User) -> bool:
    """Staff accounts must use two-factor login: superusers, the staff flag, or a staff role
    (Pengajar, Admin OPD, BKPSDM). One query for anyone else."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name__in=STAFF_ROLES).exists()


def twofactor_enabled(user: User) -> bool:
    """The account has a confirmed device (an authenticator app, or recovery codes left)."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def totp_device_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_device_of(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def recovery_code_normalize(code: str) -> str:
    """What the user typed, as stored: lower case, without spaces and hyphens; 0 and 1 (never
    in a code) read as o and l."""
    cleaned = "".join(code.split()).replace("-", "").lower()
    return cleaned.replace("0", "o").replace("1", "l")


def recovery_code_digest(user: User, code: str) -> str:
    """The stored form of a recovery code: 16 hex digits of SHA-256 over the account id and the
    code (django-otp's StaticToken holds 16 characters). The codes are 60 random bits, so no
    slow hash is needed, and the account id makes the same code differ between accounts."""
    normalized = recovery_code_normalize(code)
    return hashlib.sha256(f"lms-recovery:{user.pk}:{normalized}".encode()).hexdigest()[:16]


def totp_issuer() -> str:
    """The name the authenticator app shows: the institution's short name, else the site's."""
    institution = institution_settings()
    name = (institution.short_name or institution.name) if institution else ""
    return (name or str(settings.LMS_SITE_TITLE)).replace(":", "")


def totp_secret_text(key_hex: str) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def otpauth_uri(*, user: User, key_hex: str) -> str:
    """The Key URI Format of authenticator apps (otpauth://totp/Issuer:account?...)."""
    issuer = totp_issuer()
    label = f"{issuer}:{user.get_username()}"
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    params = urlencode({"secret": secret, "algorithm": "SHA1", "digits": 6, "period": 30})
    return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"


def qr_svg(data: str) -> str:
    """An inline SVG of ``data`` as a QR code: drawn on the server, no script, no style
    attribute, no request to anyone (a strict Content-Security-Policy allows it)."""
    qr = segno.make(data, error="m")
    return qr.svg_inline(
        scale=5, border=2, dark="#000", light="#fff", svgclass="qr-code", lineclass=None
    )


def twofactor_may_reset(actor: User, target: User) -> bool:
    """BKPSDM (``otp_totp.delete_totpdevice``, given by migration) and superusers reset another
    account's two-factor login; a superuser's only by a superuser; nobody their own here (their
    own page does it, after a verified login)."""
    if not actor.is_authenticated or not actor.is_active or actor.pk == target.pk:
        return False
    if target.is_superuser and not actor.is_superuser:
        return False
    return actor.has_perm(RESET_PERMISSION)
