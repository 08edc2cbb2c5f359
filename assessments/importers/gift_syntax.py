"""The GIFT syntax below the question: escapes, and the answer block ``{...}`` turned into a
question type and its data (see :mod:`.gift` for the formats accepted).

:func:`answer_block` raises :class:`GiftError` (an item-level error naming the line) for a
block it cannot read; notes about what was dropped (partial weights, distractors) travel in
``data["_notes"]`` for the reader to collect.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..grading import parse_number
from ..models import QuestionType
from ..resources import LETTERS

T = QuestionType
_BR = "\x01"
_ESCAPES = {"\\": "\\", "~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": _BR}
_WEIGHT_RE = re.compile(r"%\s*(-?\d+(?:[.,]\d+)?)\s*%")
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


def gift_text(raw: str, plain: bool) -> str:
    """GIFT text -> HTML (still to be sanitised): escapes undone, ``\\n`` -> ``<br>``."""
    value = unescape(raw).strip()
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
        cut = find(body, "#")
        text, feedback = (body[:cut], body[cut + 1 :]) if cut >= 0 else (body, "")
        answers.append(_Answer(block[start], weight, text, feedback))
    return answers


def line_at(body: str, position: int, first_line: int) -> str:
    return _(" (baris %(line)s)") % {"line": first_line + body.count("\n", 0, position)}


def answer_block(block: str, line: int, plain: bool, number: int) -> tuple[str, dict]:
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
    tokens = split(stripped, "#")
    if tokens[0].strip().casefold() in _TRUE_FALSE and len(tokens) <= 3:
        is_true = _TRUE_FALSE[tokens[0].strip().casefold()]
        wrong = gift_text(tokens[1], plain) if len(tokens) > 1 else ""
        right = gift_text(tokens[2], plain) if len(tokens) > 2 else ""
        return T.TRUE_FALSE, {
            "choices": [
                {"id": "true", "text": "Benar", "correct": is_true,
                 "feedback": right if is_true else wrong},
                {"id": "false", "text": "Salah", "correct": not is_true,
                 "feedback": wrong if is_true else right},
            ]
        }  # fmt: skip
    answers = _answers(stripped, line)
    if any(find(a.text, "->") >= 0 for a in answers):
        return T.MATCHING, _matching(answers, line, plain, notes, label)
    if any(a.marker == "~" for a in answers):
        return _choices(answers, line, plain, notes, label)
    accepted = []
    for answer in answers:
        if answer.weight is not None and answer.weight < 100:
            notes.append(
                _('%(label)s: jawaban "%(answer)s" dengan nilai %(weight)s%% diabaikan (nilai '
                  "parsial tidak didukung).")
                % {"label": label, "answer": unescape(answer.text).strip(),
                   "weight": _weight(answer.weight)}
            )  # fmt: skip
            continue
        accepted.append(unescape(answer.text).replace(_BR, " ").strip())
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
                "text": gift_text(answer.text, plain),
                "correct": correct,
                "feedback": gift_text(answer.feedback, plain),
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
                "prompt": gift_text(prompt, plain),
                "answer": gift_text(right, plain),
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
        cut = find(text, "#")
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
    value = unescape(chosen[0].text).strip()
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
