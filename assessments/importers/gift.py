"""Moodle GIFT text files (``.gift``/``.txt``, UTF-8).

Questions are separated by blank lines; lines starting with ``//`` are comments. Supported
(``::judul::`` titles are accepted, the title is not stored; a format marker ``[html]``,
``[moodle]``, ``[plain]`` or ``[markdown]`` before the question text, an answer or a feedback
is removed and applied: plain text is shown as text, Markdown is rendered, HTML and Moodle
text stay HTML, all sanitised; the question text's format is the default for its answers):

=========================================  =============================================
``Teks {=benar ~salah#umpan balik}``        ``single`` (several ``=`` are several right
                                            answers, any of them earns full marks; ``->``
                                            in an answer is text: ``~File->Save``)
``Teks {~%50%a ~%50%b ~%-100%c}``           ``multiple`` (no ``=``: choices with a positive
                                            weight are right; weights are not kept, the
                                            multiple-choice grading rule applies)
``Teks {T}`` ``{TRUE}`` ``{F}`` ``{FALSE}``  ``true_false``; ``{T#salah#benar}`` gives the
                                            feedback for a wrong and for a right answer
``Teks {=jawaban =jawaban lain}``           ``short`` (answers with a weight under 100% are
                                            dropped, with a note)
``Teks {#3.5:0.1}`` ``{#1..5}``             ``numeric`` (answer:tolerance, or min..max;
                                            ``{#=3.5:0.1#fb =%50%3:1#fb}``: the first 100%
                                            answer is the key, the others partial credit;
                                            ``{#3:2~#umpan balik}`` a wrong-answer feedback)
``Teks {=a -> 1 =b -> 2}``                  ``matching`` (no ``~`` and every answer a pair;
                                            a pair without a left side is a distractor and
                                            is dropped, with a note)
=========================================  =============================================

``####teks`` at the end of an answer block is the general explanation. Text after the block
("missing word" questions) is kept with a blank ``_____`` where the block was. Escapes:
``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n`` (a line break); in a short answer Moodle's ``\\*``
is the ``*`` the learner types. Question text may carry simple
HTML; everything else is removed by :func:`clean_html` (scripts and images with a note).

Target bank: a line ``$CATEGORY: LD.07/2`` or ``$CATEGORY: LD.07/2/Nama bank`` (competency
code / level / optional bank name; Moodle's ``$course$/top/`` prefix is ignored) applies to the
questions after it until the next ``$CATEGORY:``. A question before any category is an error
(``missing_category``). Essay (``{}``), description (no answer block) and other types are
``unsupported_type``; syntax errors are ``bad_gift``. Every message names the line.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lms.core.imports import ItemFile, RowError

from ..models import QuestionType
from .gift_syntax import GiftError, answer_block, find, gift_text, line_at, split_format
from .items import (
    Category,
    CategoryError,
    QuestionItem,
    max_items,
    parse_category,
    too_many_items_message,
)

T = QuestionType
COLUMNS = {
    "category": "category",
    "competency": "category",
    "level": "category",
    "bank": "category",
    "type": "type",
    "text": "text",
    "data": "answers",
    "points": "points",
}


# --------------------------------------------------------------------------------- parsing


def parse_gift(text: str) -> ItemFile:
    """Read a GIFT file into items and item-level errors (see the module docstring)."""
    parsed = ItemFile()
    category: Category | None = None
    category_error: tuple[str, int] | None = None
    limit = max_items()
    for start_line, lines in _blocks(text):
        first = lines[0][1].strip()
        if first[:10].casefold() == "$category:":
            try:
                category, category_error = parse_category(first[10:], line=lines[0][0]), None
            except CategoryError as error:
                category, category_error = None, (str(error), lines[0][0])
            lines = lines[1:]
            if not any(content.strip() for _n, content in lines):
                continue
            start_line = lines[0][0]
        parsed.total += 1
        number = parsed.total
        if number > limit:
            parsed.errors.append(RowError(number, "", "too_many_items", too_many_items_message()))
            parsed.total = limit
            break
        try:
            item = _item(number, start_line, "\n".join(content for _n, content in lines))
        except GiftError as error:
            parsed.errors.append(RowError(number, error.column, error.code, error.message))
            continue
        item.category = category
        if category_error:
            message, line = category_error
            parsed.errors.append(
                RowError(
                    number,
                    "category",
                    "bad_category",
                    message + _(" (kategori di baris %(line)s)") % {"line": line},
                )
            )
            continue
        parsed.notes.extend(item.data.pop("_notes", []))
        parsed.items.append(item)
    return parsed


def _blocks(text: str):
    """(first line number, [(line number, line)]) for each blank-line separated block;
    comment lines (``//``) are dropped."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if block:
                yield block[0][0], block
                block = []
            continue
        if line.lstrip().startswith("//"):
            continue
        block.append((number, line))
    if block:
        yield block[0][0], block


def _item(number: int, line: int, source: str) -> QuestionItem:
    where = _(" (baris %(line)s)") % {"line": line}
    body = source.strip()
    if body.startswith("::"):
        end = find(body, "::", 2)
        if end < 0:
            raise GiftError(
                "bad_gift", "text", _("Judul soal (::judul::) tidak ditutup") + where + ".", line
            )
        body = body[end + 2 :].lstrip()
    fmt, body = split_format(body, "moodle")
    opening = find(body, "{")
    closing_early = find(body, "}")
    if opening < 0:
        if closing_early >= 0:
            raise GiftError(
                "bad_gift",
                "answers",
                _("Ada } tanpa { pembuka") + line_at(body, closing_early, line) + ".",
                line,
            )
        raise GiftError(
            "unsupported_type",
            "type",
            _(
                "Jenis soal tidak didukung: tidak ada blok jawaban {...} (soal deskripsi)"
                "%(where)s. Tambahkan jawaban atau hapus teks ini."
            )
            % {"where": where},
            line,
        )
    answer_line = line + body.count("\n", 0, opening)
    if 0 <= closing_early < opening:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Ada } sebelum blok jawaban dibuka") + line_at(body, closing_early, line) + ".",
            line,
        )
    closing = find(body, "}", opening + 1)
    nested = find(body, "{", opening + 1)
    if closing < 0:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Blok jawaban { tidak ditutup dengan }") + line_at(body, opening, line)
            + _('; tulis \\{ untuk tanda kurung kurawal di dalam teks.'),
            line,
        )  # fmt: skip
    if 0 <= nested < closing:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Ada { di dalam blok jawaban") + line_at(body, nested, line)
            + _('; tulis \\{ untuk tanda kurung kurawal di dalam teks.'),
            line,
        )  # fmt: skip
    after = body[closing + 1 :]
    if find(after, "{") >= 0 or find(after, "}") >= 0:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Satu soal hanya boleh punya satu blok jawaban {...}")
            + line_at(body, closing + 1 + max(find(after, "{"), find(after, "}")), line)
            + ".",
            line,
        )
    before = body[:opening]
    question_raw = f"{before} _____ {after}" if after.strip() else before
    text = gift_text(question_raw, fmt)
    block = body[opening + 1 : closing]
    explanation = ""
    general = find(block, "####")
    if general >= 0:
        explanation = gift_text(block[general + 4 :], fmt)
        block = block[:general]
    question_type, data = answer_block(block, answer_line, fmt, number)
    return QuestionItem(
        number=number,
        question_type=question_type,
        text=text,
        data=data,
        explanation=explanation,
        line=line,
    )
