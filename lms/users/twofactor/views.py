"""``/akun/dua-langkah/``: enrolment and status, recovery codes (shown once), verification.

Thin: the views read through ``selectors``, write through ``services``. These pages are open
to the two-factor middleware (it sends people here), so each one checks its own rule: an
account with a device must verify before it sees its status, replaces its codes or enrols
again; nobody enrols a second app over a confirmed one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from lms.core.errors import ApplicationError

from .forms import CodeForm
from .selectors import (
    account_requires_twofactor,
    otpauth_uri,
    qr_svg,
    recovery_codes_left,
    totp_device_of,
    totp_secret_text,
    twofactor_enabled,
)
from .services import (
    recovery_codes_replace,
    totp_device_confirm,
    totp_key_new,
    twofactor_reset,
    twofactor_verify,
)

PENDING_KEY = "lms_2fa_pending_key"  # the secret shown on the enrolment page, until confirmed
CODES_KEY = "lms_2fa_recovery_codes"  # new recovery codes, until the user says they kept them


def _next(request: HttpRequest) -> str:
    """The ``next`` of the request if it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}" if target else url


def _verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _login_second_step(request: HttpRequest, device) -> None:
    # A new session key for the elevated session (as Django does at the password login).
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def twofactor(request: HttpRequest) -> HttpResponse:
    """Enrolment (QR code, secret, first code) for an account without an app; its status
    (recovery codes left, new codes, switching off for a learner) once verified."""
    user = request.user
    target = _next(request)
    if twofactor_enabled(user):
        if not _verified(request):
            return redirect(_with_next(reverse("users:twofactor_verify"), target))
        if request.method == "POST":
            return redirect(request.path)
        return render(
            request,
            "users/twofactor/status.html",
            {
                "device": totp_device_of(user),
                "codes_left": recovery_codes_left(user),
                "required": account_requires_twofactor(user),
            },
        )
    key = request.session.get(PENDING_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = request.session[PENDING_KEY] = totp_key_new()
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(user=user, key=key, token=form.cleaned_data["code"])
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        if device is not None:
            codes = recovery_codes_replace(user=user)
            _login_second_step(request, device)
            request.session.pop(PENDING_KEY, None)
            request.session[CODES_KEY] = codes
            messages.success(request, _("Verifikasi dua langkah aktif untuk akun Anda."))
            return redirect(_with_next(reverse("users:twofactor_recovery"), target))
        form.add_error(
            "code",
            _("Kode tidak cocok. Periksa jam ponsel Anda, lalu masukkan kode yang sedang tampil."),
        )
        status = 400
    elif request.method == "POST":
        status = 400
    uri = otpauth_uri(user=user, key_hex=key)
    return render(
        request,
        "users/twofactor/enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg(uri),
            "secret": totp_secret_text(key),
            "otpauth_uri": uri,
            "required": account_requires_twofactor(user),
            "next": target,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a TOTP code or a recovery code."""
    user = request.user
    target = _next(request)
    if not twofactor_enabled(user):
        return redirect(_with_next(reverse("users:twofactor"), target))
    if _verified(request):
        return redirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = CodeForm(request.POST if request.method == "POST" else None, recovery=True)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = twofactor_verify(user=user, code=form.cleaned_data["code"])
            if result.device is not None:
                _login_second_step(request, result.device)
                if result.recovery:
                    _recovery_used_message(request, result.recovery_left)
                return redirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))
            if result.locked_until is not None:
                status = 429
                seconds = max(1, int((result.locked_until - timezone.now()).total_seconds()) + 1)
                form.add_error(
                    "code",
                    ngettext(
                        "Terlalu banyak kode salah. Tunggu %(seconds)s detik, lalu coba lagi.",
                        "Terlalu banyak kode salah. Tunggu %(seconds)s detik, lalu coba lagi.",
                        seconds,
                    )
                    % {"seconds": formats.number_format(seconds)},
                )
            else:
                form.add_error(
                    "code", _("Kode salah atau sudah dipakai. Masukkan kode yang sedang tampil.")
                )
    return render(
        request,
        "users/twofactor/verify.html",
        {"form": form, "next": target},
        status=status,
    )


def _recovery_used_message(request: HttpRequest, left: int) -> None:
    text = ngettext(
        "Kode pemulihan terpakai. Sisa %(count)s kode.",
        "Kode pemulihan terpakai. Sisa %(count)s kode.",
        left,
    ) % {"count": left}
    if left <= 3:
        text += " " + _("Buat kode pemulihan baru di halaman Verifikasi dua langkah.")
        messages.warning(request, text)
    else:
        messages.info(request, text)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, right after enrolment or "Buat kode baru": shown from the
    session until the user confirms they kept them (POST), never again."""
    codes = request.session.get(CODES_KEY)
    target = _next(request)
    if not _verified(request) or not isinstance(codes, list):
        messages.info(request, _("Kode pemulihan hanya ditampilkan sekali, saat dibuat."))
        return redirect(reverse("users:twofactor"))
    if request.method == "POST":
        request.session.pop(CODES_KEY, None)
        return redirect(target or reverse("users:twofactor"))
    return render(
        request,
        "users/twofactor/recovery_codes.html",
        {"codes": codes, "next": target},
    )


@never_cache
@login_required
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    """The same codes as a text file, while they are still shown."""
    codes = request.session.get(CODES_KEY)
    if not _verified(request) or not isinstance(codes, list):
        messages.info(request, _("Kode pemulihan hanya ditampilkan sekali, saat dibuat."))
        return redirect(reverse("users:twofactor"))
    lines = [
        _("Kode pemulihan verifikasi dua langkah"),
        _("Akun: %(username)s") % {"username": request.user.get_username()},
        _("Dibuat: %(when)s") % {"when": formats.date_format(timezone.localtime(), "j N Y H:i")},
        _("Setiap kode hanya bisa dipakai sekali. Simpan di tempat aman."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\r\n".join(lines), content_type="text/plain; charset=utf-8")
    name = f"kode-pemulihan-{timezone.localdate():%Y%m%d}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), after a verified login."""
    if not twofactor_enabled(request.user) or not _verified(request):
        messages.error(request, _("Aktifkan dan verifikasi dua langkah terlebih dahulu."))
        return redirect(reverse("users:twofactor"))
    request.session[CODES_KEY] = recovery_codes_replace(user=request.user)
    messages.success(request, _("Kode pemulihan baru dibuat; kode lama tidak berlaku lagi."))
    return redirect(reverse("users:twofactor_recovery"))


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    """A learner switches two-factor login off (after a verified login). Staff cannot: it is
    required for them; BKPSDM resets a lost phone."""
    user = request.user
    if not twofactor_enabled(user) or not _verified(request):
        messages.error(request, _("Verifikasi dua langkah tidak aktif untuk sesi ini."))
        return redirect(reverse("users:twofactor"))
    if account_requires_twofactor(user):
        messages.error(request, _("Verifikasi dua langkah wajib untuk akun staf."))
        return redirect(reverse("users:twofactor"))
    twofactor_reset(user=user, actor=user)
    messages.success(request, _("Verifikasi dua langkah dinonaktifkan."))
    return redirect(reverse("users:twofactor"))
