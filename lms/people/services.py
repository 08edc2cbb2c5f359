"""Write-side operations for OPDs, positions, employees and their accounts.

Who may change an employee and their account (docs/security.md) is decided here, whatever
screen or import calls in: see ``employee_save``.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from lms.core.nip import normalize_nip
from lms.users.models import User
from lms.users.roles import Role

from .models import OPD, Employee, OPDScope, Position
from .selectors import (
    ALL,
    account_is_staff,
    employee_account,
    employee_identity_changes,
    employee_identity_editable,
    opd_scope_ids,
    user_manages_accounts,
)

logger = logging.getLogger(__name__)

# Log action of an identity change (old and new values in ``data["changes"]``); its label and
# message are registered in wagtail_hooks, so the employee's history view shows them.
IDENTITY_CHANGE_ACTION = "lms.people.identity_change"


def identity_locked_message() -> str:
    return _(
        "Hanya BKPSDM yang dapat mengubah NIP, nama, atau e-mail akun pegawai yang sudah ada. "
        "Ajukan perubahan ke BKPSDM."
    )


def staff_account_message() -> str:
    return _(
        "Akun pegawai ini adalah akun staf (Pengajar, Admin OPD, atau BKPSDM); hanya BKPSDM "
        "yang dapat mengubahnya."
    )


@transaction.atomic
def employee_account_ensure(*, employee: Employee) -> User:
    """The employee's login account, created if missing (Peserta role, no usable password).

    A new account is activated through a one-time link (see ``account_activation_path``): the
    employee sets their own password, and the link stops working once it is used.
    Idempotent. Keeps the account's NIP, e-mail and name in step with the HR record.
    Checks no rights and records nothing: screens and imports go through ``employee_save``,
    which does; only trusted code (the demo seed) calls this directly.
    """
    user = employee_account(employee)
    created = user is None
    if created:
        user = User(username=employee.nip)
        user.set_unusable_password()
    user.nip = employee.nip
    user.username = employee.nip
    user.first_name = employee.name[:150]
    user.last_name = ""
    user.email = employee.email
    user.is_active = employee.is_active
    user.full_clean(exclude=["password"])
    user.save()
    if created:
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name=Role.PESERTA))
    if employee.user_id != user.pk:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


def account_activation_path(*, user: User) -> str:
    """Path of the one-time activation link (Django's password-reset token: single use)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("users:activate", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def employee_save(*, employee: Employee, user: User | None = None) -> Employee:
    """Validates and saves an employee (new or changed) and keeps their account in step.

    ``user`` is who saves; ``None`` only for trusted code (demo seed, management commands,
    tests), which is not restricted. Views must pass ``request.user``. For a user:

    * the employee's OPD, and for an existing employee its stored OPD, must be in their scope;
    * an employee whose account is staff (``account_is_staff``) is changed only by BKPSDM or a
      superuser;
    * the identity (NIP, name, e-mail) of an existing account is changed only where
      ``employee_identity_editable`` allows (BKPSDM, superusers).

    Every identity change is recorded with old and new values, and an e-mail change notifies
    the old address once the transaction commits (``employee_identity_change_record``).
    Raises ``ValidationError`` (field errors, Indonesian messages); atomic.
    """
    employee.nip = normalize_nip(employee.nip or "")
    employee.full_clean()
    account = employee_account(employee)
    if user is not None:
        _check_employee_rights(user=user, employee=employee, account=account)
    changes = employee_identity_changes(employee, account)
    if changes and not employee_identity_editable(user, employee, has_account=account is not None):
        raise ValidationError(
            {
                name: ValidationError(identity_locked_message(), code="identity_locked")
                for name in changes
            }
        )
    employee.save()
    employee_account_ensure(employee=employee)
    if changes:
        employee_identity_change_record(employee=employee, changes=changes, user=user)
    return employee


def _check_employee_rights(*, user: User, employee: Employee, account: User | None) -> None:
    scope = opd_scope_ids(user)
    if scope is not ALL:
        stored_opd = (
            Employee.objects.filter(pk=employee.pk).values_list("opd_id", flat=True).first()
            if employee.pk is not None
            else None
        )
        for opd_id in {employee.opd_id, stored_opd} - {None}:
            if opd_id not in scope:
                raise ValidationError(
                    {"opd": _("OPD ini di luar cakupan Anda; hubungi BKPSDM.")},
                    code="out_of_scope",
                )
    if not user_manages_accounts(user) and account_is_staff(account):
        raise ValidationError(
            {"nip": ValidationError(staff_account_message(), code="staff_account")}
        )


def employee_identity_change_record(
    *, employee: Employee, changes: dict[str, dict[str, str]], user: User | None
) -> ModelLogEntry:
    """Records an identity change of ``employee``'s account (a log entry with old and new
    values, shown in the employee's history) and, when the e-mail changed away from an
    address, sends that old address a notice after commit. Call inside the transaction that
    makes the change; ``employee`` must be saved."""
    entry = log(
        instance=employee, action=IDENTITY_CHANGE_ACTION, user=user, data={"changes": changes}
    )
    if changes.get("email", {}).get("old"):
        from .tasks import identity_change_notify_task

        identity_change_notify_task.delay_on_commit(entry.pk)
    return entry


def mask_email(address: str) -> str:
    """``sri.baru@contoh.go.id`` -> ``s*******@contoh.go.id``: recognisable, not usable."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}{'*' * max(len(local) - 1, 3)}@{domain}" if domain else "***"


def employee_identity_change_notify(*, log_entry_id: int) -> bool:
    """Sends the old address of an e-mail change the notice (Indonesian): who changed it, when,
    and what to do if it was not expected. No link and no secret. Returns False when there is
    nothing to send (no old address). Called by ``identity_change_notify_task``."""
    entry = ModelLogEntry.objects.select_related("user").get(pk=log_entry_id)
    email = entry.data.get("changes", {}).get("email") or {}
    old, new = email.get("old"), email.get("new") or ""
    if not old:
        return False
    actor = entry.user
    employee = Employee.objects.filter(pk=entry.object_id).first()
    with override(settings.LANGUAGE_CODE):
        context = {
            "name": employee.full_name if employee else "",
            "actor": (actor.get_full_name() or actor.username) if actor else _("sistem"),
            "changed_at": timezone.localtime(entry.timestamp),
            "new_hint": mask_email(new) if new else "",
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = _("Alamat e-mail akun %(site)s Anda telah diubah") % {
            "site": settings.WAGTAIL_SITE_NAME
        }
        body = render_to_string("people/email/identity_changed.txt", context)
    send_mail(subject, body, None, [old], fail_silently=False)
    logger.info("identity change notice sent: log_entry_id=%s", log_entry_id)
    return True


@transaction.atomic
def opd_save(*, opd: OPD) -> OPD:
    opd.full_clean()
    opd.save()
    return opd


@transaction.atomic
def position_save(*, position: Position) -> Position:
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def opd_scope_set(*, user: User, opds: list[OPD]) -> None:
    """Binds an Admin OPD user to exactly these OPDs (and so their sub-units)."""
    OPDScope.objects.filter(user=user).exclude(opd__in=opds).delete()
    for opd in opds:
        OPDScope.objects.get_or_create(user=user, opd=opd)
