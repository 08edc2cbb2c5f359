"""Moodle XML question files (``<quiz>`` as exported by Moodle's question bank).

Parsed only with :mod:`defusedxml`, streamed (each ``<question>`` is converted and freed):
a ``<!DOCTYPE>``, entity declarations and external entities are refused (``xml_entities``:
"billion laughs", XXE), as are XML that is not well-formed (``bad_xml``, with line and column),
a root other than ``<quiz>`` (``not_moodle_xml``) and absurd nesting or a single question with
thousands of elements (``xml_too_complex``). All of these reject the whole file.

Question types (``<question type="...">``):

* ``multichoice``: ``<single>true</single>`` -> ``single`` (the answers with
  ``fraction="100"`` are right, any of them earns full marks; partial fractions are counted
  wrong, with a note); at most ``questions.MAX_CHOICES`` answers;
  ``<single>false</single>`` -> ``multiple`` (every answer with a positive fraction is right;
  the fractions themselves are not kept: the multiple-choice grading rule applies);
* ``truefalse`` -> ``true_false`` (answers ``true``/``false``; the one with fraction 100 is
  right);
* ``shortanswer`` -> ``short`` (answers with fraction 100; ``<usecase>1</usecase>`` makes it
  case-sensitive; lower fractions are dropped with a note; Moodle's escaped ``\\*`` is stored
  as the ``*`` a learner types, while an unescaped ``*`` is not a wildcard here, with a note);
* ``numerical`` -> ``numeric`` (the first answer with fraction 100 and its ``<tolerance>`` are
  the key; other answers with a positive fraction are ``ranges`` with partial credit; the
  ``*`` answer's feedback is the feedback for a wrong answer; units are ignored with a note);
* ``matching`` -> ``matching`` (``<subquestion>``; one without a prompt is a distractor and
  is dropped with a note).

Any other type (essay, cloze, calculated, ddwtos, ...) is an item-level ``unsupported_type``.
``<questiontext>``, answers and feedback are HTML (CDATA or escaped; ``format="markdown"`` is
rendered, ``plain_text`` shown as text); they are sanitised with
:func:`clean_html`; the ``<file>`` images ``@@PLUGINFILE@@/name`` refers to are imported
(:mod:`.media`). ``<generalfeedback>`` becomes the explanation and ``<defaultgrade>`` the points.

Target bank: the last ``<question type="category">`` before a question, whose
``<category><text>`` is ``$course$/top/LD.07/2`` or ``$course$/LD.07/2/Nama bank`` (context
prefix and ``top`` ignored, then competency code / level / optional bank name). Category
entries are not counted: error rows are the ordinals of the real questions (1-based).
"""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from lms.core.imports import ItemFile, RowError, UnreadableFile

from ..models import QuestionType
from ..questions import MAX_CHOICES
from .gift_syntax import letter, markdown_html
from .items import (
    CategoryError,
    QuestionItem,
    max_items,
    parse_category,
    too_many_items_message,
)
from .media import embedded_files

T = QuestionType
COLUMNS = {
    "category": "category",
    "competency": "category",
    "level": "category",
    "bank": "category",
    "type": "type",
    "text": "questiontext",
    "data": "answer",
    "points": "defaultgrade",
}
SUPPORTED = ("multichoice", "truefalse", "shortanswer", "numerical", "matching")
MAX_DEPTH = 32
MAX_ELEMENTS_PER_QUESTION = 5000
FULL = 99.999  # fractions are written as 100 or 100.0000000
WILDCARD = re.compile(r"(?<!\\)\*")  # an asterisk not escaped as \*


class ItemError(Exception):  # noqa: N818 - carries an item-level error
    def __init__(self, code: str, column: str, message: str) -> None:
        super().__init__(message)
        self.code, self.column, self.message = code, column, message


def _unreadable_xml(error: ParseError) -> UnreadableFile:
    line, column = getattr(error, "position", (0, 0))
    return UnreadableFile(
        "bad_xml",
        _(
            "Berkas XML rusak (tidak well-formed) di baris %(line)s kolom %(column)s "
            "(%(detail)s). Ekspor ulang dari Moodle atau perbaiki berkasnya; tidak ada yang "
            "diimpor."
        )
        % {"line": line, "column": column + 1, "detail": str(error).split(":")[0]},
    )


