"""BKPSDM's reset of an account's two-factor login (``/admin/dua-langkah/<user id>/reset/``):
a confirmation page (GET, changes nothing), then a POST with the CSRF token that removes the
account's devices and recovery codes through ``twofactor_reset`` (one ``OTP_RESET`` audit
entry) and says so. Only ``twofactor_may_reset`` holders (BKPSDM, superusers); anyone else 403,
an unknown account 404. The employee page shows the panel (``TwoFactorResetPanel``; registered
by ``lms.people.wagtail_hooks``, the app of that page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.users.models import User

from .selectors import (
    account_requires_twofactor,
    recovery_codes_left,
    totp_device_of,
    twofactor_enabled,
    twofactor_may_reset,
)
from .services import twofactor_reset

MAX_ID = 2**31 - 1


def _account_state(account: User) -> dict[str, Any]:
    return {
        "account": account,
        "enabled": twofactor_enabled(account),
        "device": totp_device_of(account),
        "codes_left": recovery_codes_left(account),
        "required": account_requires_twofactor(account),
    }


class TwoFactorResetView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "users/twofactor/admin_reset.html"
    page_title = gettext_lazy("Reset verifikasi dua langkah")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        user_id = kwargs["user_id"]
        self.account = get_object_or_404(User, pk=user_id if user_id <= MAX_ID else 0)
        if not twofactor_may_reset(request.user, self.account):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.account)

    def back_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return ""

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Dasbor")},
            {"url": "", "label": _("Reset verifikasi dua langkah")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_account_state(self.account), next=self.back_url())
        return context

    def post(self, request, *args, **kwargs):
        removed = twofactor_reset(user=self.account, actor=request.user)
        if removed:
            messages.success(
                request,
                _(
                    "Verifikasi dua langkah %(account)s direset: aplikasi autentikator dan "
                    "kode pemulihannya dihapus. Saat masuk berikutnya, pemilik akun "
                    "mengaktifkannya lagi."
                )
                % {"account": self.account},
            )
        else:
            messages.info(
                request,
                _("%(account)s belum memakai verifikasi dua langkah; tidak ada yang direset.")
                % {"account": self.account},
            )
        back = self.back_url() or reverse("dua-langkah-admin:reset", args=[self.account.pk])
        return redirect(back)


class TwoFactorResetPanel(Component):
    """The "Verifikasi dua langkah" panel of an employee page: the state of the account's
    second step and, for those who may reset it, the button to the confirmation page."""

    template_name = "users/twofactor/admin_panel.html"

    def __init__(self, *, account: User, reset_url: str) -> None:
        self.account = account
        self.reset_url = reset_url

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {**_account_state(self.account), "reset_url": self.reset_url}


def twofactor_reset_panel(request, account: User | None) -> TwoFactorResetPanel | None:
    """The panel for ``account`` as ``request.user`` sees it: shown to those who may reset it
    (nobody else learns anything about the account's second step)."""
    if account is None or not twofactor_may_reset(request.user, account):
        return None
    url = reverse("dua-langkah-admin:reset", args=[account.pk])
    return TwoFactorResetPanel(account=account, reset_url=f"{url}?next={request.path}")
