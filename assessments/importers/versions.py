"""Which existing question an imported item updates, once every item has been checked.

The planner (:mod:`.planner`) compares each item with the questions of its bank on its own:
identical content is ``unchanged``, the only question with the same stem is ``update``d. Two
things need the whole file, and :func:`settle` does them after the checks (issue 10):

* variants: items of one file that share a stem but not their answers are separate questions,
  so an ``update`` of a stem that several items share becomes a ``create`` and the existing
  question is left as it is (a file of variants never replaces another variant's answers);
* the key: an update whose correct answers (:func:`answer_key`) differ from the current
  version's is refused (``key_changed``) unless the run allows it (``allow_key_change``:
  ``lms_import --allow-key-change``, the import screen's checkbox); allowed, it is noted
  ("kunci berubah") and stored as a new version.

Plans are the planner's: ``key`` is ``(bank, normalised stem, answers)`` and ``payload`` a
``Payload`` with ``existing``, ``key_changed``, ``question_type`` and ``suffix``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.utils.translation import gettext as _

from lms.core.imports import Plan, RunContext

from ..models import QuestionType
from .content import signature
from .sanitize import Notes, clean, text_key


def answer_key(question_type: str, data: dict) -> tuple:
    """What a learner must answer to be right: the correct choices' texts (true/false: the
    right value), else the answer part of the content (accepted answers, number and ranges,
    pairs). Feedback and wrong choices are not part of it."""
    if question_type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        correct = [c for c in data.get("choices") or [] if isinstance(c, dict) and c.get("correct")]
        if question_type == QuestionType.TRUE_FALSE:
            return tuple(sorted(str(c.get("id")) for c in correct))
        return tuple(sorted(text_key(clean(c.get("text"))) for c in correct))
    return signature(question_type, "", data, "", 0)[2]


def settle(
    plans: list[Plan], ctx: RunContext, column: Callable[[str, str], str], *, notes: Notes
) -> None:
    """Variants and key changes (module docstring); errors go to ``ctx`` in the reader's
    ``column(field, question_type)``."""
    allow = bool(ctx.options.get("allow_key_change"))
    stems: dict[Hashable, int] = {}
    for plan in plans:
        stems[plan.key[:2]] = stems.get(plan.key[:2], 0) + 1
    for plan in plans:
        payload = plan.payload
        if plan.action != "update":
            continue
        if stems[plan.key[:2]] > 1 and not payload.by_source:
            plan.action, payload.existing, payload.key_changed = "create", None, False
        elif payload.key_changed and allow:
            notes.add(
                _(
                    "Soal nomor %(n)s: kunci berubah (jawaban benar berbeda dari versi yang "
                    "ada); disimpan sebagai versi baru."
                )
                % {"n": plan.row}
            )
        elif payload.key_changed:
            ctx.error(
                plan.row,
                column("data", payload.question_type),
                "key_changed",
                _(
                    "Kunci berubah: soal dengan teks yang sama sudah ada di bank ini dengan "
                    "jawaban benar yang lain. Berkas ini tidak mengganti kunci diam-diam: pakai "
                    '--allow-key-change (di admin: centang "Izinkan perubahan kunci") bila '
                    "kuncinya memang diubah, atau ubah teks soal bila ini soal lain."
                )
                + payload.suffix,
            )
