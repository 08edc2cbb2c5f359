"""Write-side operations for OPDs, positions, employees and their accounts.

Who may change an employee and their account (docs/security.md) is decided here, whatever
screen or import calls in: see ``employee_save``.
"""

import datetime
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from lms.core.audit.actions import AuditAction
from lms.core.audit.services import AuditOPD, audit_record
from lms.core.events import send_after_commit
from lms.core.imports.bulk import rows_update
from lms.core.nip import normalize_nip
from lms.core.notifications.services import notification_create
from lms.core.safe_input import text_problem
from lms.users.models import InvitationChannel, User
from lms.users.roles import Role
from lms.users.services import account_activation_url, account_invitations_record, site_url

from .models import (
    OPD,
    CorrectionField,
    CorrectionRequest,
    CorrectionStatus,
    Employee,
    OPDScope,
    Position,
)
from .selectors import (
    ALL,
    account_is_staff,
    activation_candidates,
    activation_pending,
    correction_current_value,
    employee_account,
    employee_identity_changes,
    employee_identity_editable,
    employees_editable_by,
    opd_scope_ids,
    user_manages_accounts,
)
from .signals import position_saved

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


# The account fields kept in step with an employee, in order (``employee_account_values``).
ACCOUNT_MIRROR_FIELDS = ("nip", "username", "first_name", "last_name", "email", "is_active")


def employee_account_values(employee: Employee) -> dict[str, Any]:
    """The account mirror of ``employee``: what its login account's fields must be.

    The one rule, used by ``employee_account_ensure`` (screens, demo) and
    ``employees_bulk_save`` (imports): username and NIP are the NIP, the first name is the
    employee's name (the account has no last name), e-mail and active flag follow the employee.
    Keys are ``ACCOUNT_MIRROR_FIELDS``.
    """
    return {
        "nip": employee.nip,
        "username": employee.nip,
        "first_name": employee.name[:150],
        "last_name": "",
        "email": employee.email,
        "is_active": employee.is_active,
    }


@transaction.atomic
def employee_account_ensure(*, employee: Employee) -> User:
    """The employee's login account, created if missing (Peserta role, no usable password).

    A new account is activated through a one-time link (``activation_invite`` e-mails it or
    prints it in a letter): the employee sets their own password, and the link stops working
    once it is used.
    Idempotent. Keeps the account's NIP, e-mail and name in step with the HR record.
    Checks no rights and records nothing: screens and imports go through ``employee_save``,
    which does; only trusted code (the demo seed) calls this directly.
    """
    user = employee_account(employee)
    created = user is None
    if created:
        user = User(username=employee.nip)
        user.set_unusable_password()
    for name, value in employee_account_values(employee).items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    if created:
        user.groups.add(Group.objects.get(name=Role.PESERTA))
    if employee.user_id != user.pk:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


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


@dataclass
class EmployeeBulkItem:
    """One employee for ``employees_bulk_save``, already validated and checked by the caller."""

    employee: Employee  # unsaved values; ``pk`` set for an existing employee, None for a new one
    user_id: int | None  # the account to update or link; None = create one
    employee_fields: tuple[str, ...] = ()  # what an update changes (one UPDATE per field set)
    user_fields: tuple[str, ...] = ()  # account fields that differ from the mirror
    identity_changes: dict[str, dict[str, str]] = field(default_factory=dict)  # to be logged


