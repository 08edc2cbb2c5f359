"""Write-side operations for OPDs, positions, employees and their accounts."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.core.nip import normalize_nip
from lms.users.models import User
from lms.users.roles import Role

from .models import OPD, Employee, OPDScope, Position


@transaction.atomic
def employee_account_ensure(*, employee: Employee) -> User:
    """The employee's login account, created if missing (Peserta role, no usable password).

    A new account is activated through a one-time link (see ``account_activation_path``): the
    employee sets their own password, and the link stops working once it is used.
    Idempotent. Keeps the account's NIP, e-mail and name in step with the HR record.
    """
    user = employee.user or User.objects.filter(nip=employee.nip).first()
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
def employee_save(*, employee: Employee) -> Employee:
    """Validates and saves an employee (new or changed) and keeps their account in step."""
    employee.nip = normalize_nip(employee.nip or "")
    employee.full_clean()
    employee.save()
    employee_account_ensure(employee=employee)
    return employee


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
