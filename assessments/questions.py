"""Authoring questions: validation of a question's content and versioned saves."""

from decimal import Decimal

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .grading import parse_number
from .models import Question, QuestionBank, QuestionType, QuestionVersion

MAX_TEXT = 5000
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "sub", "sup", "br", "p", "ul", "ol", "li", "code"}


def clean_html(text: str) -> str:
    """Question text may carry simple formatting; scripts, handlers and links are removed."""
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={}, url_schemes=set()).strip()


def validate_question(question_type: str, text: str, data: dict) -> dict:
    """Returns cleaned ``data`` or raises ValidationError with Indonesian messages."""
    errors: list[str] = []
    if not text.strip():
        errors.append(_("Teks soal kosong."))
    if len(text) > MAX_TEXT:
        errors.append(_("Teks soal terlalu panjang (maksimal %(n)s karakter).") % {"n": MAX_TEXT})
    cleaned: dict = {}
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        choices = data.get("choices") or []
        ids = [str(choice.get("id", "")) for choice in choices]
        if question_type == QuestionType.TRUE_FALSE and sorted(ids) != ["false", "true"]:
            errors.append('Soal benar/salah harus punya pilihan "true" dan "false".')
        if len(choices) < 2:
            errors.append(_("Soal pilihan ganda butuh paling sedikit 2 pilihan."))
        if len(set(ids)) != len(ids) or "" in ids:
            errors.append(_("Setiap pilihan butuh kode yang unik."))
        correct = [choice for choice in choices if choice.get("correct")]
        if question_type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE) and len(correct) != 1:
            errors.append(_("Soal ini harus punya tepat satu jawaban benar."))
        if question_type == QuestionType.MULTIPLE and not correct:
            errors.append(_("Soal ini harus punya paling sedikit satu jawaban benar."))
        if any(not str(choice.get("text", "")).strip() for choice in choices):
            errors.append(_("Ada pilihan yang teksnya kosong."))
        cleaned["choices"] = [
            {
                "id": str(choice.get("id")),
                "text": clean_html(str(choice.get("text", ""))),
                "correct": bool(choice.get("correct")),
                "feedback": clean_html(str(choice.get("feedback", ""))),
            }
            for choice in choices
        ]
    elif question_type == QuestionType.SHORT:
        accepted = [str(a).strip() for a in data.get("accepted") or [] if str(a).strip()]
        if not accepted:
            errors.append(_("Isi paling sedikit satu jawaban yang diterima."))
        cleaned = {"accepted": accepted, "case_sensitive": bool(data.get("case_sensitive"))}
    elif question_type == QuestionType.NUMERIC:
        answer = parse_number(data.get("answer"))
        tolerance = parse_number(data.get("tolerance", 0))
        if answer is None:
            errors.append(_("Kunci jawaban angka tidak valid."))
        if tolerance is None or tolerance < 0:
            errors.append(_("Toleransi harus angka 0 atau lebih."))
        cleaned = {"answer": str(answer), "tolerance": str(tolerance or Decimal(0))}
    elif question_type == QuestionType.MATCHING:
        pairs = data.get("pairs") or []
        if len(pairs) < 2:
            errors.append(_("Soal menjodohkan butuh paling sedikit 2 pasangan."))
        if any(
            not str(p.get("prompt", "")).strip() or not str(p.get("answer", "")).strip()
            for p in pairs
        ):
            errors.append(_("Setiap pasangan butuh pernyataan dan jawaban."))
        cleaned = {
            "pairs": [
                {"id": str(p.get("id") or index + 1), "prompt": clean_html(str(p["prompt"])),
                 "answer": clean_html(str(p["answer"]))}
                for index, p in enumerate(pairs)
                if p.get("prompt") and p.get("answer")
            ]
        }  # fmt: skip
    else:
        errors.append(f'Jenis soal "{question_type}" tidak dikenal.')
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def question_save(
    *,
    bank: QuestionBank,
    question_type: str,
    text: str,
    data: dict,
    explanation: str = "",
    points: Decimal = Decimal(1),
    question: Question | None = None,
) -> Question:
    """Creates a question or adds a new version to it. Attempts keep the version they showed."""
    cleaned = validate_question(question_type, text, data)
    if question is None:
        question = Question.objects.create(bank=bank, type=question_type)
    elif question.type != question_type:
        raise ValidationError(_("Jenis soal tidak dapat diubah; buat soal baru."))
    number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = QuestionVersion(
        question=question,
        number=number,
        text=clean_html(text),
        data=cleaned,
        explanation=clean_html(explanation),
        points=points,
    )
    version.full_clean()
    version.save()
    question.current_version = version
    question.save(update_fields=["current_version"])
    return question