@transaction.atomic
def employees_bulk_save(*, items: Sequence[EmployeeBulkItem], user: User | None) -> None:
    """Bulk version of ``employee_save`` for the employee import: the same result in a few
    queries for thousands of rows.

    Accounts follow ``employee_account_values``; a new account has an unusable password and the
    Peserta role; an existing one is updated only in ``user_fields``. New employees are
    inserted, existing ones updated in ``employee_fields`` (and ``updated_at``), and every
    identity change is recorded as ``employee_save`` does (``employee_identity_change_record``,
    by ``user``).

    Trusted input: the caller has done ``full_clean`` and the checks of ``employee_save``
    (scope, staff accounts, ``employee_identity_editable``, free e-mail) for every item; this
    sends no model signals and calls no ``save()``. Atomic. An e-mail swap between two existing
    accounts trips the unique e-mail constraint (an ``IntegrityError``).
    """
    now = timezone.now()
    to_create = [item.employee for item in items if item.employee.pk is None]
    to_update = [item for item in items if item.employee.pk is not None]
    new_users: list[User] = []
    new_for: list[EmployeeBulkItem] = []
    sync_users: dict[tuple[str, ...], list[User]] = {}
    for item in items:
        values = employee_account_values(item.employee)
        if item.user_id is None:
            new_users.append(User(password=make_password(None), **values))
            new_for.append(item)
        elif item.user_fields:
            sync_users.setdefault(item.user_fields, []).append(User(pk=item.user_id, **values))
        item.employee.user_id = item.user_id
    for fields_changed, users in sync_users.items():
        rows_update(users, fields_changed)
    created_users = User.objects.bulk_create(new_users, batch_size=500)
    group = Group.objects.get(name=Role.PESERTA)
    Membership = User.groups.through  # noqa: N806 - a model class
    Membership.objects.bulk_create(
        [Membership(user_id=account.pk, group_id=group.pk) for account in created_users],
        batch_size=1000,
    )
    for item, account in zip(new_for, created_users, strict=True):
        item.employee.user_id = account.pk
    Employee.objects.bulk_create(to_create, batch_size=500)
    updates: dict[tuple[str, ...], list[Employee]] = {}
    for item in to_update:
        item.employee.updated_at = now
        updates.setdefault(item.employee_fields, []).append(item.employee)
    for fields_changed, employees in updates.items():
        rows_update(employees, [*fields_changed, "updated_at"])
    for item in items:
        if item.identity_changes:
            employee_identity_change_record(
                employee=item.employee, changes=item.identity_changes, user=user
            )


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
    audit_record(
        AuditAction.IDENTITY_CHANGED,
        actor=user,
        obj=employee,
        opd=AuditOPD(employee.opd_id, _opd_name(employee)),
        details={"changes": changes},
    )
    if changes.get("email", {}).get("old"):
        from .tasks import identity_change_notify_task

        identity_change_notify_task.delay_on_commit(entry.pk)
    return entry


def _opd_name(employee: Employee) -> str:
    """The employee's OPD name without a query when the OPD is already loaded (imports)."""
    cached = Employee.opd.is_cached(employee)
    if cached:
        return employee.opd.name if employee.opd else ""
    return OPD.objects.filter(pk=employee.opd_id).values_list("name", flat=True).first() or ""


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
def opd_save(*, opd: OPD, successors: Iterable[OPD] | None = None) -> OPD:
    """Validates and saves an OPD; ``successors`` (the units that took over a merged or
    dissolved one), when given, replace the stored ones. Atomic."""
    opd.full_clean()
    opd.save()
    if successors is not None:
        opd_successors_set(opd=opd, successors=successors)
    return opd


@transaction.atomic
def opd_successors_set(*, opd: OPD, successors: Iterable[OPD]) -> OPD:
    """Sets the successors of a saved OPD to exactly ``successors``. Idempotent."""
    opd.successors.set(successors)
    return opd


@transaction.atomic
def position_save(*, position: Position) -> Position:
    """Validates and saves a position; sends ``position_saved`` once the transaction commits
    (the competencies app applies the IT-role requirement floor on it). Atomic."""
    position.full_clean()
    position.save()
    send_after_commit(position_saved, sender=Position, position=position)
    return position


