"""Writing question banks and who they are shared with (docs/security.md, "Akses pengajar")."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.users.models import User
from lms.users.selectors import display_names, trainers_split

from ..models import QuestionBank


@transaction.atomic
def bank_save(*, bank: QuestionBank) -> QuestionBank:
    """Creates or updates ``bank`` (validated first)."""
    bank.full_clean()
    bank.save()
    return bank


@transaction.atomic
def bank_editors_set(*, bank: QuestionBank, users, by: User | None = None) -> QuestionBank:
    """Makes ``users`` exactly the trainers ``bank`` is shared with (``QuestionBank.editors``):
    they may then edit it, write questions into it and draw from it. Each must be an active
    Pengajar (``ValidationError`` otherwise). Idempotent; a change is logged with who was
    added and removed. Who may call it: BKPSDM (``assessments.share_questionbank``)."""
    users, refused = trainers_split(users)
    if refused:
        raise ValidationError(
            {
                "editors": _(
                    "Bank soal hanya dapat dibagikan kepada akun Pengajar yang aktif: %(names)s."
                )
                % {"names": display_names(refused)}
            }
        )
    before = {user.pk: user for user in bank.editors.all()}
    bank.editors.set(users)
    kept = {user.pk for user in users}
    added = [user.username for user in users if user.pk not in before]
    removed = [user.username for pk, user in before.items() if pk not in kept]
    if added or removed:
        log(
            instance=bank,
            action="lms.bank_editors",
            user=by,
            data={"added": added, "removed": removed},
        )
    return bank
