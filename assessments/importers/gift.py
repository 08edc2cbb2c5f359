"""Moodle GIFT text files (``.gift``/``.txt``, UTF-8).

Questions are separated by blank lines; lines starting with ``//`` are comments. Supported
(``::judul::`` titles and ``[html]``/``[moodle]``/``[plain]``/``[markdown]`` format markers
are accepted; the title is not stored):

=========================================  =============================================
``Teks {=benar ~salah#umpan balik}``        ``single`` (exactly one ``=``; several ``=``
                                            next to ``~`` is an error)
``Teks {~%50%a ~%50%b ~%-100%c}``           ``multiple`` (no ``=``: choices with a positive
                                            weight are right; weights are not kept, the
                                            multiple-choice grading rule applies)
``Teks {T}`` ``{TRUE}`` ``{F}`` ``{FALSE}``  ``true_false``; ``{T#salah#benar}`` gives the
                                            feedback for a wrong and for a right answer
``Teks {=jawaban =jawaban lain}``           ``short`` (answers with a weight under 100% are
                                            dropped, with a note)
``Teks {#3.5:0.1}`` ``{#1..5}``             ``numeric`` (answer:tolerance, or min..max;
                                            ``{#=3.5:0.1 =%50%3:1}`` keeps the 100% answer)
``Teks {=a -> 1 =b -> 2}``                  ``matching`` (a pair without a left side is a
                                            distractor and is dropped, with a note)
=========================================  =============================================

``####teks`` at the end of an answer block is the general explanation. Text after the block
("missing word" questions) is kept with a blank ``_____`` where the block was. Escapes:
``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n`` (a line break). Question text may carry simple
HTML; everything else is removed by :func:`clean_html` (scripts and images with a note).

Target bank: a line ``$CATEGORY: LD.07/2`` or ``$CATEGORY: LD.07/2/Nama bank`` (competency
code / level / optional bank name; Moodle's ``$course$/top/`` prefix is ignored) applies to the
questions after it until the next ``$CATEGORY:``. A question before any category is an error
(``missing_category``). Essay (``{}``), description (no answer block) and other types are
``unsupported_type``; syntax errors are ``bad_gift``. Every message names the line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lms.core.imports import ItemFile, RowError

from ..grading import parse_number
from ..models import QuestionType
from ..resources import LETTERS
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
_BR = "\x01"
_ESCAPES = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": _BR}
_FORMAT_RE = re.compile(r"\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"%\s*(-?\d+(?:[.,]\d+)?)\s*%")
_TRUE_FALSE = {"t": True, "true": True, "f": False, "false": False}


class GiftError(Exception):  # noqa: N818 - carries an item-level error
    def __init__(self, code: str, column: str, message: str, line: int) -> None:
        super().__init__(message)
        self.code, self.column, self.message, self.line = code, column, message, line


# ------------------------------------------------------------------------------- scanning


def _find(text: str, target: str, start: int = 0) -> int:
    """Index of the first unescaped ``target`` at or after ``start``, else -1."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def _split(text: str, target: str) -> list[str]:
    """Split at every unescaped ``target``."""
    parts, start = [], 0
    while (found := _find(text, target, start)) >= 0:
        parts.append(text[start:found])
        start = found + len(target)
    parts.append(text[start:])
    return parts