def _scope_audit(*, user: User, before: list[OPD], after: list[OPD]) -> None:
    """One ``SCOPE_CHANGED`` audit entry when ``user``'s OPDs changed (none when not)."""
    before_ids, after_ids = {opd.pk for opd in before}, {opd.pk for opd in after}
    if before_ids == after_ids:
        return
    added = [opd for opd in after if opd.pk not in before_ids]
    removed = [opd for opd in before if opd.pk not in after_ids]

    def codes(opds: Iterable[OPD]) -> list[str]:
        return sorted(f"{opd.code} {opd.name}" for opd in opds)

    changed = [*added, *removed]
    audit_record(
        AuditAction.SCOPE_CHANGED,
        obj=user,
        object_label=f"{user.get_full_name()} ({user.username})".strip(),
        opd=changed[0] if len(changed) == 1 else None,
        details={
            "before": codes(before),
            "after": codes(after),
            "added": codes(added),
            "removed": codes(removed),
        },
    )


@transaction.atomic
def opd_scope_set(*, user: User, opds: list[OPD]) -> None:
    """Binds an Admin OPD user to exactly these OPDs (and so their sub-units); a change is
    audited (``SCOPE_CHANGED``, the OPDs before and after)."""
    before = list(OPD.objects.filter(scopes__user=user).order_by("pk"))
    OPDScope.objects.filter(user=user).exclude(opd__in=opds).delete()
    for opd in opds:
        OPDScope.objects.get_or_create(user=user, opd=opd)
    after = list({opd.pk: opd for opd in opds}.values())
    _scope_audit(user=user, before=before, after=after)


@transaction.atomic
def opd_scope_delete(*, scope: OPDScope) -> None:
    """Removes one OPD from an Admin OPD's scope (the admin's delete), audited."""
    user = scope.user
    before = list(OPD.objects.filter(scopes__user=user).order_by("pk"))
    scope.delete()
    _scope_audit(user=user, before=before, after=[opd for opd in before if opd.pk != scope.opd_id])


# --- Account activation (docs/user-guide.md, "Aktivasi akun") ----------------------------------

EMAIL_BATCH = 100  # accounts per e-mail task (one SMTP connection each)


@dataclass(frozen=True)
class Invitation:
    """What :func:`activation_invite` did: the employees invited (their accounts carry the new
    invitation, so their links can be built at once), and the pending ones an e-mail could not
    reach (no address: print them a letter)."""

    invited: list[Employee]
    without_email: list[Employee] = field(default_factory=list)


@transaction.atomic
def activation_invite(
    *, employees: Iterable[Employee], channel: str, user: User | None
) -> Invitation:
    """Invites the given employees to activate their account, by e-mail or by a printed letter
    (``InvitationChannel``), as ``user`` (``None``: trusted code, the command).

    * Only pending accounts are invited (``activation_pending``): an account that already has
      a password, or is deactivated, is skipped, never reset.
    * ``user`` must be allowed to edit every given employee (``employees_editable_by``:
      an Admin OPD their OPDs' learners); otherwise ``PermissionDenied`` and nothing changes.
    * Each invitation is recorded (``account_invitations_record``): it replaces the earlier
      one, whose link stops working.
    * E-mails are sent by Celery after the commit, ``EMAIL_BATCH`` accounts per task
      (:func:`activation_emails_send`); a letter is drawn by the caller from ``invited``
      (``lms.people.letters``), after this call, with the new links.
    """
    if channel not in InvitationChannel.values:
        raise ValueError(f"unknown invitation channel {channel!r}")
    ids = {employee.pk for employee in employees}
    if user is not None:
        allowed = set(employees_editable_by(user).filter(pk__in=ids).values_list("pk", flat=True))
        if allowed != ids:
            raise PermissionDenied(_("Sebagian pegawai di luar cakupan Anda."))
    found = list(activation_candidates(user=None).filter(pk__in=ids))
    without = []
    if channel == InvitationChannel.EMAIL:
        without = [employee for employee in found if not employee.user.email]
        found = [employee for employee in found if employee.user.email]
    account_invitations_record(
        users=[employee.user for employee in found], channel=channel, sent_by=user
    )
    if channel == InvitationChannel.EMAIL and found:
        user_ids = [employee.user_id for employee in found]

        def queue() -> None:
            from .tasks import activation_email_task  # the task module imports this one

            for start in range(0, len(user_ids), EMAIL_BATCH):
                activation_email_task.delay(user_ids[start : start + EMAIL_BATCH])

        transaction.on_commit(queue)
    return Invitation(invited=found, without_email=without)


