"""The learner's notifications: the list and "Tandai sudah dibaca" (owner only: 404 for
anyone else's id; docs/security.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from lms.core.session_expiry import post_action

from .selectors import notification_of, notifications_of
from .services import notification_mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "notifications/list.html",
        {"notifications": notifications_of(user=request.user)},
    )


@post_action(lambda request, pk: reverse("notifications:list"), label=_("Tandai sudah dibaca"))
def notification_read(request: HttpRequest, pk) -> HttpResponse:
    notification_mark_read(notification=notification_of(user=request.user, pk=pk))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect(target)