def _unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPES:
            out.append(_ESCAPES[text[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _text(raw: str, plain: bool) -> str:
    """GIFT text -> HTML (still to be sanitised): escapes undone, ``\\n`` -> ``<br>``."""
    value = _unescape(raw).strip()
    if plain:
        value = html.escape(value, quote=False)
    return value.replace(_BR, "<br>")


@dataclass
class _Answer:
    marker: str  # "=" or "~"
    weight: float | None
    text: str  # raw (escaped) text before "#"
    feedback: str  # raw feedback


def _answers(block: str, line: int) -> list[_Answer]:
    """Split an answer block into ``=``/``~`` answers."""
    markers: list[int] = []
    index = 0
    while index < len(block):
        char = block[index]
        if char == "\\":
            index += 2
            continue
        if char in "=~":
            markers.append(index)
        index += 1
    if not markers or block[: markers[0]].strip():
        raise GiftError(
            "bad_gift",
            "answers",
            _(
                "Isi blok jawaban tidak dikenali: setiap jawaban diawali = (benar) atau ~ "
                "(salah)%(where)s."
            )
            % {"where": _(" (baris %(line)s)") % {"line": line}},
            line,
        )
    answers = []
    for position, start in enumerate(markers):
        end = markers[position + 1] if position + 1 < len(markers) else len(block)
        body = block[start + 1 : end]
        weight = None
        match = _WEIGHT_RE.match(body.lstrip())
        if match:
            weight = float(match[1].replace(",", "."))
            body = body.lstrip()[match.end() :]
        cut = _find(body, "#")
        text, feedback = (body[:cut], body[cut + 1 :]) if cut >= 0 else (body, "")
        answers.append(_Answer(block[start], weight, text, feedback))
    return answers


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
                category, category_error = parse_category(first[10:]), None
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
        end = _find(body, "::", 2)
        if end < 0:
            raise GiftError(
                "bad_gift", "text", _("Judul soal (::judul::) tidak ditutup") + where + ".", line
            )
        body = body[end + 2 :].lstrip()
    plain = False
    match = _FORMAT_RE.match(body)
    if match:
        plain = match[1].casefold() in ("plain", "markdown")
        body = body[match.end() :]
    opening = _find(body, "{")
    closing_early = _find(body, "}")
    if opening < 0:
        if closing_early >= 0:
            raise GiftError(
                "bad_gift",
                "answers",
                _("Ada } tanpa { pembuka") + _line_at(body, closing_early, line) + ".",
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
            _("Ada } sebelum blok jawaban dibuka") + _line_at(body, closing_early, line) + ".",
            line,
        )
    closing = _find(body, "}", opening + 1)
    nested = _find(body, "{", opening + 1)
    if closing < 0:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Blok jawaban { tidak ditutup dengan }") + _line_at(body, opening, line)
            + _('; tulis \\{ untuk tanda kurung kurawal di dalam teks.'),
            line,
        )  # fmt: skip
    if 0 <= nested < closing:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Ada { di dalam blok jawaban") + _line_at(body, nested, line)
            + _('; tulis \\{ untuk tanda kurung kurawal di dalam teks.'),
            line,
        )  # fmt: skip
    after = body[closing + 1 :]
    if _find(after, "{") >= 0 or _find(after, "}") >= 0:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Satu soal hanya boleh punya satu blok jawaban {...}")
            + _line_at(body, closing + 1 + max(_find(after, "{"), _find(after, "}")), line)
            + ".",
            line,
        )
    before = body[:opening]
    question_raw = f"{before} _____ {after}" if after.strip() else before
    text = _text(question_raw, plain)
    block = body[opening + 1 : closing]
    explanation = ""
    general = _find(block, "####")
    if general >= 0:
        explanation = _text(block[general + 4 :], plain)
        block = block[:general]
    question_type, data = _answer_block(block, answer_line, plain, number)
    return QuestionItem(
        number=number,
        question_type=question_type,
        text=text,
        data=data,
        explanation=explanation,
        line=line,
    )


def _line_at(body: str, position: int, first_line: int) -> str:
    return _(" (baris %(line)s)") % {"line": first_line + body.count("\n", 0, position)}


def _answer_block(block: str, line: int, plain: bool, number: int) -> tuple[str, dict]:
    where = _(" (baris %(line)s)") % {"line": line}
    stripped = block.strip()
    notes: list[str] = []
    label = _("Soal nomor %(n)s (baris %(line)s)") % {"n": number, "line": line}
    if not stripped:
        raise GiftError(
            "unsupported_type",
            "type",
            _("Jenis soal esai ({}) tidak didukung") + where + ".",
            line,
        )
    if stripped.startswith("#"):
        return T.NUMERIC, _numeric(stripped[1:], line, notes, label)
    tokens = _split(stripped, "#")
    if tokens[0].strip().casefold() in _TRUE_FALSE and len(tokens) <= 3:
        is_true = _TRUE_FALSE[tokens[0].strip().casefold()]
        wrong = _text(tokens[1], plain) if len(tokens) > 1 else ""
        right = _text(tokens[2], plain) if len(tokens) > 2 else ""
        return T.TRUE_FALSE, {
            "choices": [
                {"id": "true", "text": "Benar", "correct": is_true,
                 "feedback": right if is_true else wrong},
                {"id": "false", "text": "Salah", "correct": not is_true,
                 "feedback": wrong if is_true else right},
            ]
        }  # fmt: skip
    answers = _answers(stripped, line)
    if any(_find(a.text, "->") >= 0 for a in answers):
        return T.MATCHING, _matching(answers, line, plain, notes, label)
    if any(a.marker == "~" for a in answers):
        return _choices(answers, line, plain, notes, label)
    accepted = []
    for answer in answers:
        if answer.weight is not None and answer.weight < 100:
            notes.append(
                _('%(label)s: jawaban "%(answer)s" dengan nilai %(weight)s%% diabaikan (nilai '
                  "parsial tidak didukung).")
                % {"label": label, "answer": _unescape(answer.text).strip(),
                   "weight": _weight(answer.weight)}
            )  # fmt: skip
            continue
        accepted.append(_unescape(answer.text).replace(_BR, " ").strip())
    return T.SHORT, {"accepted": accepted, "case_sensitive": False, "_notes": notes}


def _weight(value: float) -> str:
    return f"{value:g}"


def _choices(
    answers: list[_Answer], line: int, plain: bool, notes: list[str], label: str
) -> tuple[str, dict]:
    if len(answers) > len(LETTERS):
        raise GiftError(
            "too_many_choices",
            "answers",
            _("Soal ini punya %(count)s pilihan; paling banyak %(max)s") % {
                "count": len(answers), "max": len(LETTERS)
            } + _(" (baris %(line)s)") % {"line": line} + ".",
            line,
        )  # fmt: skip
    single = any(a.marker == "=" for a in answers)
    choices = []
    for index, answer in enumerate(answers):
        if single:
            correct = answer.marker == "="
            if answer.marker == "~" and answer.weight and answer.weight > 0:
                notes.append(
                    _("%(label)s: nilai parsial %(weight)s%% pada pilihan %(letter)s tidak "
                      "didukung untuk pilihan ganda satu jawaban; pilihan itu dihitung salah.")
                    % {"label": label, "weight": _weight(answer.weight),
                       "letter": LETTERS[index].upper()}
                )  # fmt: skip
        else:
            correct = answer.weight is not None and answer.weight > 0
        choices.append(
            {
                "text": _text(answer.text, plain),
                "correct": correct,
                "feedback": _text(answer.feedback, plain),
            }
        )
    if not single:
        weights = {a.weight for a in answers if a.weight is not None and a.weight > 0}
        if len(weights) > 1:
            notes.append(
                _("%(label)s: bobot pilihan yang berbeda-beda tidak disimpan; nilai dihitung "
                  "dengan aturan pilihan ganda beberapa jawaban.") % {"label": label}
            )  # fmt: skip
    question_type = T.SINGLE if single else T.MULTIPLE
    return question_type, {"choices": choices, "_notes": notes}


def _matching(answers: list[_Answer], line: int, plain: bool, notes: list[str], label: str) -> dict:
    pairs = []
    for answer in answers:
        if answer.marker != "=" or _find(answer.text, "->") < 0:
            raise GiftError(
                "bad_gift",
                "answers",
                _("Soal menjodohkan: setiap baris ditulis =pernyataan -> jawaban")
                + _(" (baris %(line)s)") % {"line": line}
                + ".",
                line,
            )
        cut = _find(answer.text, "->")
        prompt, right = answer.text[:cut], answer.text[cut + 2 :]
        if not _unescape(prompt).strip():
            notes.append(
                _('%(label)s: jawaban pengecoh "%(answer)s" (tanpa pernyataan) diabaikan.')
                % {"label": label, "answer": _unescape(right).strip()}
            )
            continue
        pairs.append(
            {
                "id": str(len(pairs) + 1),
                "prompt": _text(prompt, plain),
                "answer": _text(right, plain),
            }
        )
    return {"pairs": pairs, "_notes": notes}


def _numeric(block: str, line: int, notes: list[str], label: str) -> dict:
    where = _(" (baris %(line)s)") % {"line": line}
    block = block.strip()
    if block.startswith("="):
        options = _answers(block, line)
    else:
        text = block
        cut = _find(text, "#")
        options = [_Answer("=", None, text[:cut] if cut >= 0 else text, "")]
    chosen = [o for o in options if o.weight is None or o.weight >= 100]
    if not chosen:
        raise GiftError(
            "bad_gift",
            "answers",
            _("Soal angka tidak punya jawaban bernilai penuh (100 persen)") + where + ".",
            line,
        )
    if len(options) > 1:
        notes.append(
            _("%(label)s: hanya jawaban angka pertama yang bernilai 100%% yang dipakai; jawaban "
              "lain diabaikan.") % {"label": label}
        )  # fmt: skip
    value = _unescape(chosen[0].text).strip()
    if ".." in value:
        low_text, _dots, high_text = value.partition("..")
        low, high = parse_number(low_text), parse_number(high_text)
        if low is None or high is None or high < low:
            raise GiftError(
                "bad_gift",
                "answers",
                _('Rentang angka "%(value)s" tidak valid; tulis {#min..maks}, mis. {#1..5}')
                % {"value": value}
                + where
                + ".",
                line,
            )
        middle = (low + high) / 2
        return {
            "answer": f"{middle.normalize():f}",
            "tolerance": f"{((high - low) / 2).normalize():f}",
            "_notes": notes,
        }
    answer, _colon, tolerance = value.partition(":")
    for part in (answer, tolerance or "0"):
        if parse_number(part) is None:
            raise GiftError(
                "bad_gift",
                "answers",
                _('"%(value)s" bukan angka; tulis {#jawaban:toleransi}, mis. {#3.5:0.1}')
                % {"value": part.strip()}
                + where
                + ".",
                line,
            )
    return {"answer": answer.strip(), "tolerance": (tolerance or "0").strip(), "_notes": notes}
