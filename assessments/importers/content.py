"""Question content in the forms the planner compares and stores.

:func:`signature` is a question's content in comparable form (what makes a re-import
``unchanged``); :func:`cleaned_data` sanitises every displayed text of a question's data;
:func:`without_choice_ids` drops the ids the checks gave; :func:`raw_texts` lists the texts an
author wrote, for the notes about removed markup.
"""

from __future__ import annotations

from typing import Any

from ..grading import parse_number
from ..models import QuestionType
from .items import QuestionItem
from .sanitize import clean, collapse

CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)


def signature(question_type: str, text: str, data: dict, explanation: str, points: Any) -> tuple:
    """Content of a question in comparable form (choice ids ignored except for true/false)."""
    body: Any
    feedback: tuple = ()  # feedback kept outside the body (the body holds the key)
    if question_type in CHOICE_TYPES:
        choices = [c for c in data.get("choices") or [] if isinstance(c, dict)]
        if question_type == QuestionType.TRUE_FALSE:
            choices = sorted(choices, key=lambda c: str(c.get("id")))
        body = tuple(
            (
                str(c.get("id")) if question_type == QuestionType.TRUE_FALSE else "",
                clean(c.get("text")),
                bool(c.get("correct")),
                clean(c.get("feedback")),
            )
            for c in choices
        )
    elif question_type == QuestionType.SHORT:
        body = (
            tuple(collapse(a) for a in data.get("accepted") or []),
            bool(data.get("case_sensitive")),
        )
    elif question_type == QuestionType.NUMERIC:
        ranges = [r for r in data.get("ranges") or [] if isinstance(r, dict)]
        body = (
            parse_number(data.get("answer")),
            parse_number(data.get("tolerance", 0)),
            tuple(
                (parse_number(r.get("answer")), parse_number(r.get("tolerance", 0)),
                 parse_number(r.get("fraction")))
                for r in ranges
            ),
        )  # fmt: skip
        feedback = (
            clean(data.get("feedback")),
            tuple(clean(r.get("feedback")) for r in ranges),
            clean(data.get("wrong_feedback")),
        )
    elif question_type == QuestionType.MATCHING:
        body = tuple(
            (clean(p.get("prompt")), clean(p.get("answer")))
            for p in data.get("pairs") or []
            if isinstance(p, dict)
        )
    else:
        body = repr(data)
    return (question_type, clean(text), body, clean(explanation), parse_number(points), feedback)


def cleaned_data(question_type: str, data: dict) -> dict:
    """``data`` with every displayed text sanitised and collapsed (keys untouched)."""
    if question_type in CHOICE_TYPES:
        return {
            **data,
            "choices": [
                {**c, "text": clean(c.get("text")), "feedback": clean(c.get("feedback"))}
                for c in data.get("choices") or []
            ],
        }
    if question_type == QuestionType.SHORT:
        return {**data, "accepted": [collapse(a) for a in data.get("accepted") or []]}
    if question_type == QuestionType.MATCHING:
        return {
            **data,
            "pairs": [
                {**p, "prompt": clean(p.get("prompt")), "answer": clean(p.get("answer"))}
                for p in data.get("pairs") or []
            ],
        }
    return data


def without_choice_ids(question_type: str, data: dict) -> dict:
    """``data`` with the ids the checks gave single/multiple choices removed, so that
    ``question_save`` matches the choices to the current version by text, never by an id that
    only existed during this import."""
    if question_type not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return data
    return {
        **data,
        "choices": [
            {key: value for key, value in choice.items() if key != "id"}
            for choice in data.get("choices") or []
        ],
    }


def raw_texts(item: QuestionItem) -> list[str]:
    texts = [item.text, item.explanation]
    data = item.data
    for choice in data.get("choices") or []:
        texts += [str(choice.get("text") or ""), str(choice.get("feedback") or "")]
    for pair in data.get("pairs") or []:
        texts += [str(pair.get("prompt") or ""), str(pair.get("answer") or "")]
    return texts
