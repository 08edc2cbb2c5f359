"""Authoring questions: validation of a question's content and versioned saves.

Choice ids (docs/user-guide.md, "Kode pilihan"): the id of a choice of a single or multiple
choice question is what a learner's browser sends back, so it must say nothing about the
choice. :func:`keyed_choices` is the ONE place ids are given; every path that writes a
question (``services.questions.question_save``, the admin forms, the importers, the starter
questions and the demo) goes through :func:`validate_question`, which calls it:

- a new choice gets a random id (:func:`new_choice_id`, 8 hex digits from ``secrets``), never
  derived from its position or from whether it is correct;
- an edit keeps the id of a choice it keeps (item statistics count distractors by id), matched
  first by the id the previous version gave it (the admin form's rows), then by its text (a
  re-import or a re-seed, whose files know nothing of ids);
- an id the caller made up (``"a"``, ``"b"``, ...) is never stored.

True/false keeps ``"true"``/``"false"``: the id says what the visible text says. Matching pairs
keep short ids in authoring order (``"1"``, ``"2"``, ...): the prompts carry them, the options a
learner picks from are answer texts shuffled per attempt, so the pair ids tell nothing about
which answer belongs to which prompt.
"""

import secrets
from collections.abc import Collection, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .grading import normalise_text, parse_number
from .importers.sanitize import clean_html  # the one HTML policy, for every path
from .models import QuestionType

MAX_TEXT = 5000
# Moodle sets no upper limit on choices or matching pairs (its form shows 5 blanks and adds
# more on request); 20 each is generous for any real bank and keeps the attempt page a short
# list of radios or selects. The admin form edits fewer rows and sends larger questions to
# the importers (assessments.admin_forms.questions).
MAX_CHOICES = 20
MAX_PAIRS = 20
MAX_RANGES = 20  # extra numeric answers with partial credit (Moodle: any number)
TRUE_FALSE_IDS = ("true", "false")
CHOICE_ID_BYTES = 4


def new_choice_id(taken: Collection[str] = ()) -> str:
    """A random choice id (8 hex digits) not in ``taken``; never ``"true"``/``"false"``."""
    while True:
        candidate = secrets.token_hex(CHOICE_ID_BYTES)
        if candidate not in taken and candidate not in TRUE_FALSE_IDS:
            return candidate


def _choice_key(choice: dict) -> str:
    return normalise_text(clean_html(str(choice.get("text", ""))))


def keyed_choices(choices: Sequence[dict], previous: Sequence[dict] | None = None) -> list[str]:
    """The ids of ``choices`` (single/multiple), in order: see the module docstring.

    ``previous`` are the choices of the version being replaced. A choice keeps the id it claims
    only when that id belongs to a previous choice not already kept; otherwise it takes the id
    of the previous choice with the same text (not already taken), otherwise a fresh random id.
    """
    previous = [c for c in previous or [] if isinstance(c, dict) and c.get("id")]
    previous_ids = {str(c["id"]) for c in previous}
    ids: list[str | None] = [None] * len(choices)
    used: set[str] = set()
    for index, choice in enumerate(choices):
        claimed = str(choice.get("id") or "")
        if claimed in previous_ids and claimed not in used:
            ids[index] = claimed
            used.add(claimed)
    by_text: dict[str, list[str]] = {}
    for choice in previous:
        if str(choice["id"]) not in used:
            by_text.setdefault(_choice_key(choice), []).append(str(choice["id"]))
    for index, choice in enumerate(choices):
        if ids[index] is None and (same := by_text.get(_choice_key(choice))):
            ids[index] = same.pop(0)
            used.add(ids[index])
    taken = used | previous_ids  # a fresh id never reuses a dropped choice's id
    for index in range(len(choices)):
        if ids[index] is None:
            ids[index] = new_choice_id(taken)
            taken.add(ids[index])
    return [str(choice_id) for choice_id in ids]


