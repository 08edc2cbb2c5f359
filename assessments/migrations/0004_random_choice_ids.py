"""Re-keys the choices of single and multiple choice questions with random ids.

Before, choices were named by authoring order ("a", "b", ...), and authors tend to put the
right answer first, so the id a learner's browser sent back told the key (issue 8, hole 1).
Since this release ``assessments.questions.keyed_choices`` gives every new choice a random id;
this migration does the same for what is already stored:

- one old → new mapping per question, shared by all its versions (a choice kept across
  versions keeps one id, so item statistics still count it as one distractor);
- ``QuestionVersion.data["choices"][*]["id"]``, ``AttemptAnswer.response`` (a choice id or a
  list of them) and ``Attempt.layout[*]["order"]`` are rewritten with that mapping;
- no score, percent, pass flag or timestamp is written (only the three JSON fields above are
  updated), so every stored grade stays as it was, and re-grading gives the same result.

True/false ids ("true"/"false") and matching pair ids are left alone (see the docstring of
``assessments.questions``). Reversing keeps the random ids: nothing depends on the old ones.
"""

import secrets

from django.db import migrations

CHOICE_TYPES = ("single", "multiple")
BATCH = 500
RESERVED = frozenset({"true", "false"})


def _fresh(taken: set[str]) -> str:
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in taken and candidate not in RESERVED:
            taken.add(candidate)
            return candidate


def _flush(model, rows: list, field: str) -> None:
    if rows:
        model.objects.bulk_update(rows, [field], batch_size=BATCH)
        rows.clear()


def rekey_choice_ids(apps, schema_editor=None) -> dict[int, dict[str, str]]:
    """Re-keys every single/multiple question; returns ``{version_id: {old: new}}``.

    Callable outside a migration (the tests call it with ``django.apps.apps`` on data built
    the old way).
    """
    QuestionVersion = apps.get_model("assessments", "QuestionVersion")
    AttemptAnswer = apps.get_model("assessments", "AttemptAnswer")
    Attempt = apps.get_model("assessments", "Attempt")

    by_question: dict[int, dict[str, str]] = {}
    by_version: dict[int, dict[str, str]] = {}
    changed: list = []
    versions = (
        QuestionVersion.objects.filter(question__type__in=CHOICE_TYPES)
        .only("pk", "question_id", "data")
        .order_by("question_id", "number")
    )
    for version in versions.iterator(chunk_size=BATCH):
        mapping = by_question.setdefault(version.question_id, {})
        taken = set(mapping.values())
        choices = (version.data or {}).get("choices") or []
        for choice in choices:
            if isinstance(choice, dict) and "id" in choice:
                old = str(choice["id"])
                if old not in mapping:
                    mapping[old] = _fresh(taken)
                choice["id"] = mapping[old]
        by_version[version.pk] = mapping
        changed.append(version)
        if len(changed) >= BATCH:
            _flush(QuestionVersion, changed, "data")
    _flush(QuestionVersion, changed, "data")

    answers = (
        AttemptAnswer.objects.filter(version__question__type__in=CHOICE_TYPES)
        .exclude(response=None)
        .only("pk", "version_id", "response")
        .order_by("pk")
    )
    for answer in answers.iterator(chunk_size=BATCH):
        mapping = by_version.get(answer.version_id, {})
        response = answer.response
        if isinstance(response, str):
            answer.response = mapping.get(response, response)
        elif isinstance(response, list):
            answer.response = [
                mapping.get(item, item) if isinstance(item, str) else item for item in response
            ]
        else:
            continue
        changed.append(answer)
        if len(changed) >= BATCH:
            _flush(AttemptAnswer, changed, "response")
    _flush(AttemptAnswer, changed, "response")

    for attempt in Attempt.objects.only("pk", "layout").order_by("pk").iterator(chunk_size=BATCH):
        touched = False
        for item in attempt.layout or []:
            mapping = by_version.get(item.get("v")) if isinstance(item, dict) else None
            if mapping and isinstance(item.get("order"), list):
                item["order"] = [mapping.get(choice_id, choice_id) for choice_id in item["order"]]
                touched = True
        if touched:
            changed.append(attempt)
            if len(changed) >= BATCH:
                _flush(Attempt, changed, "layout")
    _flush(Attempt, changed, "layout")
    return by_version


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_quiz_open_access"),
    ]

    operations = [
        migrations.RunPython(rekey_choice_ids, migrations.RunPython.noop, elidable=True),
    ]
