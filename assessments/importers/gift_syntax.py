"""The GIFT syntax below the question: escapes, and the answer block ``{...}`` turned into a
question type and its data (see :mod:`.gift` for the formats accepted).

:func:`answer_block` raises :class:`GiftError` (an item-level error naming the line) for a
block it cannot read; notes about what was dropped (partial weights, distractors) travel in
``data["_notes"]`` for the reader to collect.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from ..grading import parse_number
from ..models import QuestionType
from ..questions import MAX_CHOICES

T = QuestionType
_BR = "\x01"
_ESCAPES = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": _BR}
_WEIGHT_RE = re.compile(r"%\s*(-?\d+(?:[.,]\d+)?)\s*%")
FORMATS = ("moodle", "html", "plain", "markdown")
_FORMAT_RE = re.compile(r"\s*\[(moodle|html|plain|markdown)\]", re.IGNORECASE)
# Moodle renders [markdown] text itself; raw HTML in it is kept here and then sanitised like
# any other question text (docs/security.md).
_MARKDOWN = MarkdownIt("commonmark", {"html": True})
_TRUE_FALSE = {"t": True, "true": True, "f": False, "false": False}


class GiftError(Exception):  # noqa: N818 - carries an item-level error
    def __init__(self, code: str, column: str, message: str, line: int) -> None:
        super().__init__(message)
        self.code, self.column, self.message, self.line = code, column, message, line


# ------------------------------------------------------------------------------- scanning


def find(text: str, target: str, start: int = 0) -> int:
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


def split(text: str, target: str) -> list[str]:
    """Split at every unescaped ``target``."""
    parts, start = [], 0
    while (found := find(text, target, start)) >= 0:
        parts.append(text[start:found])
        start = found + len(target)
    parts.append(text[start:])
    return parts


def unescape(text: str) -> str:
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


def split_format(raw: str, default: str) -> tuple[str, str]:
    """``([format], text)`` of a GIFT text: a leading ``[moodle]``/``[html]``/``[plain]``/
    ``[markdown]`` marker is removed and names the format, else ``default`` applies (Moodle:
    the question text's format is the default for its answers and feedback)."""
    match = _FORMAT_RE.match(raw)
    if match:
        return match[1].casefold(), raw[match.end() :]
    return default, raw


def markdown_html(text: str) -> str:
    """Markdown -> HTML (still to be sanitised); a lone paragraph (a choice, a feedback) is
    returned without its ``<p>``."""
    rendered = _MARKDOWN.render(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4].strip()
    return rendered


def gift_text(raw: str, fmt: str = "moodle") -> str:
    """GIFT text -> HTML (still to be sanitised): a format marker applied (see
    :func:`split_format`), escapes undone, ``\\n`` a line break. ``plain`` shows markup as
    text, ``markdown`` is rendered, ``html`` and ``moodle`` are HTML."""
    fmt, raw = split_format(raw, fmt)
    value = unescape(raw).strip()
    if fmt == "plain":
        return html.escape(value, quote=False).replace("\n", "<br>").replace(_BR, "<br>")
    if fmt == "markdown":
        return markdown_html(value.replace(_BR, "\n"))
    return value.replace(_BR, "<br>")


def short_answer(raw: str) -> str:
    """An accepted short answer as the learner types it: format marker and GIFT escapes
    removed, and Moodle's short-answer escape ``\\*`` (a literal asterisk) undone."""
    _fmt, raw = split_format(raw, "plain")
    return unescape(raw).replace(_BR, " ").replace("\\*", "*").strip()


def letter(index: int) -> str:
    """The letter a trainer sees for the choice at ``index`` (A, B, ...)."""
    return string.ascii_uppercase[index] if index < 26 else str(index + 1)


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
        cut = find(body, "#")
        text, feedback = (body[:cut], body[cut + 1 :]) if cut >= 0 else (body, "")
        answers.append(_Answer(block[start], weight, text, feedback))
    return answers


def line_at(body: str, position: int, first_line: int) -> str:
    return _(" (baris %(line)s)") % {"line": first_line + body.count("\n", 0, position)}


def answer_block(block: str, line: int, fmt: str, number: int) -> tuple[str, dict]:
    """The question type and data of an answer block; ``fmt`` is the question text's format,
    the default for answers and feedback."""
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
        return T.NUMERIC, _numeric(stripped[1:], line, fmt, notes, label)
    tokens = split(stripped, "#")
    if tokens[0].strip().casefold() in _TRUE_FALSE and len(tokens) <= 3:
        is_true = _TRUE_FALSE[tokens[0].strip().casefold()]
        wrong = gift_text(tokens[1], fmt) if len(tokens) > 1 else ""
        right = gift_text(tokens[2], fmt) if len(tokens) > 2 else ""
        return T.TRUE_FALSE, {
            "choices": [
                {"id": "true", "text": "Benar", "correct": is_true,
                 "feedback": right if is_true else wrong},
                {"id": "false", "text": "Salah", "correct": not is_true,
                 "feedback": wrong if is_true else right},
            ]
        }  # fmt: skip
    answers = _answers(stripped, line)
    # As in Moodle: a "~" makes a multiple-choice question, and "->" in its answers is text
    # (menu paths such as File->Save); without "~", "->" makes a matching question.
    if any(a.marker == "~" for a in answers):
        return _choices(answers, line, fmt, notes, label)
    if any(find(a.text, "->") >= 0 for a in answers):
        return T.MATCHING, _matching(answers, line, fmt, notes, label)
    accepted = []
    for answer in answers:
        if answer.weight is not None and answer.weight < 100:
            notes.append(
                _('%(label)s: jawaban "%(answer)s" dengan nilai %(weight)s%% diabaikan (nilai '
                  "parsial tidak didukung).")
                % {"label": label, "answer": short_answer(answer.text),
                   "weight": _weight(answer.weight)}
            )  # fmt: skip
            continue
        accepted.append(short_answer(answer.text))
    return T.SHORT, {"accepted": accepted, "case_sensitive": False, "_notes": notes}


def _weight(value: float) -> str:
    return f"{value:g}"


def _choices(
    answers: list[_Answer], line: int, fmt: str, notes: list[str], label: str
) -> tuple[str, dict]:
    if len(answers) > MAX_CHOICES:
        raise GiftError(
            "too_many_choices",
            "answers",
            _("Soal ini punya %(count)s pilihan; paling banyak %(max)s") % {
                "count": len(answers), "max": MAX_CHOICES
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
                       "letter": letter(index)}
                )  # fmt: skip
        else:
            correct = answer.weight is not None and answer.weight > 0
        choices.append(
            {
                "text": gift_text(answer.text, fmt),
                "correct": correct,
                "feedback": gift_text(answer.feedback, fmt),
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


def _matching(answers: list[_Answer], line: int, fmt: str, notes: list[str], label: str) -> dict:
    pairs = []
    for answer in answers:
        if answer.marker != "=" or find(answer.text, "->") < 0:
            raise GiftError(
                "bad_gift",
                "answers",
                _("Soal menjodohkan: setiap baris ditulis =pernyataan -> jawaban")
                + _(" (baris %(line)s)") % {"line": line}
                + ".",
                line,
            )
        cut = find(answer.text, "->")
        prompt, right = answer.text[:cut], answer.text[cut + 2 :]
        if not unescape(prompt).strip():
            notes.append(
                _('%(label)s: jawaban pengecoh "%(answer)s" (tanpa pernyataan) diabaikan.')
                % {"label": label, "answer": unescape(right).strip()}
            )
            continue
        pairs.append(
            {
                "id": str(len(pairs) + 1),
                "prompt": gift_text(prompt, fmt),
                "answer": gift_text(right, fmt),
            }
        )
    return {"pairs": pairs, "_notes": notes}


def _numeric(block: str, line: int, fmt: str, notes: list[str], label: str) -> dict:
    """``{#answer:tolerance}``, ``{#min..max}``, several answers ``{#=3:0#fb =%50%3:1#fb}``
    (the first 100% answer is the key, the others are ``ranges`` with partial credit) and a
    wrong-answer feedback after ``~`` (``{#3:2~#Salah sama sekali}``), as Moodle reads them."""
    where = _(" (baris %(line)s)") % {"line": line}
    block = block.strip()
    wrong_feedback = ""
    tilde = find(block, "~")
    if tilde >= 0:
        rest = block[tilde + 1 :]
        cut = find(rest, "#")
        wrong_feedback = gift_text(rest[cut + 1 :], fmt) if cut >= 0 else ""
        block = block[:tilde]
    parts = split(block, "=")
    if not parts[0].strip():
        parts = parts[1:]
    options = []
    for part in parts:
        body = part.strip()
        weight = 100.0
        match = _WEIGHT_RE.match(body)
        if match:
            weight = float(match[1].replace(",", "."))
            body = body[match.end() :]
        cut = find(body, "#")
        value, feedback = (body[:cut], body[cut + 1 :]) if cut >= 0 else (body, "")
        options.append((weight, unescape(value).strip(), gift_text(feedback, fmt)))
    if not any(weight >= 100 for weight, _value, _feedback in options):
        raise GiftError(
            "bad_gift",
            "answers",
            _("Soal angka tidak punya jawaban bernilai penuh (100 persen)") + where + ".",
            line,
        )
    key: dict | None = None
    ranges = []
    for weight, value, feedback in options:
        answer, tolerance = _number_range(value, line)
        if weight > 100:
            raise GiftError(
                "bad_gift",
                "answers",
                _("Nilai %(weight)s%% pada jawaban angka lebih dari 100%%") % {
                    "weight": _weight(weight)} + where + ".",
                line,
            )  # fmt: skip
        if weight <= 0:
            notes.append(
                _('%(label)s: jawaban angka "%(value)s" bernilai %(weight)s%% diabaikan.')
                % {"label": label, "value": value, "weight": _weight(weight)}
            )
            continue
        if weight >= 100 and key is None:
            key = {"answer": answer, "tolerance": tolerance}
            if feedback:
                key["feedback"] = feedback
            continue
        ranges.append(
            {"answer": answer, "tolerance": tolerance, "fraction": _fraction(weight),
             "feedback": feedback}
        )  # fmt: skip
    data = {**(key or {})}
    if ranges:
        data["ranges"] = ranges
    if wrong_feedback:
        data["wrong_feedback"] = wrong_feedback
    data["_notes"] = notes
    return data


def _fraction(weight: float) -> str:
    return f"{(Decimal(str(weight)) / 100).normalize():f}"


def _number_range(value: str, line: int) -> tuple[str, str]:
    """``(answer, tolerance)`` of ``answer:tolerance``, ``min..max`` or a plain number."""
    where = _(" (baris %(line)s)") % {"line": line}
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
        return f"{middle.normalize():f}", f"{((high - low) / 2).normalize():f}"
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
    return answer.strip(), (tolerance or "0").strip()
