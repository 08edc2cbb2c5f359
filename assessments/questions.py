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

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .grading import normalise_text, parse_number
from .models import QuestionType

MAX_TEXT = 5000
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "sub", "sup", "br", "p", "ul", "ol", "li", "code"}


def clean_html(text: str) -> str:
    """Question text may carry simple formatting; scripts, handlers and links are removed."""
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={}, url_schemes=set()).strip()


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
        correct = [choice for choice in choices if choice.get("correct")]
        if question_type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE) and len(correct) != 1:
            errors.append(_("Soal ini harus punya tepat satu jawaban benar."))
        if question_type == QuestionType.MULTIPLE and not correct:
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
    elif question_type == QuestionType.MATCHING:
        pairs = data.get("pairs") or []
        if len(pairs) < 2:
            errors.append(_("Soal menjodohkan butuh paling sedikit 2 pasangan."))
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


def __getattr__(name: str):
    """``question_save`` is a service (``services.questions``); it is still found here for the
    callers that import it from this module (the importers, tests). Lazily: the service uses
    the validation above, and ``selectors`` imports this module early."""
    if name == "question_save":
        from .services.questions import question_save

        return question_save
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
