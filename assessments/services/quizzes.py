"""Authoring a quiz: its settings, its draws (questions per bank) and its placement bands.

:func:`quiz_save` owns the rules (docs/user-guide.md, "Kuis"); the admin form validates the
shape of the input and calls the same checks, so the admin shows the same errors:

- a percentage is at most 100; a time limit or an attempt limit is empty or at least 1; the quiz
  closes after it opens (:func:`quiz_settings_check`);
- at least one draw, none taking more questions than its bank has drawable ones
  (:func:`quiz_draws_check`);
- bands only on a placement test, which needs at least one, each on a competency one of the
  quiz's banks measures (:func:`quiz_bands_check`).
"""

from collections import Counter
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import PlacementBand, Question, Quiz, QuizDraw, QuizKind

PERCENT_FIELDS = ("pass_percent", "competency_pass_percent")
AT_LEAST_ONE_FIELDS = {
    "time_limit_minutes": gettext_lazy(
        "Isi paling sedikit 1 menit, atau kosongkan bila tanpa batas."
    ),
    "max_attempts": gettext_lazy("Isi paling sedikit 1, atau kosongkan bila tanpa batas."),
}
SETTINGS_FIELDS = (*PERCENT_FIELDS, *AT_LEAST_ONE_FIELDS, "opens_at", "closes_at")
DRAWS = "draws"  # error key of the draw list; a row's error is keyed "draws-<index>-count"


def draw_row_key(index: int) -> str:
    return f"{DRAWS}-{index}-count"


def quiz_settings_check(values: Mapping) -> None:
    """Raises ``ValidationError({field: [...]})`` for the quiz settings in ``values`` (a quiz's
    fields by name; fields left out are not checked)."""
    errors: dict[str, ValidationError] = {}
    for name in PERCENT_FIELDS:
        value = values.get(name)
        if value is not None and value > 100:
            errors[name] = ValidationError(_("Nilai lulus paling tinggi 100."), code="max_value")
    for name, message in AT_LEAST_ONE_FIELDS.items():
        if name in values and values[name] == 0:
            errors[name] = ValidationError(str(message), code="zero")
    opens, closes = values.get("opens_at"), values.get("closes_at")
    if opens and closes and closes <= opens:
        errors["closes_at"] = ValidationError(
            _("Waktu tutup harus sesudah waktu buka."), code="window"
        )
    if errors:
        raise ValidationError(errors)


def quiz_draws_check(draws: Sequence[QuizDraw]) -> None:
    """At least one draw, each within its bank's drawable questions. Raises ``ValidationError``
    keyed ``"draws"`` (the list) and :func:`draw_row_key` (a row's count). One query."""
    if not draws:
        raise ValidationError(
            {
                DRAWS: ValidationError(
                    _("Tambahkan paling sedikit satu bank soal yang diambil kuis ini."),
                    code="no_draws",
                )
            }
        )
    available = dict(
        Question.objects.filter(bank_id__in={draw.bank_id for draw in draws})
        .drawable()
        .values("bank_id")
        .annotate(n=Count("pk"))
        .values_list("bank_id", "n")
    )
    errors: dict[str, ValidationError] = {}
    for index, draw in enumerate(draws):
        count = available.get(draw.bank_id, 0)
        if draw.count is not None and draw.count > count:
            errors[draw_row_key(index)] = ValidationError(
                ngettext(
                    "Bank ini hanya berisi %(available)d soal aktif.",
                    "Bank ini hanya berisi %(available)d soal aktif.",
                    count,
                )
                % {"available": count},
                code="bank_too_small",
            )
    if errors:
        raise ValidationError(errors)


