"""Reading the plain HTML quiz form (the no-JavaScript path) into service arguments.

Field names: ``q<position>`` (radio value, checkbox values, or text) and, for matching,
``q<position>-<pair id>`` (one select per prompt). The form carries the whole state of every
question, so an empty field clears that question's saved answer (``None``). Shape and value
checks are the service's job (``bad_answer``); this module only decodes the form.
"""

from django.http import QueryDict

from .models import QuestionType

PAGE_ID_MAX = 2**31 - 1


def page_id_from(value: str | None) -> int | None:
    """The ``halaman`` (lesson page id) parameter as a positive int, else None."""
    if value and value.isascii() and value.isdigit() and 0 < int(value) <= PAGE_ID_MAX:
        return int(value)
    return None


def sequence_from(value: str | None) -> int | None:
    """The hidden ``sequence`` field, or None when missing or malformed."""
    if value and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


def _text(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def answers_from_post(questions: list[dict], data: QueryDict) -> dict[int, object]:
    """Position → response for every question of the attempt payload (``attempt_for_learner``).

    Responses: single/true_false a choice id; multiple a list of ids; short/numeric the text;
    matching ``{pair_id: option}`` with the chosen options only. Unanswered → None.
    """
    answers: dict[int, object] = {}
    for question in questions:
        name = f"q{question['position']}"
        qtype = question["type"]
        if qtype == QuestionType.MULTIPLE:
            answers[question["position"]] = data.getlist(name) or None
        elif qtype == QuestionType.MATCHING:
            chosen = {
                prompt["id"]: value
                for prompt in question["prompts"]
                if (value := _text(data.get(f"{name}-{prompt['id']}")))
            }
            answers[question["position"]] = chosen or None
        elif qtype in (QuestionType.SHORT, QuestionType.NUMERIC):
            answers[question["position"]] = _text(data.get(name))
        else:
            answers[question["position"]] = data.get(name) or None
    return answers


def with_posted_responses(questions: list[dict], answers: dict[int, object]) -> list[dict]:
    """The questions with the posted responses in place of the saved ones (re-showing a form
    that was refused keeps what the learner entered)."""
    return [{**question, "response": answers.get(question["position"])} for question in questions]


def is_answered(question: dict) -> bool:
    """Whether a question counts as answered for "Terjawab X dari N" (``quiz.js`` applies the
    same rule as the learner answers): any response, and for matching every prompt paired."""
    response = question["response"]
    if response is None or response == [] or response == "":
        return False
    if question["prompts"] is not None:
        given = response if isinstance(response, dict) else {}
        return all(given.get(prompt["id"]) for prompt in question["prompts"])
    return True


def form_questions(questions: list[dict]) -> list[dict]:
    """The payload's questions with what the HTML form needs to show the current responses:
    ``checked`` per choice, ``selected`` per matching prompt, ``value`` for text inputs, and
    ``answered`` (:func:`is_answered`)."""
    shown = []
    for question in questions:
        response = question["response"]
        item = {
            **question,
            "value": "",
            "choices": None,
            "prompts": None,
            "answered": is_answered(question),
        }
        if question["choices"] is not None:
            listed = response if isinstance(response, list) else [response]
            ticked = {value for value in listed if isinstance(value, str)}
            item["choices"] = [
                {**choice, "checked": choice["id"] in ticked} for choice in question["choices"]
            ]
        elif question["prompts"] is not None:
            given = response if isinstance(response, dict) else {}
            item["prompts"] = [
                {**prompt, "selected": given.get(prompt["id"], "")}
                for prompt in question["prompts"]
            ]
        elif isinstance(response, str | int | float):
            item["value"] = str(response)
        shown.append(item)
    return shown
