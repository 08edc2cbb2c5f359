"""Account activation in the admin (docs/user-guide.md, "Aktivasi akun"): who is still waiting
per OPD, invitations by e-mail (Celery) or as printed letters (PDF), for an OPD at once or for
one employee from their detail page. Admin OPD act in their OPDs, BKPSDM everywhere
(``may_invite_accounts``); an employee or OPD outside the scope answers 404 and is logged (and
audited, ``ACCESS_DENIED``); one employee's letter is audited as ``DOWNLOADED``.
The views only read and call services (``activation_invite``, ``letters_write``,
``download_request``)."""

from __future__ import annotations

import io
import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import audit_record
from lms.core.downloads.services import download_request
from lms.users.models import InvitationChannel

from .downloads import KIND as LETTERS_KIND
from .letters import letters_write
from .selectors import (
    activation_candidates,
    activation_overview,
    activation_pending,
    employees_editable_by,
    may_invite_accounts,
    opds_visible_to,
)
from .services import activation_invite

logger = logging.getLogger(__name__)

MAX_ID = 2**31 - 1


class ActivationForm(forms.Form):
    opd = forms.ModelChoiceField(
        label=gettext_lazy("OPD"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Semua OPD dalam cakupan Anda"),
        help_text=gettext_lazy("Termasuk unit di bawahnya."),
    )
    uninvited = forms.BooleanField(
        label=gettext_lazy("Hanya yang belum pernah diundang"),
        required=False,
        help_text=gettext_lazy(
            "Misalnya pegawai baru dari impor terakhir. Tanpa centang, semua akun yang masih "
            "menunggu diundang lagi dan tautan lama mereka tidak berlaku."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds_visible_to(user).order_by("code")
        self.fields["opd"].label_from_instance = lambda opd: f"{opd.code} {opd.name}"


def _refuse(request, what: str, pk) -> None:
    logger.warning(
        "activation refused: user %s asked for %s %s outside their scope",
        request.user.pk,
        what,
        pk,
    )
    audit_record(
        AuditAction.ACCESS_DENIED,
        object_type="people.employee" if what == "employee" else f"people.{what}",
        object_id=str(pk)[:64],
        details={"view": "activation", "asked_for": what},
    )
    raise Http404


class ActivationView(WagtailAdminTemplateMixin, TemplateView):
    """``/admin/aktivasi-akun/``: the pending accounts per OPD and the two bulk actions."""

    template_name = "people/activation.html"
    page_title = gettext_lazy("Aktivasi akun")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not may_invite_accounts(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Dasbor")},
            {"url": "", "label": _("Aktivasi akun")},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = activation_overview(user=user)
        initial = {"uninvited": self.request.GET.get("baru") == "1"}
        if self.request.GET.get("opd"):
            initial["opd"] = self.request.GET["opd"]
        context.update(
            form=form or ActivationForm(user=user, initial=initial),
            rows=rows,
            totals={
                name: sum(row[name] for row in rows)
                for name in ("pending", "uninvited", "by_email", "by_letter", "without_email")
            },
            link_days=settings.LMS_ACTIVATION_LINK_DAYS,
            employee_list_url=reverse("pegawai:index"),
        )
        return context

    def post(self, request, *args, **kwargs):
        user = request.user
        form = ActivationForm(request.POST, user=user)
        action = request.POST.get("action")
        if action not in ("email", "letters") or not form.is_valid():
            if action not in ("email", "letters"):
                form.add_error(None, _("Pilih “Kirim e-mail” atau “Siapkan surat”."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        opd = form.cleaned_data["opd"]
        uninvited = form.cleaned_data["uninvited"]
        if action == "letters":
            download = download_request(
                owner=user,
                kind=LETTERS_KIND,
                parameters={"opd": opd.pk if opd else None, "uninvited": uninvited},
            )
            return redirect("lms_downloads:status", download.pk)
        employees = activation_candidates(user=user, opd=opd, uninvited_only=uninvited)
        invitation = activation_invite(
            employees=employees, channel=InvitationChannel.EMAIL, user=user
        )
        _report_emails(request, invitation)
        return redirect(request.path)


def _report_emails(request, invitation) -> None:
    sent, missing = len(invitation.invited), len(invitation.without_email)
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)s e-mail aktivasi sedang dikirim.",
                "%(count)s e-mail aktivasi sedang dikirim.",
                sent,
            )
            % {"count": sent},
        )
    if missing:
        messages.warning(
            request,
            ngettext(
                "%(count)s pegawai tidak punya alamat e-mail: cetak surat aktivasi untuknya.",
                "%(count)s pegawai tidak punya alamat e-mail: cetak surat aktivasi untuk mereka.",
                missing,
            )
            % {"count": missing},
        )
    if not sent and not missing:
        messages.info(request, _("Tidak ada akun yang menunggu aktivasi dengan pilihan ini."))


@require_POST
def employee_activation(request, pk: int, action: str):
    """``POST /admin/aktivasi-akun/pegawai/<id>/<email|surat>/``: one employee's invitation,
    from their detail page. The letter is answered at once (one page)."""
    user = request.user
    if not may_invite_accounts(user):
        raise PermissionDenied
    employee = employees_editable_by(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if employee is None:
        _refuse(request, "employee", pk)
    back = reverse("pegawai:inspect", args=[employee.pk])
    if not activation_pending().filter(pk=employee.pk).exists():
        messages.error(request, _("Akun pegawai ini tidak sedang menunggu aktivasi."))
        return redirect(back)
    if action == "email":
        invitation = activation_invite(
            employees=[employee], channel=InvitationChannel.EMAIL, user=user
        )
        _report_emails(request, invitation)
        return redirect(back)
    output = io.BytesIO()
    letters_write(employees=[employee], user=user, output=output)
    audit_record(
        AuditAction.DOWNLOADED,
        obj=employee,
        opd=employee.opd,
        details={"kind": "activation_letter", "format": "pdf"},
    )
    response = HttpResponse(output.getvalue(), content_type="application/pdf")
    name = f"surat-aktivasi-{employee.nip}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