def _entities() -> UnreadableFile:
    return UnreadableFile(
        "xml_entities",
        _(
            "Berkas XML memuat <!DOCTYPE> atau deklarasi entitas (<!ENTITY>); demi keamanan "
            '(serangan "billion laughs" dan XXE) berkas ditolak. Ekspor soal Moodle tidak '
            "memerlukannya: hapus bagian itu lalu unggah lagi."
        ),
    )


def _too_complex() -> UnreadableFile:
    return UnreadableFile(
        "xml_too_complex",
        _(
            "Struktur berkas XML terlalu dalam atau satu soal berisi terlalu banyak elemen; "
            "ini bukan ekspor soal Moodle yang wajar, berkas ditolak."
        ),
    )


def parse_moodle_xml(data: bytes) -> ItemFile:
    """Read a Moodle XML file; raises :class:`UnreadableFile` for the whole-file problems."""
    parsed = ItemFile()
    state = {"category": None, "category_error": None}
    limit = max_items()
    depth = 0
    root: Element | None = None
    in_question = 0
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                    if element.tag != "quiz":
                        raise UnreadableFile(
                            "not_moodle_xml",
                            _(
                                "Berkas XML ini bukan ekspor soal Moodle: elemen akarnya "
                                "<%(tag)s>, seharusnya <quiz>."
                            )
                            % {"tag": str(element.tag)[:40]},
                        )
                if depth > MAX_DEPTH:
                    raise _too_complex()
                if depth >= 2:
                    in_question += 1
                    if in_question > MAX_ELEMENTS_PER_QUESTION:
                        raise _too_complex()
                continue
            depth -= 1
            if depth != 1:
                continue
            in_question = 0
            if element.tag == "question" and not _question(element, parsed, state, limit):
                break
            root.clear()
    except DefusedXmlException:
        raise _entities() from None
    except ParseError as error:
        raise _unreadable_xml(error) from None
    return parsed


def _question(element: Element, parsed: ItemFile, state: dict, limit: int) -> bool:
    """Convert one ``<question>``; False when the item limit is reached."""
    kind = (element.get("type") or "").strip()
    if kind == "category":
        path = element.findtext("category/text") or element.findtext("category") or ""
        try:
            state["category"], state["category_error"] = parse_category(path), None
        except CategoryError as error:
            state["category"], state["category_error"] = None, str(error)
        return True
    parsed.total += 1
    number = parsed.total
    if number > limit:
        parsed.errors.append(RowError(number, "", "too_many_items", too_many_items_message()))
        parsed.total = limit
        return False
    if kind not in SUPPORTED:
        name = _plain(element.find("name"))[:80]
        category = state["category"]
        where = [f'"{name}"'] if name else []
        if category is not None and category.path:
            where.append(_('kategori "%(path)s"') % {"path": category.path[:120]})
        parsed.errors.append(
            RowError(
                number,
                "type",
                "unsupported_type",
                _('Jenis soal Moodle "%(type)s" tidak didukung; yang didukung: %(supported)s.')
                % {"type": kind[:40] or "?", "supported": ", ".join(SUPPORTED)}
                + (f" ({', '.join(where)})" if where else ""),
            )
        )
        return True
    notes: list[str] = []
    label = _("Soal nomor %(n)s") % {"n": number}
    try:
        text = _question_text(element, notes, label)
        question_type, data = CONVERTERS[kind](element, notes, label)
        item = QuestionItem(
            number=number,
            question_type=question_type,
            text=text,
            data=data,
            explanation=_rich(element.find("generalfeedback")),
            points=_points(element),
            category=state["category"],
            name=_plain(element.find("name"))[:80],
            files=embedded_files(element),  # images: assessments.importers.media
        )
    except ItemError as error:
        parsed.errors.append(RowError(number, error.column, error.code, error.message))
        return True
    if state["category_error"]:
        parsed.errors.append(RowError(number, "category", "bad_category", state["category_error"]))
        return True
    parsed.notes.extend(notes)
    parsed.items.append(item)
    return True


