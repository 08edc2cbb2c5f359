"""Which quizzes could give away the key of a quiz that counts (issue 13, item 4).

A quiz that shows its key (review "Segera", or "Setelah kuis ditutup" with a closing time)
and draws from a bank that a post-test or placement test also draws from hands that key to
the counting test: its learners meet the same questions there. The quiz form warns the
trainer (it does not refuse: sharing banks is sometimes intended) from both sides, saving the
practice quiz or pre-test and saving the post-test.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import QuestionBank, QuizDraw, QuizKind, ReviewPolicy
from .learner import COUNTING_KINDS

#: Quizzes meant to be looked at with their key (a practice quiz) or taken before learning (a
#: pre-test, which never shows its key to learners, but whose setting may say it does).
REVEALING_KINDS = (QuizKind.PRACTICE, QuizKind.PRE_TEST)


def reveals_keys(review_policy: str, closes_at: datetime.datetime | None) -> bool:
    """Whether a quiz with these settings shows its key to learners at some point."""
    return review_policy == ReviewPolicy.IMMEDIATELY or (
        review_policy == ReviewPolicy.AFTER_CLOSE and closes_at is not None
    )


def _revealing_q() -> Q:
    return Q(quiz__review_policy=ReviewPolicy.IMMEDIATELY) | Q(
        quiz__review_policy=ReviewPolicy.AFTER_CLOSE, quiz__closes_at__isnull=False
    )


def _names(bank_ids: Iterable[int]) -> str:
    names = QuestionBank.objects.filter(pk__in=set(bank_ids)).order_by("name")
    return ", ".join(f"“{name}”" for name in names.values_list("name", flat=True))


def quiz_key_warnings(
    *,
    kind: str,
    review_policy: str,
    closes_at: datetime.datetime | None,
    bank_ids: Iterable[int],
    quiz_id: int | None = None,
) -> list[str]:
    """Indonesian warnings for a quiz about to be saved with these settings and banks (the
    stored quiz ``quiz_id`` itself is left out of the comparison). Two queries at most."""
    bank_ids = set(bank_ids)
    if not bank_ids:
        return []
    others = QuizDraw.objects.filter(bank_id__in=bank_ids)
    if quiz_id is not None:
        others = others.exclude(quiz_id=quiz_id)
    if kind in REVEALING_KINDS and reveals_keys(review_policy, closes_at):
        shared = set(others.filter(quiz__kind__in=COUNTING_KINDS).values_list("bank_id", flat=True))
        if not shared:
            return []
        if kind == QuizKind.PRE_TEST:
            return [
                _(
                    "Bank soal %(banks)s juga dipakai tes akhir atau tes penempatan, dan "
                    "pengaturan pembahasan tes awal ini membuka kunci jawaban. Kunci tes awal "
                    "tidak ditampilkan kepada peserta (tes awal bersifat diagnostik); pilih "
                    "pembahasan “Tidak pernah” agar pengaturannya sesuai."
                )
                % {"banks": _names(shared)}
            ]
        return [
            _(
                "Bank soal %(banks)s juga dipakai tes akhir atau tes penempatan, dan latihan "
                "ini menampilkan kunci jawabannya: peserta dapat mengenali soal tes akhir dari "
                "latihan. Pakai bank soal lain untuk latihan, atau pilih pembahasan “Tidak "
                "pernah”."
            )
            % {"banks": _names(shared)}
        ]
    if kind in COUNTING_KINDS:
        shared = set(
            others.filter(quiz__kind=QuizKind.PRACTICE)
            .filter(_revealing_q())
            .values_list("bank_id", flat=True)
        )
        if shared:
            return [
                _(
                    "Bank soal %(banks)s juga dipakai latihan yang menampilkan kunci jawaban: "
                    "peserta dapat melihat kunci soal tes ini lewat latihan tersebut. Pakai bank "
                    "soal lain untuk latihan, atau ubah pembahasan latihan menjadi “Tidak "
                    "pernah”."
                )
                % {"banks": _names(shared)}
            ]
    return []
