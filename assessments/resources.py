"""The tabular (XLSX/CSV) question format: its columns, and questions written as rows.

:class:`QuestionResource` (django-import-export) defines the canonical columns and how a
stored question is written as one row; the ``questions`` kind uses it for the downloadable
template and for exports (:func:`export_questions`, :func:`template_file`), which stream
through the CSV/XLSX writers of ``lms.core.imports`` (no tablib ``Dataset`` held in memory).
Reading and validating rows is done by :mod:`assessments.importers.tabular`, which documents
the format for authors.

One row is one question. Columns:

``competency_code``, ``level``, ``bank``
    The question bank: competency code, level 1-5 and (optional) bank name.
``type``
    ``single``, ``multiple``, ``true_false``, ``short``, ``numeric`` or ``matching``.
``text``
    The question; simple HTML (``<b>``, ``<i>``, ``<p>``, lists...) is kept, anything else is
    removed.
``choice_a`` ... ``choice_f``, ``feedback_a`` ... ``feedback_f``, ``correct``
    Choices and per-choice feedback (at most 6, as in the admin form); ``correct`` holds the
    letters of the right choices.
``accepted``, ``case_sensitive``
    Short answers: accepted answers separated by ``|``; ``ya`` for a case-sensitive match.
``answer``, ``tolerance``
    Numeric questions.
``pairs``
    Matching: ``pernyataan=jawaban|pernyataan=jawaban`` (2 to 6 pairs).
``explanation``, ``points``
    General explanation shown at review; points (default 1).

In ``accepted`` and ``pairs`` a literal ``|``, ``=`` or ``\\`` is written ``\\|``, ``\\=``,
``\\\\``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from import_export import fields, resources

from lms.core.imports.writing import write_table

from .models import Question, QuestionType
from .questions import MAX_PAIRS  # noqa: F401 - the importers' limit, from validation
from .selectors import questions_visible_to

LETTERS = "abcdef"  # as many choices as the admin form edits (assessments.admin_forms)
MAX_CHOICES = len(LETTERS)
TEMPLATE_CHOICES = 6

HEAD_COLUMNS = ("competency_code", "level", "bank", "type", "text")
TAIL_COLUMNS = (
    "accepted",
    "case_sensitive",
    "answer",
    "tolerance",
    "pairs",
    "explanation",
    "points",
)


def choice_column(index: int) -> str:
    return f"choice_{LETTERS[index]}"


def feedback_column(index: int) -> str:
    return f"feedback_{LETTERS[index]}"


def columns_for(choices: int) -> list[str]:
    """The header of a file with ``choices`` choice columns (``a`` onwards)."""
    return [
        *HEAD_COLUMNS,
        *(choice_column(i) for i in range(choices)),
        "correct",
        *(feedback_column(i) for i in range(choices)),
        *TAIL_COLUMNS,
    ]


ALL_COLUMNS = columns_for(MAX_CHOICES)
TEMPLATE_COLUMNS = columns_for(TEMPLATE_CHOICES)


# ------------------------------------------------------------------------- escaped lists


def join_escaped(values: list[str], separator: str = "|") -> str:
    """``values`` joined with ``separator``; ``\\``, ``|`` and ``=`` inside are escaped."""
    return separator.join(escape(value) for value in values)


def escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("=", "\\=")


def split_escaped(text: str, separator: str, *, maxsplit: int = -1) -> list[str]:
    """Split at unescaped ``separator``; escapes are kept (undo them with :func:`unescape`)."""
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == separator and (maxsplit < 0 or len(parts) < maxsplit):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def unescape(text: str) -> str:
    """Undo :func:`escape`: ``\\x`` becomes ``x``."""
    out: list[str] = []
    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


# --------------------------------------------------------------------------- rows


def decimal_text(value: Any) -> str:
    """``Decimal("1.00")`` -> ``"1"``, ``"2.50"`` -> ``"2.5"``; anything else as text."""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "") else text


def question_cells(
    *,
    competency_code: str,
    level: int | str,
    bank: str,
    question_type: str,
    text: str,
    data: dict,
    explanation: str = "",
    points: Any = 1,
) -> dict[str, str]:
    """One question as ``{column: cell text}`` in the tabular format (defensive about
    malformed ``data``: it also renders previews of items that failed validation)."""
    cells = {
        "competency_code": competency_code,
        "level": str(level),
        "bank": bank,
        "type": str(question_type),
        "text": text,
        "explanation": explanation or "",
        "points": decimal_text(points),
    }
    data = data if isinstance(data, dict) else {}
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        choices = [c for c in data.get("choices") or [] if isinstance(c, dict)]
        if question_type == QuestionType.TRUE_FALSE:
            by_id = {str(c.get("id")): c for c in choices}
            choices = [by_id.get("true", {}), by_id.get("false", {})]
            correct = [c.get("id") for c in choices if c.get("correct")]
            cells["correct"] = str(correct[0]) if len(correct) == 1 else ""
        else:
            cells["correct"] = ",".join(
                LETTERS[i] for i, c in enumerate(choices[:MAX_CHOICES]) if c.get("correct")
            )
        for index, choice in enumerate(choices[:MAX_CHOICES]):
            cells[choice_column(index)] = str(choice.get("text", "") or "")
            cells[feedback_column(index)] = str(choice.get("feedback", "") or "")
    elif question_type == QuestionType.SHORT:
        cells["accepted"] = join_escaped([str(a) for a in data.get("accepted") or []])
        cells["case_sensitive"] = "ya" if data.get("case_sensitive") else ""
    elif question_type == QuestionType.NUMERIC:
        cells["answer"] = str(data.get("answer", ""))
        cells["tolerance"] = str(data.get("tolerance", ""))
    elif question_type == QuestionType.MATCHING:
        pairs = [p for p in data.get("pairs") or [] if isinstance(p, dict)]
        cells["pairs"] = "|".join(
            f"{escape(str(p.get('prompt', '')))}={escape(str(p.get('answer', '')))}" for p in pairs
        )
    return cells


def choice_count(question_type: str, data: dict) -> int:
    """How many choice columns a question needs."""
    if question_type == QuestionType.TRUE_FALSE:
        return 2
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return len(data.get("choices") or [])
    return 0


class _QuestionResourceBase(resources.Resource):
    """Exports a :class:`Question` (its current version) as one row of text cells."""

    def export_resource(self, instance: Question, selected_fields=None, **kwargs) -> list[str]:
        version = instance.current_version
        bank = instance.bank
        cells = question_cells(
            competency_code=bank.competency.code,
            level=bank.level,
            bank=bank.name,
            question_type=instance.type,
            text=version.text,
            data=version.data,
            explanation=version.explanation,
            points=version.points,
        )
        return [cells.get(f.column_name, "") for f in self.get_export_fields(selected_fields)]

    def headers(self, choices: int = TEMPLATE_CHOICES) -> list[str]:
        return columns_for(choices)


# Declared fields generated from ALL_COLUMNS (the metaclass collects them in this order).
QuestionResource = type(
    "QuestionResource",
    (_QuestionResourceBase,),
    {
        "__module__": __name__,
        "__doc__": _QuestionResourceBase.__doc__,
        **{
            name: fields.Field(attribute=None, column_name=name, readonly=True)
            for name in ALL_COLUMNS
        },
    },
)


def current_questions(user: Any = None):
    """Current questions, of the banks ``user`` may see (None: all)."""
    questions = Question.objects.all() if user is None else questions_visible_to(user)
    return (
        questions.filter(current_version__isnull=False)
        .select_related("bank__competency", "current_version")
        .order_by("bank__competency__code", "bank__level", "bank__name", "bank_id", "pk")
    )


def export_questions(fmt: str, user: Any = None) -> bytes:
    """Every question's current version in the tabular format (re-imports as unchanged), of
    the banks ``user`` may see (None: all).

    Choice columns go up to the largest number of choices any question has (at least
    ``a``-``f``)."""
    questions = list(current_questions(user))
    choices = max(
        [TEMPLATE_CHOICES] + [choice_count(q.type, q.current_version.data or {}) for q in questions]
    )
    headers = columns_for(min(choices, len(LETTERS)))
    resource = QuestionResource()
    rows = (resource.export_resource(q, selected_fields=headers) for q in questions)
    return write_table(fmt, headers, rows, title="questions")


def template_file(fmt: str) -> bytes:
    """Header-only file with the template columns (choices ``a``-``f``)."""
    headers = QuestionResource().get_export_headers(selected_fields=columns_for(TEMPLATE_CHOICES))
    return write_table(fmt, headers, [], title="questions")
