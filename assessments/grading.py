"""Grading of one response against one question version. Pure functions, no database.

Every grader returns the fraction of the question's points earned, between 0 and 1.

Rules (documented for trainers in docs/user-guide.md):
- single choice, true/false: full marks for a correct choice, else 0 (a single-answer question
  may have several correct choices, as in Moodle: any of them earns full marks).
- multiple choice: (correct choices ticked − wrong choices ticked) ÷ number of correct choices,
  never below 0. Ticking everything therefore earns nothing.
- short answer: matches any accepted answer after Unicode normalisation, trimming and collapsing
  white space, and (unless the question is case-sensitive) ignoring letter case.
- numeric: |answer − key| ≤ tolerance; a decimal comma ("3,5") is accepted. A question imported
  from Moodle may add ``ranges`` (answer, tolerance, fraction): an answer outside the key's
  tolerance earns the largest fraction of the ranges it falls in, else 0.
- matching: correct pairs ÷ number of pairs.

What an answer may hold at all (``response_problem``, checked on every save from the API and
the HTML form): the shape of the type, and no NUL, lone surrogate or non-finite number
(``lms.core.safe_input``, issue 8 hole 7).
"""

import unicodedata
from decimal import Decimal

from lms.core.safe_input import finite_decimal, number_problem, text_problem, written_decimal

from .models import QuestionType

ZERO, ONE = Decimal(0), Decimal(1)


def normalise_text(value: str, *, case_sensitive: bool = False) -> str:
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    return text if case_sensitive else text.casefold()


def parse_number(value) -> Decimal | None:
    """A finite number from a key or a learner's answer (text or number), else None."""
    if isinstance(value, bool):
        return None
    number = written_decimal(str(value))
    return number if number is not None and finite_decimal(number) else None


def _correct_ids(data: dict) -> set[str]:
    return {choice["id"] for choice in data.get("choices", []) if choice.get("correct")}


def grade(question_type: str, data: dict, response) -> Decimal:
    """Fraction of the points earned by ``response`` (None = unanswered = 0)."""
    if response in (None, "", [], {}):
        return ZERO
    if question_type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return ONE if isinstance(response, str) and response in _correct_ids(data) else ZERO
    if question_type == QuestionType.MULTIPLE:
        if not isinstance(response, list):
            return ZERO
        correct = _correct_ids(data)
        ticked = {item for item in response if isinstance(item, str)}
        if not correct:
            return ZERO
        earned = Decimal(len(ticked & correct) - len(ticked - correct)) / Decimal(len(correct))
        return max(ZERO, min(ONE, earned))
    if question_type == QuestionType.SHORT:
        if not isinstance(response, str):
            return ZERO
        sensitive = bool(data.get("case_sensitive"))
        given = normalise_text(response, case_sensitive=sensitive)
        accepted = {normalise_text(a, case_sensitive=sensitive) for a in data.get("accepted", [])}
        return ONE if given in accepted else ZERO
    if question_type == QuestionType.NUMERIC:
        number = parse_number(response)
        key = parse_number(data.get("answer"))
        if number is None or key is None:
            return ZERO
        tolerance = parse_number(data.get("tolerance", 0)) or ZERO
        if abs(number - key) <= abs(tolerance):
            return ONE
        return max((_range_fraction(number, r) for r in data.get("ranges") or []), default=ZERO)
    if question_type == QuestionType.MATCHING:
        pairs = data.get("pairs", [])
        if not isinstance(response, dict) or not pairs:
            return ZERO
        right = sum(
            1
            for pair in pairs
            if normalise_text(str(response.get(pair["id"], ""))) == normalise_text(pair["answer"])
        )
        return Decimal(right) / Decimal(len(pairs))
    return ZERO


def _range_fraction(number: Decimal, numeric_range) -> Decimal:
    """The fraction a further numeric answer gives ``number`` (0 when it is outside)."""
    if not isinstance(numeric_range, dict):
        return ZERO
    key = parse_number(numeric_range.get("answer"))
    tolerance = parse_number(numeric_range.get("tolerance", 0)) or ZERO
    fraction = parse_number(numeric_range.get("fraction")) or ZERO
    if key is None or abs(number - key) > abs(tolerance):
        return ZERO
    return max(ZERO, min(ONE, fraction))


def response_problem(question_type: str, data: dict, response) -> str | None:
    """Why ``response`` cannot be stored for the question: ``""`` when its shape is wrong for
    the type (or it names no choice or pair of the question), a message (Indonesian) when it
    holds text or a number the platform refuses (``lms.core.safe_input``), None when it is fine.
    ``None`` (clearing an answer) is always fine."""
    if response is None:
        return None
    choice_ids = {choice["id"] for choice in data.get("choices", [])}
    if question_type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return None if isinstance(response, str) and response in choice_ids else ""
    if question_type == QuestionType.MULTIPLE:
        ok = (
            isinstance(response, list)
            and len(response) == len(set(response))
            and all(isinstance(item, str) and item in choice_ids for item in response)
        )
        return None if ok else ""
    if question_type == QuestionType.SHORT:
        if not (isinstance(response, str) and len(response) <= 500):
            return ""
        return text_problem(response)
    if question_type == QuestionType.NUMERIC:
        if not (isinstance(response, str | int | float) and len(str(response)) <= 50):
            return ""
        if isinstance(response, str) and (problem := text_problem(response)):
            return problem
        return number_problem(response)
    if question_type == QuestionType.MATCHING:
        pair_ids = {pair["id"] for pair in data.get("pairs", [])}
        if not (
            isinstance(response, dict)
            and set(response) <= pair_ids
            and all(isinstance(value, str) and len(value) <= 500 for value in response.values())
        ):
            return ""
        return next(filter(None, map(text_problem, response.values())), None)
    return ""


def valid_response(question_type: str, data: dict, response) -> bool:
    """Whether a response may be stored for the question (see ``response_problem``)."""
    return response_problem(question_type, data, response) is None