def quiz_bands_check(
    *, kind: str, draws: Sequence[QuizDraw], bands: Sequence[PlacementBand]
) -> None:
    """Bands belong to placement quizzes and to competencies the quiz measures. Raises a
    ``ValidationError`` listing the broken rules (not tied to a field)."""
    errors: list[ValidationError] = []
    if kind != QuizKind.PLACEMENT and bands:
        errors.append(
            ValidationError(
                _(
                    "Pita penempatan hanya dipakai tes penempatan. Hapus pitanya atau "
                    "ubah jenis kuis menjadi tes penempatan."
                ),
                code="bands_not_placement",
            )
        )
    if kind == QuizKind.PLACEMENT and not bands:
        errors.append(
            ValidationError(
                _("Tes penempatan butuh paling sedikit satu pita penempatan."), code="no_bands"
            )
        )
    measured = {draw.bank.competency_id for draw in draws}
    unmeasured = sorted(
        {band.competency.code for band in bands if band.competency_id not in measured}
    )
    if kind == QuizKind.PLACEMENT and unmeasured:
        errors.append(
            ValidationError(
                _(
                    "Pita untuk %(codes)s tidak akan pernah tercapai: tidak ada bank soal "
                    "kuis ini yang menguji kompetensi tersebut."
                )
                % {"codes": ", ".join(unmeasured)},
                code="band_unmeasured",
            )
        )
    if errors:
        raise ValidationError(errors)


def quiz_check(*, quiz: Quiz, draws: Sequence[QuizDraw], bands: Sequence[PlacementBand]) -> None:
    """Every rule of the module docstring at once; raises one ``ValidationError`` (by field,
    ``"draws"``/``"draws-<i>-count"`` for draws, non-field for bands)."""
    errors: dict = {}
    checks = (
        lambda: quiz_settings_check({name: getattr(quiz, name) for name in SETTINGS_FIELDS}),
        lambda: quiz_draws_check(draws),
        lambda: quiz_bands_check(kind=quiz.kind, draws=draws, bands=bands),
    )
    for check in checks:
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    duplicated = [bank for bank, n in Counter(d.bank_id for d in draws).items() if n > 1]
    if duplicated:
        errors.setdefault(DRAWS, []).append(
            ValidationError(_("Setiap bank soal hanya sekali diambil kuis ini."), code="unique")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def quiz_save(
    *,
    quiz: Quiz,
    draws: Sequence[QuizDraw] | None = None,
    bands: Sequence[PlacementBand] | None = None,
) -> Quiz:
    """Saves ``quiz`` with exactly ``draws`` and ``bands`` (None: keep the stored ones).

    Rows are model instances, new (no pk) or this quiz's own (a row of another quiz is refused);
    stored rows left out are deleted, unchanged ones are not written. Raises ``ValidationError``
    (:func:`quiz_check`) before writing anything.
    """
    stored_draws = list(quiz.draws.select_related("bank")) if quiz.pk else []
    stored_bands = list(quiz.bands.select_related("competency")) if quiz.pk else []
    draws = stored_draws if draws is None else list(draws)
    bands = stored_bands if bands is None else list(bands)
    quiz_check(quiz=quiz, draws=draws, bands=bands)
    quiz.full_clean()
    quiz.save()
    _rows_sync(quiz, stored_draws, draws, ("bank_id", "count"))
    _rows_sync(quiz, stored_bands, bands, ("competency_id", "min_percent", "level"))
    return quiz


def _rows_sync(quiz: Quiz, stored: list[Model], rows: list[Model], fields: tuple) -> None:
    """Makes the quiz's rows (draws or bands) exactly ``rows``: deletes first (a unique
    constraint may move from a deleted row to a new one), then updates, then creates."""
    by_pk = {row.pk: row for row in stored}
    kept = {row.pk for row in rows if row.pk is not None}
    if kept - set(by_pk):
        raise ValidationError(_("Baris ini bukan milik kuis ini."), code="foreign_row")
    gone = [pk for pk in by_pk if pk not in kept]
    if gone:
        type(stored[0])._default_manager.filter(pk__in=gone).delete()
    changed = [
        row
        for row in rows
        if row.pk is None
        or any(getattr(row, name) != getattr(by_pk[row.pk], name) for name in fields)
    ]
    for row in sorted(changed, key=lambda row: row.pk is None):
        row.quiz = quiz
        row.full_clean()
        row.save()
