"""Questions in a spreadsheet (XLSX or CSV): one row per question.

The file is read by the ``lms.core.imports`` table pipeline (content sniffing, size and
zip-bomb limits, header row anywhere in the first 10 rows, headers compared without case,
spaces, ``_`` or ``-``; row-level errors; all or nothing). The columns (canonical name first,
then accepted aliases) and their rules:

``competency_code`` (kode_kompetensi), ``level`` (level_kompetensi), ``bank`` (bank_soal)
    The bank: a competency code from the catalogue (never created by an import), level 1-5 and,
    optionally, the bank's name. Without a name the only bank of that competency and level is
    used; if there is none, it is created on commit as "<competency> – Level <n>". When a
    competency and level have several banks the name is required.
``type`` (jenis)
    ``single`` (pilihan ganda, pg), ``multiple`` (pilihan ganda kompleks, pgk),
    ``true_false`` (benar salah, bs), ``short`` (isian, jawaban singkat), ``numeric`` (angka),
    ``matching`` (menjodohkan).
``text`` (soal, pertanyaan)
    The question. Simple HTML is kept (``<b> <i> <u> <p> <br> <ul> <ol> <li> <sub> <sup>
    <code>``); scripts, event handlers, links and images are removed (with a note).
single / multiple
    ``choice_a`` .. ``choice_f`` (pilihan_a, or just ``A``), ``feedback_a`` .. ``feedback_f``
    (umpan_balik_a) and ``correct`` (kunci): the letter(s) of the right choice(s), e.g. ``b``
    or ``a,c``. ``single`` needs exactly one. Partial credit for ``multiple`` follows the
    grading rule (right ticks minus wrong ticks over the number of right choices).
true_false
    ``correct``: ``benar``/``true`` or ``salah``/``false``; ``choice_a``/``choice_b`` optionally
    rename the "Benar"/"Salah" options, ``feedback_a``/``feedback_b`` are their feedback.
short
    ``accepted`` (jawaban_diterima): accepted answers separated by ``|``;
    ``case_sensitive`` (ya/tidak, default tidak).
numeric
    ``answer`` (kunci_angka) and ``tolerance`` (toleransi, default 0); a decimal comma is fine.
matching
    ``pairs`` (pasangan): ``pernyataan=jawaban|pernyataan=jawaban`` (2 to 6 pairs).
``explanation`` (pembahasan), ``points`` (bobot, default 1, up to 999.99)

A filled column that the row's type does not use is an error (``unused_column``), so a type
changed by mistake is caught. In ``accepted`` and ``pairs``, write ``\\|``, ``\\=`` and
``\\\\`` for a literal ``|``, ``=`` or ``\\``. Errors carry the file's row number and header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.core.imports import Column, Plan, Row, RunContext, TableHandler
from lms.core.imports.cells import header_key
from lms.core.imports.values import ValueProblem, parse_bool, parse_decimal, parse_level

from ..grading import parse_number
from ..models import QuestionType
from ..resources import (
    HEAD_COLUMNS,
    LETTERS,
    TEMPLATE_CHOICES,
    QuestionResource,
    choice_column,
    columns_for,
    current_questions,
    feedback_column,
    split_escaped,
    unescape,
)
from .content import CHOICE_TYPES
from .items import Category, QuestionItem, max_items, too_many_items_message
from .planner import MAX_POINTS, Planner

T = QuestionType

TYPE_ALIASES: dict[str, str] = {
    **{header_key(str(label)): value for value, label in QuestionType.choices},
    **{header_key(value): value for value in QuestionType.values},
    "pilihanganda": T.SINGLE, "pg": T.SINGLE, "satujawaban": T.SINGLE, "singlechoice": T.SINGLE,
    "pilihangandakompleks": T.MULTIPLE, "pgk": T.MULTIPLE, "beberapajawaban": T.MULTIPLE,
    "multiplechoice": T.MULTIPLE, "multipleanswer": T.MULTIPLE,
    "benarsalah": T.TRUE_FALSE, "bs": T.TRUE_FALSE, "truefalse": T.TRUE_FALSE,
    "isian": T.SHORT, "isiansingkat": T.SHORT, "jawabansingkat": T.SHORT,
    "shortanswer": T.SHORT,
    "angka": T.NUMERIC, "numerik": T.NUMERIC, "numerical": T.NUMERIC, "number": T.NUMERIC,
    "menjodohkan": T.MATCHING, "jodohkan": T.MATCHING, "pasangan": T.MATCHING,
}  # fmt: skip

TRUE_WORDS = {"true", "benar", "b", "ya", "1"}
FALSE_WORDS = {"false", "salah", "s", "tidak", "0"}
TF_DEFAULT_TEXTS = {"true": "Benar", "false": "Salah"}

CHOICE_COLUMNS = tuple(choice_column(i) for i in range(len(LETTERS)))
FEEDBACK_COLUMNS = tuple(feedback_column(i) for i in range(len(LETTERS)))
COLUMNS_BY_TYPE: dict[str, frozenset[str]] = {
    T.SINGLE: frozenset((*CHOICE_COLUMNS, *FEEDBACK_COLUMNS, "correct")),
    T.MULTIPLE: frozenset((*CHOICE_COLUMNS, *FEEDBACK_COLUMNS, "correct")),
    T.TRUE_FALSE: frozenset(("choice_a", "choice_b", "feedback_a", "feedback_b", "correct")),
    T.SHORT: frozenset(("accepted", "case_sensitive")),
    T.NUMERIC: frozenset(("answer", "tolerance")),
    T.MATCHING: frozenset(("pairs",)),
}
COMMON_COLUMNS = frozenset((*HEAD_COLUMNS, "explanation", "points"))
DATA_COLUMN = {
    T.SINGLE: "correct",
    T.MULTIPLE: "correct",
    T.TRUE_FALSE: "correct",
    T.SHORT: "accepted",
    T.NUMERIC: "answer",
    T.MATCHING: "pairs",
}


def _columns() -> tuple[Column, ...]:
    lazy = gettext_lazy
    head = [
        Column(
            "competency_code",
            lazy("Kode kompetensi"),
            ("kode_kompetensi", "kompetensi", "competency"),
            required=True,
        ),
        Column("level", lazy("Level"), ("level_kompetensi",), required=True),
        Column("bank", lazy("Bank soal"), ("bank_soal", "nama_bank")),
        Column("type", lazy("Jenis soal"), ("jenis", "jenis_soal", "tipe"), required=True),
        Column(
            "text",
            lazy("Teks soal"),
            ("soal", "teks_soal", "pertanyaan", "question"),
            required=True,
        ),
    ]
    choices = [
        Column(
            choice_column(i),
            lazy("Pilihan %(letter)s") % {"letter": letter.upper()},
            (f"pilihan_{letter}", f"opsi_{letter}", letter),
            template=i < TEMPLATE_CHOICES,
        )
        for i, letter in enumerate(LETTERS)
    ]
    feedback = [
        Column(
            feedback_column(i),
            lazy("Umpan balik %(letter)s") % {"letter": letter.upper()},
            (f"umpan_balik_{letter}",),
            template=i < TEMPLATE_CHOICES,
        )
        for i, letter in enumerate(LETTERS)
    ]
    tail = [
        Column("accepted", lazy("Jawaban diterima"), ("jawaban_diterima",)),
        Column("case_sensitive", lazy("Peka huruf besar"), ("peka_huruf_besar",)),
        Column("answer", lazy("Kunci angka"), ("kunci_angka",)),
        Column("tolerance", lazy("Toleransi"), ("toleransi",)),
        Column("pairs", lazy("Pasangan"), ("pasangan",)),
        Column("explanation", lazy("Pembahasan"), ("pembahasan", "penjelasan")),
        Column("points", lazy("Bobot"), ("bobot", "skor")),
    ]
    correct = Column("correct", lazy("Kunci"), ("kunci", "kunci_jawaban", "jawaban_benar"))
    return (*head, *choices[:TEMPLATE_CHOICES], correct, *feedback[:TEMPLATE_CHOICES], *tail,
            *choices[TEMPLATE_CHOICES:], *feedback[TEMPLATE_CHOICES:])  # fmt: skip


class Invalid(Exception):  # noqa: N818 - internal signal: the row already has its error
    """The row has been given an error; stop reading it."""


class QuestionImport(TableHandler):
    """The tabular reader of the ``questions`` kind (see the module docstring)."""

    name: ClassVar[str] = "questions"
    label: ClassVar[Any] = gettext_lazy("Soal (bank soal)")
    columns: ClassVar[tuple[Column, ...]] = _columns()
    key_columns: ClassVar[tuple[str, ...]] = ("text",)

    def __init__(self) -> None:
        self.planner: Planner | None = None
        self.count = 0
        self.stopped = False

    def scope_ids(self, user: Any) -> frozenset[int] | None:
        return None  # questions belong to no OPD

    def prepare(self, ctx: RunContext) -> None:
        self.planner = Planner(ctx.user)

    def notes(self) -> list[str]:
        return self.planner.notes.result() if self.planner else []

    def clean(self, row: Row, ctx: RunContext) -> Plan | None:
        self.count += 1
        if self.count > max_items():
            if not self.stopped:
                row.error("", "too_many_items", too_many_items_message())
                self.stopped = True
            return None
        try:
            item = self._item(row)
        except Invalid:
            return None
        plan, problems = self.planner.check(item)
        for problem in problems:
            row.error(
                self._column(problem.field, item.question_type), problem.code, problem.message
            )
        return plan

    def finish(self, plans: list[Plan], ctx: RunContext) -> None:
        self.planner.finish(plans, ctx, self._column)

    def write(self, plans: list[Plan], ctx: RunContext) -> None:
        self.planner.write(plans)

    @staticmethod
    def _column(field: str, question_type: str) -> str:
        if field in ("category", "competency"):
            return "competency_code"
        if field == "data":
            return DATA_COLUMN.get(question_type, "type")
        return field

    # --- one row

    def _item(self, row: Row) -> QuestionItem:
        question_type = self._type(row)
        level = self._level(row)
        code = row.get("competency_code")
        if not code:
            row.error("competency_code", "required", _("Kode kompetensi wajib diisi (mis. LD.07)."))
        unused = [
            name
            for name, value in row.values.items()
            if value
            and name not in COMMON_COLUMNS
            and name not in COLUMNS_BY_TYPE.get(question_type, frozenset())
        ]
        for name in unused:
            row.error(
                name,
                "unused_column",
                _(
                    'Kolom ini tidak dipakai untuk soal berjenis "%(type)s"; kosongkan, atau '
                    "periksa jenis soalnya."
                )
                % {"type": question_type},
            )
        points = self._points(row)
        data = self._data(row, question_type)
        if row.failed:
            raise Invalid
        return QuestionItem(
            number=row.number,
            question_type=question_type,
            text=row.get("text"),
            data=data,
            explanation=row.get("explanation"),
            points=points,
            category=Category(code, level, row.get("bank")),
            table_row=True,
        )

    def _type(self, row: Row) -> str:
        value = row.get("type")
        found = TYPE_ALIASES.get(header_key(value))
        if found is None:
            row.error(
                "type",
                "unknown_type",
                _('Jenis soal "%(value)s" tidak dikenal. Pilihan: %(choices)s.')
                % {"value": value, "choices": ", ".join(QuestionType.values)},
            )
            raise Invalid
        return found

    def _level(self, row: Row) -> int:
        try:
            return parse_level(row.get("level"))
        except ValueProblem as problem:
            row.error("level", problem.code, problem.message)
            return 0

    def _points(self, row: Row) -> Decimal:
        text = row.get("points")
        if not text:
            return Decimal(1)
        try:
            return parse_decimal(
                text, decimal_places=2, minimum=Decimal(0), maximum=MAX_POINTS, label=_("Bobot")
            )
        except ValueProblem as problem:
            row.error("points", problem.code, problem.message)
            return Decimal(1)

    def _data(self, row: Row, question_type: str) -> dict:
        if question_type in CHOICE_TYPES:
            return self._choices(row, question_type)
        if question_type == T.SHORT:
            accepted = [unescape(a).strip() for a in split_escaped(row.get("accepted"), "|")]
            case_sensitive = False
            if row.get("case_sensitive"):
                try:
                    case_sensitive = parse_bool(row.get("case_sensitive"))
                except ValueProblem as problem:
                    row.error("case_sensitive", problem.code, problem.message)
            return {"accepted": [a for a in accepted if a], "case_sensitive": case_sensitive}
        if question_type == T.NUMERIC:
            answer, tolerance = row.get("answer"), row.get("tolerance") or "0"
            if parse_number(answer) is None:
                row.error(
                    "answer",
                    "invalid_number",
                    _('Kunci jawaban harus angka (mis. 3,5); yang diisi "%(value)s".')
                    % {"value": answer},
                )
            number = parse_number(tolerance)
            if number is None or number < 0:
                row.error(
                    "tolerance",
                    "invalid_number",
                    _('Toleransi harus angka 0 atau lebih; yang diisi "%(value)s".')
                    % {"value": tolerance},
                )
            return {"answer": answer, "tolerance": tolerance}
        pairs = []
        for part in split_escaped(row.get("pairs"), "|"):
            if not part.strip():
                continue
            sides = split_escaped(part, "=", maxsplit=1)
            if len(sides) != 2 or not sides[0].strip() or not sides[1].strip():
                row.error(
                    "pairs",
                    "bad_pair",
                    _(
                        'Pasangan "%(value)s" harus ditulis pernyataan=jawaban; pisahkan '
                        "pasangan dengan |."
                    )
                    % {"value": unescape(part.strip())},
                )
                continue
            pairs.append(
                {
                    "id": str(len(pairs) + 1),
                    "prompt": unescape(sides[0]).strip(),
                    "answer": unescape(sides[1]).strip(),
                }
            )
        return {"pairs": pairs}

    def _choices(self, row: Row, question_type: str) -> dict:
        letters = LETTERS if question_type != T.TRUE_FALSE else "ab"
        choices: list[dict] = []
        for index, letter in enumerate(letters):
            text = row.get(choice_column(index))
            feedback = row.get(feedback_column(index))
            if question_type == T.TRUE_FALSE:
                choice_id = ("true", "false")[index]
                text = text or TF_DEFAULT_TEXTS[choice_id]
            else:
                choice_id = letter
            if feedback and not text:
                row.error(
                    feedback_column(index),
                    "feedback_without_choice",
                    _("Ada umpan balik untuk pilihan %(letter)s, tetapi pilihannya kosong.")
                    % {"letter": letter.upper()},
                )
            if text:
                choices.append(
                    {"id": choice_id, "text": text, "correct": False, "feedback": feedback}
                )
        value = row.get("correct")
        if not value:
            row.error(
                "correct",
                "missing_correct",
                _("Isi kunci jawaban: huruf pilihan yang benar (mis. b atau a,c).")
                if question_type != T.TRUE_FALSE
                else _('Isi kunci jawaban: "benar" atau "salah".'),
            )
            return {"choices": choices}
        if question_type == T.TRUE_FALSE:
            word = header_key(value)
            if word not in TRUE_WORDS | FALSE_WORDS:
                row.error(
                    "correct",
                    "bad_correct",
                    _('Kunci soal benar/salah harus "benar" atau "salah"; yang diisi "%(value)s".')
                    % {"value": value},
                )
                return {"choices": choices}
            wanted = {"true" if word in TRUE_WORDS else "false"}
        else:
            wanted = set()
            for token in re.split(r"[\s,;/]+", value.casefold()):
                if not token:
                    continue
                if len(token) != 1 or token not in LETTERS:
                    row.error(
                        "correct",
                        "bad_correct",
                        _(
                            'Kunci "%(value)s" tidak dikenal; tulis huruf pilihan (a sampai '
                            "%(last)s), pisahkan dengan koma."
                        )
                        % {"value": token, "last": LETTERS[-1]},
                    )
                    continue
                wanted.add(token)
            missing = sorted(wanted - {c["id"] for c in choices})
            if missing:
                row.error(
                    "correct",
                    "correct_without_choice",
                    _("Kunci menunjuk pilihan yang kosong: %(letters)s.")
                    % {"letters": ", ".join(m.upper() for m in missing)},
                )
        for choice in choices:
            choice["correct"] = choice["id"] in wanted
            if question_type != T.TRUE_FALSE:
                # The letter names a column of this file, not the choice: the authoring
                # service gives the stored id (assessments.questions.keyed_choices).
                del choice["id"]
        return {"choices": choices}

    # --- export

    def export_rows(self, user: Any) -> Iterable[list[str]]:
        headers = columns_for(TEMPLATE_CHOICES)
        resource = QuestionResource()
        for question in current_questions(user):
            yield resource.export_resource(question, selected_fields=headers)