# ----------------------------------------------------------------------------- elements


def _rich(element: Element | None) -> str:
    """The HTML of a Moodle text element (``format`` html/moodle_auto_format/plain/markdown)."""
    if element is None:
        return ""
    text = element.findtext("text") or ""
    fmt = (element.get("format") or "html").strip()
    if fmt == "plain_text":
        return html.escape(text, quote=False).replace("\n", "<br>")
    if fmt == "markdown":
        return markdown_html(text)
    if fmt == "moodle_auto_format":
        return text.replace("\n", "<br>")
    return text


def _plain(element: Element | None) -> str:
    if element is None:
        return ""
    return (element.findtext("text") or "").strip()


def _question_text(element: Element, notes: list[str], label: str) -> str:
    questiontext = element.find("questiontext")
    if questiontext is None:
        raise ItemError(
            "bad_xml",
            "questiontext",
            _("Elemen <questiontext> tidak ada; soal ini tidak dapat dibaca."),
        )
    return _rich(questiontext)


def _points(element: Element) -> Decimal:
    text = (element.findtext("defaultgrade") or "1").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ItemError(
            "invalid_points",
            "defaultgrade",
            _('<defaultgrade> "%(value)s" bukan angka.') % {"value": text[:40]},
        )
    if value != value.quantize(Decimal("0.01")):
        raise ItemError(
            "invalid_points",
            "defaultgrade",
            _("Bobot paling banyak 2 angka di belakang koma; yang tertulis %(value)s.")
            % {"value": text[:40]},
        )
    return value.quantize(Decimal("0.01"))


def _fraction(answer: Element) -> float:
    raw = (answer.get("fraction") or "0").strip()
    try:
        return float(raw)
    except ValueError:
        raise ItemError(
            "bad_xml",
            "answer",
            _('Nilai fraction "%(value)s" pada <answer> bukan angka.') % {"value": raw[:40]},
        ) from None


def _answers(element: Element) -> list[Element]:
    answers = element.findall("answer")
    if not answers:
        raise ItemError("bad_xml", "answer", _("Soal ini tidak punya elemen <answer>."))
    return answers


def _multichoice(element: Element, notes: list[str], label: str) -> tuple[str, dict]:
    answers = _answers(element)
    if len(answers) > MAX_CHOICES:
        raise ItemError(
            "too_many_choices",
            "answer",
            _("Soal ini punya %(count)s pilihan; paling banyak %(max)s.")
            % {"count": len(answers), "max": MAX_CHOICES},
        )
    single = (element.findtext("single") or "true").strip().casefold() in ("true", "1")
    fractions = [_fraction(a) for a in answers]
    choices = []
    for index, (answer, fraction) in enumerate(zip(answers, fractions, strict=True)):
        if single and 0 < fraction < FULL:
            notes.append(
                _(
                    "%(label)s: nilai parsial %(fraction)s%% pada pilihan %(letter)s tidak "
                    "didukung untuk pilihan ganda satu jawaban; pilihan itu dihitung salah."
                )
                % {"label": label, "fraction": f"{fraction:g}", "letter": letter(index)}
            )
        choices.append(
            {
                "text": _rich(answer),
                "correct": fraction >= FULL if single else fraction > 0,
                "feedback": _rich(answer.find("feedback")),
            }
        )
    if not single and len({f for f in fractions if f > 0}) > 1:
        notes.append(
            _(
                "%(label)s: fraction pilihan yang berbeda-beda tidak disimpan; nilai dihitung "
                "dengan aturan pilihan ganda beberapa jawaban."
            )
            % {"label": label}
        )
    return (T.SINGLE if single else T.MULTIPLE), {"choices": choices}


def _truefalse(element: Element, notes: list[str], label: str) -> tuple[str, dict]:
    by_value: dict[str, Element] = {}
    for answer in _answers(element):
        value = _plain(answer).casefold()
        by_value[{"benar": "true", "salah": "false"}.get(value, value)] = answer
    if set(by_value) != {"true", "false"}:
        raise ItemError(
            "bad_xml",
            "answer",
            _('Soal benar/salah Moodle harus punya jawaban "true" dan "false".'),
        )
    choices = [
        {
            "id": value,
            "text": text,
            "correct": _fraction(by_value[value]) >= FULL,
            "feedback": _rich(by_value[value].find("feedback")),
        }
        for value, text in (("true", "Benar"), ("false", "Salah"))
    ]
    return T.TRUE_FALSE, {"choices": choices}


