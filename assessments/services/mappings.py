"""Remembering which bank a file's category goes to (issue 10, the import preview's mapping).

Only :func:`category_mappings_remember` writes :class:`~assessments.models.CategoryMapping`.
"""

from collections.abc import Mapping

from django.db import transaction

from lms.users.models import User

from ..models import CategoryMapping, QuestionBank
from ..selectors import banks_editable_by


@transaction.atomic
def category_mappings_remember(*, user: User, choices: Mapping[str, QuestionBank | None]) -> None:
    """Stores ``user``'s bank for each source category of ``choices`` (None forgets the
    category's bank: its questions follow the file again). A bank the user may not edit is
    never remembered (the import refuses it anyway)."""
    editable = set(
        banks_editable_by(user)
        .filter(pk__in=[bank.pk for bank in choices.values() if bank is not None])
        .values_list("pk", flat=True)
    )
    for path, bank in choices.items():
        if bank is None:
            CategoryMapping.objects.filter(user=user, source_path=path).delete()
        elif bank.pk in editable:
            CategoryMapping.objects.update_or_create(
                user=user, source_path=path, defaults={"bank": bank}
            )