def validate_question(
    question_type: str, text: str, data: dict, *, previous: dict | None = None
) -> dict:
    """Returns cleaned ``data`` or raises ValidationError with Indonesian messages.

    ``previous`` is the ``data`` of the version this one replaces (None for a new question):
    choice ids are given by :func:`keyed_choices` against it, so the result never carries an
    id the caller chose.
    """
    errors: list[str] = []
    if not text.strip():
        errors.append(_("Teks soal kosong."))
    if len(text) > MAX_TEXT:
        errors.append(_("Teks soal terlalu panjang (maksimal %(n)s karakter).") % {"n": MAX_TEXT})
    cleaned: dict = {}
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        choices = [choice for choice in data.get("choices") or [] if isinstance(choice, dict)]
        if question_type == QuestionType.TRUE_FALSE:
            ids = [str(choice.get("id", "")) for choice in choices]
            if sorted(ids) != ["false", "true"]:
                errors.append(_('Soal benar/salah harus punya pilihan "true" dan "false".'))
        else:
            ids = keyed_choices(choices, (previous or {}).get("choices"))
        if len(choices) < 2:
            errors.append(_("Soal pilihan ganda butuh paling sedikit 2 pilihan."))
        if len(choices) > MAX_CHOICES:
            errors.append(
                _("Soal ini punya %(count)s pilihan; paling banyak %(max)s.")
                % {"count": len(choices), "max": MAX_CHOICES}
            )
        correct = [choice for choice in choices if choice.get("correct")]
        if question_type == QuestionType.TRUE_FALSE and len(correct) != 1:
            errors.append(_("Soal ini harus punya tepat satu jawaban benar."))
        # A single-answer question may have several fully correct choices (Moodle allows
        # it): the learner picks one, and any of them earns full marks.
        if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE) and not correct:
            errors.append(_("Soal ini harus punya paling sedikit satu jawaban benar."))
        if any(not str(choice.get("text", "")).strip() for choice in choices):
            errors.append(_("Ada pilihan yang teksnya kosong."))
        cleaned["choices"] = [
            {
                "id": choice_id,
                "text": clean_html(str(choice.get("text", ""))),
                "correct": bool(choice.get("correct")),
                "feedback": clean_html(str(choice.get("feedback", ""))),
            }
            for choice_id, choice in zip(ids, choices, strict=True)
        ]
    elif question_type == QuestionType.SHORT:
        accepted = [str(a).strip() for a in data.get("accepted") or [] if str(a).strip()]
        if not accepted:
            errors.append(_("Isi paling sedikit satu jawaban yang diterima."))
        cleaned = {"accepted": accepted, "case_sensitive": bool(data.get("case_sensitive"))}
    elif question_type == QuestionType.NUMERIC:
        answer = parse_number(data.get("answer"))
        tolerance = parse_number(data.get("tolerance", 0))
        if answer is None:
            errors.append(_("Kunci jawaban angka tidak valid."))
        if tolerance is None or tolerance < 0:
            errors.append(_("Toleransi harus angka 0 atau lebih."))
        cleaned = {"answer": str(answer), "tolerance": str(tolerance or Decimal(0))}
        cleaned.update(_numeric_extras(data, errors))
    elif question_type == QuestionType.MATCHING:
        pairs = data.get("pairs") or []
        if len(pairs) < 2:
            errors.append(_("Soal menjodohkan butuh paling sedikit 2 pasangan."))
        if len(pairs) > MAX_PAIRS:
            errors.append(
                _("Soal ini punya %(count)s pasangan; paling banyak %(max)s.")
                % {"count": len(pairs), "max": MAX_PAIRS}
            )
        if any(
            not str(p.get("prompt", "")).strip() or not str(p.get("answer", "")).strip()
            for p in pairs
        ):
            errors.append(_("Setiap pasangan butuh pernyataan dan jawaban."))
        cleaned = {
            "pairs": [
                {"id": str(p.get("id") or index + 1), "prompt": clean_html(str(p["prompt"])),
                 "answer": clean_html(str(p["answer"]))}
                for index, p in enumerate(pairs)
                if p.get("prompt") and p.get("answer")
            ]
        }  # fmt: skip
    else:
        errors.append(f'Jenis soal "{question_type}" tidak dikenal.')
    if errors:
        raise ValidationError(errors)
    return cleaned


def _numeric_extras(data: dict, errors: list[str]) -> dict:
    """The optional parts of a numeric question (imported from Moodle): ``feedback`` for the
    key, ``ranges`` (further answers, each ``answer``/``tolerance``/``fraction`` of the points
    between 0 and 1/``feedback``) and ``wrong_feedback``. Absent parts stay absent, so a
    question without them keeps exactly its old data."""
    extras: dict = {}
    for key in ("feedback", "wrong_feedback"):
        if text := clean_html(str(data.get(key) or "")):
            extras[key] = text
    ranges = data.get("ranges") or []
    if not isinstance(ranges, list) or not all(isinstance(r, dict) for r in ranges):
        errors.append(_("Rentang jawaban angka tidak valid."))
        return extras
    if len(ranges) > MAX_RANGES:
        errors.append(
            _("Soal angka ini punya %(count)s jawaban tambahan; paling banyak %(max)s.")
            % {"count": len(ranges), "max": MAX_RANGES}
        )
    cleaned = []
    for item in ranges:
        answer = parse_number(item.get("answer"))
        tolerance = parse_number(item.get("tolerance", 0))
        fraction = parse_number(item.get("fraction"))
        if answer is None or tolerance is None or tolerance < 0:
            errors.append(_("Jawaban tambahan soal angka tidak valid: %(value)s.")
                          % {"value": str(item.get("answer"))[:40]})  # fmt: skip
            continue
        if fraction is None or not (0 < fraction <= 1):
            errors.append(_("Nilai parsial jawaban angka harus lebih dari 0 dan paling banyak 1."))
            continue
        cleaned.append(
            {"answer": str(answer), "tolerance": str(tolerance), "fraction": str(fraction),
             "feedback": clean_html(str(item.get("feedback") or ""))}
        )  # fmt: skip
    if cleaned:
        extras["ranges"] = cleaned
    return extras


def __getattr__(name: str):
    """``question_save`` is a service (``services.questions``); it is still found here for the
    callers that import it from this module (the importers, tests). Lazily: the service uses
    the validation above, and ``selectors`` imports this module early."""
    if name == "question_save":
        from .services.questions import question_save

        return question_save
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