def activation_emails_send(*, user_ids: Sequence[int]) -> int:
    """Sends the activation e-mail to each of these accounts that is still pending and was last
    invited by e-mail (one SMTP connection); returns how many were sent. The link is built
    now, from the latest invitation. Writes nothing."""
    employees = (
        activation_pending()
        .filter(user_id__in=list(user_ids), user__invitation__channel=InvitationChannel.EMAIL)
        .select_related("opd", "position", "user", "user__invitation")
    )
    messages = []
    with override(settings.LANGUAGE_CODE):
        for employee in employees:
            context = activation_context(employee)
            subject = _("Aktifkan akun %(site)s Anda") % {"site": settings.WAGTAIL_SITE_NAME}
            body = render_to_string("people/email/activation.txt", context)
            messages.append(EmailMessage(subject, body, None, [employee.user.email]))
    if not messages:
        return 0
    sent = get_connection(fail_silently=False).send_messages(messages)
    logger.info("activation e-mails sent: %s of %s accounts", sent, len(user_ids))
    return sent or 0


def activation_context(employee: Employee) -> dict[str, Any]:
    """What an activation e-mail or letter says about one employee: name, NIP (their user
    name), OPD, position, the link and until when it works."""
    invitation = employee.user.invitation
    valid_until = timezone.localtime(invitation.sent_at) + datetime.timedelta(
        days=settings.LMS_ACTIVATION_LINK_DAYS
    )
    return {
        "name": employee.full_name,
        "nip": employee.nip,
        "opd": employee.opd.name,
        "position": employee.position.name if employee.position_id else "",
        "url": account_activation_url(user=employee.user),
        "valid_until": valid_until,
        "login_url": site_url(reverse("users:login")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


# --- Correction requests (UU 27/2022: the right to rectification) ------------------------------

CORRECTION_VALUE_MAX = 300
CORRECTION_NOTE_MAX = 1000
CORRECTION_OPEN_MAX = 10  # open requests one employee may have at once
_MARKUP = re.compile(r"[<>]")


def _correction_text(value: Any, *, label: str, limit: int, required: bool) -> str:
    """``value`` as stripped text, or a ``ValidationError`` in Indonesian: empty when
    required, longer than ``limit``, NUL or a lone surrogate, or markup (``<``, ``>``)."""
    text = value.strip() if isinstance(value, str) else ""
    if value is not None and not isinstance(value, str):
        raise ValidationError(_("%(label)s harus berupa teks.") % {"label": label})
    if required and not text:
        raise ValidationError(_("%(label)s wajib diisi.") % {"label": label})
    if problem := text_problem(text):
        raise ValidationError(problem)
    if len(text) > limit:
        raise ValidationError(
            _("%(label)s paling banyak %(limit)s karakter (sekarang %(count)s).")
            % {"label": label, "limit": limit, "count": len(text)}
        )
    if _MARKUP.search(text):
        raise ValidationError(
            _("%(label)s tidak boleh memuat tanda < atau > (kode HTML).") % {"label": label}
        )
    return text


@transaction.atomic
def correction_request_create(
    *, employee: Employee, user: User, field: str, requested_value: Any, note: Any = ""
) -> CorrectionRequest:
    """The learner ``user`` asks HR to correct ``field`` of their own record ``employee``.

    Refuses (``ValidationError``, Indonesian, nothing written): a request for someone else's
    record, an unknown field, an empty, too long or hostile value or note, and an eleventh open
    request. Keeps what the record says now (``current_value``) and writes one audit entry
    (``CORRECTION_REQUESTED``)."""
    if employee.user_id is None or employee.user_id != user.pk:
        raise PermissionDenied
    errors: dict[str, list] = {}
    if field not in CorrectionField.values:
        errors["field"] = [_("Pilih data yang perlu diperbaiki.")]
    values = {}
    for name, raw, label, limit, required in (
        ("requested_value", requested_value, _("Data yang benar"), CORRECTION_VALUE_MAX, True),
        ("note", note, _("Keterangan"), CORRECTION_NOTE_MAX, False),
    ):
        try:
            values[name] = _correction_text(raw, label=label, limit=limit, required=required)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one request at a time
    open_count = CorrectionRequest.objects.filter(
        employee=employee, status=CorrectionStatus.OPEN
    ).count()
    if open_count >= CORRECTION_OPEN_MAX:
        raise ValidationError(
            _(
                "Anda sudah punya %(count)s permintaan yang belum diselesaikan. Tunggu sampai "
                "bagian kepegawaian menanggapinya."
            )
            % {"count": open_count}
        )
    correction = CorrectionRequest(
        employee=employee,
        requested_by=user,
        field=field,
        current_value=correction_current_value(employee, field)[:CORRECTION_VALUE_MAX],
        requested_value=values["requested_value"],
        note=values["note"],
    )
    correction.full_clean()
    correction.save()
    audit_record(
        AuditAction.CORRECTION_REQUESTED,
        actor=user,
        obj=correction,
        object_label=f"{correction.get_field_display()}: {employee.nip}",
        opd=employee.opd,
        details={"field": field},
    )
    return correction


@transaction.atomic
def correction_request_resolve(
    *, correction: CorrectionRequest, user: User, status: str, note: Any = ""
) -> CorrectionRequest:
    """HR closes a request: ``resolved`` (the record was corrected on the employee screens) or
    ``rejected`` (a note saying why is required). Only someone holding
    ``people.change_correctionrequest`` whose OPD scope holds the employee's OPD; a request
    already closed is refused. One audit entry (``CORRECTION_RESOLVED``) and a notification to
    the learner."""
    if not user.has_perm("people.change_correctionrequest"):
        raise PermissionDenied
    locked = (
        CorrectionRequest.objects.select_for_update(of=("self",))
        .select_related("employee__opd")  # inner joins only (PostgreSQL locks no outer join)
        .get(pk=correction.pk)
    )
    scope = opd_scope_ids(user)
    if scope is not ALL and locked.employee.opd_id not in scope:
        raise PermissionDenied
    if status not in (CorrectionStatus.RESOLVED, CorrectionStatus.REJECTED):
        raise ValidationError({"status": [_("Pilih “Selesaikan” atau “Tolak”.")]})
    if locked.status != CorrectionStatus.OPEN:
        raise ValidationError(_("Permintaan ini sudah ditanggapi sebelumnya."))
    try:
        text = _correction_text(
            note,
            label=_("Catatan penyelesaian"),
            limit=CORRECTION_NOTE_MAX,
            required=status == CorrectionStatus.REJECTED,
        )
    except ValidationError as error:
        raise ValidationError({"resolution_note": error.messages}) from error
    locked.status = status
    locked.resolution_note = text
    locked.resolved_by = user
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
    employee = locked.employee
    audit_record(
        AuditAction.CORRECTION_RESOLVED,
        actor=user,
        obj=locked,
        object_label=f"{locked.get_field_display()}: {employee.nip}",
        opd=employee.opd,
        details={"field": locked.field, "status": status},
    )
    if employee.user_id is not None:
        resolved = status == CorrectionStatus.RESOLVED
        notification_create(
            user=employee.user,
            title=_("Permintaan perbaikan data Anda selesai")
            if resolved
            else _("Permintaan perbaikan data Anda ditolak"),
            body=(text or _("Lihat rinciannya di halaman Data saya."))[:500],
            url=reverse("privacy:my_data"),
            key=f"correction:{locked.pk}",
        )
    return locked
