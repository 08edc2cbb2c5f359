"""One learner's quiz attempts and H5P results for "Unduh data saya" (UU 27/2022;
``lms.people.selectors_privacy``).

Only the learner's own rows (by user id), and of each answer only what the learner gave and may
see: the question's text, the choices they picked (their texts), their matching pairs or typed
answer, and the per-question score only where the quiz's review policy already lets them see
the review (``review_allowed``). Never a key, a ``correct`` flag, accepted answers, a tolerance,
feedback or an explanation; from H5P statements the activity's ``correctResponsesPattern`` (the
key H5P puts in every answered statement) is removed. Six queries whatever the number of rows.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.people.selectors_privacy import PersonalDataSection, plain
from lms.users.models import User

from ..h5p.models import H5PResult, H5PUserState, XAPIStatement
from ..models import Attempt, AttemptAnswer, QuestionType
from .learner import CHOICE_TYPES, plain_text, review_allowed


def _response_shown(qtype: str, data: dict, response: Any) -> Any:
    """The learner's response in words: the texts of the choices picked, the answer given to
    each matching prompt, or the text or number typed."""
    if response is None:
        return None
    if qtype in CHOICE_TYPES:
        picked = response if isinstance(response, list) else [response]
        texts = {choice.get("id"): choice.get("text", "") for choice in data.get("choices", [])}
        return [plain_text(str(texts[cid])) for cid in picked if cid in texts]
    if qtype == QuestionType.MATCHING:
        given = response if isinstance(response, dict) else {}
        prompts = {pair.get("id"): pair.get("prompt", "") for pair in data.get("pairs", [])}
        return {
            plain_text(str(prompts[pid])): plain_text(str(value))
            for pid, value in given.items()
            if pid in prompts
        }
    return response


def _attempts_section(user: User) -> PersonalDataSection:
    now = timezone.now()
    attempts = list(
        Attempt.objects.filter(user=user).select_related("quiz").order_by("started_at", "pk")
    )
    used = dict(
        Attempt.objects.filter(user=user)
        .values("quiz_id")
        .annotate(n=Max("number"))
        .values_list("quiz_id", "n")
    )
    answers_by_attempt: dict[int, list[AttemptAnswer]] = {}
    for row in (
        AttemptAnswer.objects.filter(attempt__user=user)
        .select_related("version__question")
        .order_by("attempt_id", "position")
    ):
        answers_by_attempt.setdefault(row.attempt_id, []).append(row)
    rows = []
    for attempt in attempts:
        reviewable = review_allowed(attempt, now, attempts_used=used.get(attempt.quiz_id, 0))
        answers = []
        for row in answers_by_attempt.get(attempt.pk, []):
            version = row.version
            qtype = version.question.type
            item = {
                "question_number": row.position + 1,
                "question": plain_text(version.text),
                "type": version.question.get_type_display(),
                "response": _response_shown(qtype, version.data or {}, row.response),
            }
            if reviewable:
                item["score"] = plain(row.score)
                item["points"] = plain(version.points)
            answers.append(item)
        rows.append(
            {
                "quiz": attempt.quiz.title,
                "kind": attempt.quiz.get_kind_display(),
                "number": attempt.number,
                "state": attempt.get_state_display(),
                "started_at": plain(attempt.started_at),
                "finished_at": plain(attempt.finished_at),
                "score": plain(attempt.score),
                "max_score": plain(attempt.max_score),
                "percent": plain(attempt.percent),
                "passed": attempt.passed,
                "competency_results": attempt.competency_results or {},
                "answers": answers,
            }
        )
    return PersonalDataSection(
        key="quiz_attempts",
        title=_("Percobaan kuis"),
        order=50,
        rows=rows,
        note=_(
            "Jawaban Anda sendiri. Nilai per soal tercantum hanya bila pembahasan kuis itu sudah "
            "boleh Anda lihat; kunci jawaban tidak disertakan. Jawaban percobaan yang sudah "
            "lewat masa retensi telah dihapus, nilainya tetap."
        ),
        labels={
            "quiz": _("Kuis"),
            "kind": _("Jenis"),
            "number": _("Percobaan ke"),
            "state": _("Status"),
            "started_at": _("Mulai"),
            "finished_at": _("Selesai"),
            "score": _("Skor"),
            "max_score": _("Skor maksimal"),
            "percent": _("Nilai (%)"),
            "passed": _("Lulus"),
            "competency_results": _("Hasil per kompetensi"),
            "answers": _("Jawaban"),
            "question_number": _("Nomor soal"),
            "question": _("Soal"),
            "type": _("Jenis soal"),
            "response": _("Jawaban Anda"),
            "points": _("Bobot"),
        },
    )


def _without_keys(statement: Any) -> Any:
    """The statement without the activity definition's ``correctResponsesPattern`` (the key),
    here and in any nested object (a parent or grouping activity)."""
    if not isinstance(statement, (dict, list)):
        return statement
    cleaned = copy.deepcopy(statement)
    stack = [cleaned]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            node.pop("correctResponsesPattern", None)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return cleaned


def _h5p_sections(user: User) -> list[PersonalDataSection]:
    results = [
        {
            "activity": result.package.title,
            "page_id": result.page_id,
            "raw_score": result.raw_score,
            "max_score": result.max_score,
            "percent": result.percent,
            "completed": result.completed,
            "success": result.success,
            "statements": result.statements,
            "first_completed_at": plain(result.first_completed_at),
            "updated_at": plain(result.updated_at),
        }
        for result in H5PResult.objects.filter(user=user)
        .select_related("package")
        .order_by("updated_at", "pk")
    ]
    statements = [
        {
            "statement_id": str(row.statement_id),
            "activity": row.package.title,
            "page_id": row.page_id,
            "verb": row.verb,
            "received_at": plain(row.received_at),
            "statement": _without_keys(row.statement),
        }
        for row in XAPIStatement.objects.filter(user=user)
        .select_related("package")
        .order_by("received_at", "pk")
    ]
    states = [
        {
            "activity": row.package.title,
            "page_id": row.page_id,
            "data_type": row.data_type,
            "data": row.data,
            "updated_at": plain(row.updated_at),
        }
        for row in H5PUserState.objects.filter(user=user)
        .select_related("package")
        .order_by("updated_at", "pk")
    ]
    common = {"activity": _("Aktivitas"), "page_id": _("Halaman"), "updated_at": _("Diperbarui")}
    return [
        PersonalDataSection(
            key="h5p_results",
            title=_("Hasil aktivitas H5P"),
            order=55,
            rows=results,
            note=_("Dilaporkan oleh peramban: bukan bukti kompetensi tepercaya."),
            labels={
                **common,
                "raw_score": _("Skor"),
                "max_score": _("Skor maksimum"),
                "percent": _("Nilai (%)"),
                "completed": _("Selesai"),
                "success": _("Lulus"),
                "statements": _("Jumlah pernyataan xAPI"),
                "first_completed_at": _("Pertama selesai"),
            },
        ),
        PersonalDataSection(
            key="xapi_statements",
            title=_("Pernyataan xAPI (H5P)"),
            order=56,
            rows=statements,
            labels={
                **common,
                "statement_id": _("Id pernyataan"),
                "verb": _("Kata kerja"),
                "received_at": _("Diterima"),
                "statement": _("Pernyataan"),
            },
        ),
        PersonalDataSection(
            key="h5p_states",
            title=_("Status tersimpan pemutar H5P"),
            order=57,
            rows=states,
            labels={**common, "data_type": _("Jenis"), "data": _("Data")},
        ),
    ]


def personal_data_sections(user: User) -> list[PersonalDataSection]:
    """The learner's quiz attempts (with their answers) and H5P results, statements and saved
    player states."""
    return [_attempts_section(user), *_h5p_sections(user)]