def _shortanswer(element: Element, notes: list[str], label: str) -> tuple[str, dict]:
    accepted = []
    for answer in _answers(element):
        raw = html.unescape(_plain(answer))
        text = raw.replace("\\*", "*")  # Moodle: \* is a literal asterisk, * a wildcard
        fraction = _fraction(answer)
        if fraction < FULL:
            notes.append(
                _(
                    '%(label)s: jawaban "%(answer)s" dengan nilai %(fraction)s%% diabaikan '
                    "(nilai parsial tidak didukung)."
                )
                % {"label": label, "answer": text[:60], "fraction": f"{fraction:g}"}
            )
            continue
        if WILDCARD.search(raw):
            notes.append(
                _(
                    '%(label)s: tanda * pada jawaban "%(answer)s" dibaca sebagai karakter '
                    "biasa, bukan wildcard."
                )
                % {"label": label, "answer": text[:60]}
            )
        accepted.append(text)
    case_sensitive = (element.findtext("usecase") or "0").strip() == "1"
    return T.SHORT, {"accepted": accepted, "case_sensitive": case_sensitive}


def _numerical(element: Element, notes: list[str], label: str) -> tuple[str, dict]:
    """The first answer with fraction 100 is the key; other answers with a positive fraction
    are ``ranges`` with partial credit; the answer ``*`` carries the feedback for any other
    response (``wrong_feedback``); answers worth 0 are dropped with a note."""
    answers = _answers(element)
    key: dict | None = None
    ranges, data = [], {}
    for answer in answers:
        value, fraction = _plain(answer), _fraction(answer)
        feedback = _rich(answer.find("feedback"))
        if value == "*":
            if fraction > 0:
                notes.append(
                    _("%(label)s: jawaban * (angka apa pun) bernilai %(fraction)s%% diabaikan.")
                    % {"label": label, "fraction": f"{fraction:g}"}
                )
            if feedback.strip():
                data["wrong_feedback"] = feedback
            continue
        tolerance = (answer.findtext("tolerance") or "0").strip()
        if fraction >= FULL and key is None:
            key = {"answer": value, "tolerance": tolerance}
            if feedback.strip():
                key["feedback"] = feedback
        elif fraction > 0:
            ranges.append(
                {"answer": value, "tolerance": tolerance,
                 "fraction": f"{min(fraction, 100.0) / 100:g}", "feedback": feedback}
            )  # fmt: skip
        else:
            notes.append(
                _('%(label)s: jawaban angka "%(answer)s" bernilai %(fraction)s%% diabaikan.')
                % {"label": label, "answer": value[:40], "fraction": f"{fraction:g}"}
            )
    if key is None:
        raise ItemError(
            "invalid_question",
            "answer",
            _("Soal angka ini tidak punya jawaban bernilai penuh (fraction 100)."),
        )
    if element.findall("units/unit"):
        notes.append(_("%(label)s: satuan (units) diabaikan.") % {"label": label})
    if ranges:
        key["ranges"] = ranges
    return T.NUMERIC, {**key, **data}


def _matching(element: Element, notes: list[str], label: str) -> tuple[str, dict]:
    pairs = []
    for sub in element.findall("subquestion"):
        prompt = _rich(sub)
        answer = _plain(sub.find("answer"))
        if not prompt.strip():
            notes.append(
                _('%(label)s: jawaban pengecoh "%(answer)s" (tanpa pernyataan) diabaikan.')
                % {"label": label, "answer": answer[:60]}
            )
            continue
        pairs.append({"id": str(len(pairs) + 1), "prompt": prompt, "answer": answer})
    return T.MATCHING, {"pairs": pairs}


CONVERTERS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
}

__all__ = ["COLUMNS", "parse_moodle_xml"]
