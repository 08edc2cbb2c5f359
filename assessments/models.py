"""Question banks, versioned questions, quizzes and attempts.

``assessments`` knows nothing about courses: an attempt records the user, the quiz and, when
it was taken inside a lesson, the id of that page.

Integrity (docs/quality.md R1): one in-progress attempt per user and quiz (partial unique index),
attempt numbers unique per user and quiz, the deadline stored on the attempt, a sequence
number for autosave (stale writes are refused), and the grade written in the same transaction
as the answers.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.competencies.models import Competency, Level


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Pilihan ganda (satu jawaban)")
    MULTIPLE = "multiple", _("Pilihan ganda (beberapa jawaban)")
    TRUE_FALSE = "true_false", _("Benar/salah")
    SHORT = "short", _("Jawaban singkat")
    NUMERIC = "numeric", _("Angka")
    MATCHING = "matching", _("Menjodohkan")


class QuestionBank(models.Model):
    """Questions measuring one competency at one level (the unit of stratified draws)."""

    name = models.CharField(_("nama"), max_length=200)
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="banks"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    description = models.TextField(_("keterangan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengajar yang diberi akses"),
        blank=True,
        related_name="shared_question_banks",
        help_text=_("Pengajar lain yang boleh mengubah bank soal ini (diberikan oleh BKPSDM)."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank soal")
        verbose_name_plural = _("bank soal")
        ordering = ["competency__code", "level", "name"]
        permissions = [("share_questionbank", "Can grant trainers access to a question bank")]

    def __str__(self) -> str:
        return f"{self.name} ({self.competency.code} L{self.level})"


class QuestionQuerySet(models.QuerySet):
    @staticmethod
    def drawable_q(prefix: str = "") -> Q:
        """THE rule of which questions a draw takes: active, with a current version.
        ``prefix`` is a related lookup (``"questions__"`` from a bank)."""
        return Q(**{f"{prefix}is_active": True, f"{prefix}current_version__isnull": False})

    def drawable(self) -> "QuestionQuerySet":
        """The questions a quiz draw may take (see :meth:`drawable_q`)."""
        return self.filter(self.drawable_q())


SOURCE_REF_MAX = 500


class Question(models.Model):
    """A question's identity. Its content lives in immutable versions; editing adds a version,
    and an attempt keeps the version it showed."""

    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("bank soal"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    type = models.CharField(_("jenis"), max_length=20, choices=QuestionType.choices)
    is_active = models.BooleanField(_("aktif"), default=True)
    current_version = models.ForeignKey(
        "QuestionVersion",
        verbose_name=_("versi berlaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    #: Where an imported question came from, so a re-import finds it again (issue 10):
    #: ``<category path>::<name>`` (Moodle XML category and ``<name>``, GIFT ``$CATEGORY``
    #: and ``::title::``; :meth:`assessments.importers.items.QuestionItem.source_ref`).
    #: Empty for questions written in the admin, from a spreadsheet or an untitled GIFT
    #: question. Unique within a bank when set.
    source_ref = models.CharField(
        _("identitas sumber"), max_length=SOURCE_REF_MAX, blank=True, default="", editable=False
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("soal")
        verbose_name_plural = _("soal")
        ordering = ["bank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "source_ref"],
                condition=~Q(source_ref=""),
                name="assessments_question_source_unique",
            ),
        ]

    def __str__(self) -> str:
        text = self.current_version.text if self.current_version_id else ""
        return f"#{self.pk} {text[:60]}"


class CategoryMapping(models.Model):
    """A user's choice of bank for a category of an imported file (issue 10): the next file
    with questions of that category goes to the same bank, pre-selected in the import
    preview. Per user, so one trainer's choice never routes another trainer's questions;
    applied only while the user may still edit the bank (``banks_editable_by``). Written by
    :func:`assessments.services.mappings.category_mappings_remember`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: The category as the file names it, without Moodle's ``$course$``/``top`` segments
    #: (:func:`assessments.importers.items.source_path`); "" for questions without category.
    source_path = models.CharField(_("kategori di berkas"), max_length=SOURCE_REF_MAX, blank=True)
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank soal"), on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pemetaan kategori impor")
        verbose_name_plural = _("pemetaan kategori impor")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source_path"], name="assessments_mapping_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_path or '-'} -> {self.bank_id}"


class QuestionVersion(models.Model):
    """Immutable content of a question.

    ``data`` per type (ids are short strings, stable across versions):
    - single / multiple / true_false: ``{"choices": [{"id", "text", "correct": bool,
      "feedback"}]}`` (true_false has ids "true"/"false");
    - short: ``{"accepted": ["jawaban", ...], "case_sensitive": false}``;
    - numeric: ``{"answer": 3.5, "tolerance": 0.1}``;
    - matching: ``{"pairs": [{"id", "prompt", "answer"}]}``.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    text = models.TextField(_("teks soal"))
    data = models.JSONField(_("isi dan kunci"))
    explanation = models.TextField(_("pembahasan"), blank=True)
    points = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2, default=1)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("versi soal")
        verbose_name_plural = _("versi soal")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="assessments_version_unique"
            ),
            models.CheckConstraint(condition=Q(points__gt=0), name="assessments_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class QuizKind(models.TextChoices):
    PRE_TEST = "pre", _("Tes awal")
    POST_TEST = "post", _("Tes akhir")
    PRACTICE = "practice", _("Latihan")
    PLACEMENT = "placement", _("Tes penempatan")


class ReviewPolicy(models.TextChoices):
    IMMEDIATELY = "immediately", _("Segera setelah dikumpulkan")
    AFTER_CLOSE = "after_close", _("Setelah kuis ditutup")
    NEVER = "never", _("Tidak pernah")


class Quiz(models.Model):
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=QuizKind.choices)
    instructions = models.TextField(_("petunjuk"), blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("batas waktu (menit)"), null=True, blank=True, help_text=_("Kosongkan bila tanpa batas.")
    )
    max_attempts = models.PositiveIntegerField(
        _("kesempatan paling banyak"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila tanpa batas."),
    )
    pass_percent = models.PositiveSmallIntegerField(_("nilai lulus (%)"), default=70)
    competency_pass_percent = models.PositiveSmallIntegerField(
        _("nilai lulus per kompetensi (%)"),
        null=True,
        blank=True,
        help_text=_("Bila diisi, setiap kompetensi yang diuji juga harus mencapai nilai ini."),
    )
    review_policy = models.CharField(
        _("pembahasan"), max_length=20, choices=ReviewPolicy.choices, default="immediately"
    )
    opens_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    closes_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("acak urutan soal"), default=True)
    shuffle_choices = models.BooleanField(_("acak urutan pilihan"), default=True)
    open_access = models.BooleanField(
        _("terbuka tanpa kursus"),
        default=False,
        help_text=_(
            "Bila dicentang, setiap peserta yang masuk dapat mengerjakan kuis ini tanpa "
            "terdaftar di kursus (mis. tes penempatan). Bila tidak, kuis hanya dapat dikerjakan "
            "dari pelajaran kursus yang diikuti peserta."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kuis")
        verbose_name_plural = _("kuis")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_percent__gte=0) & Q(pass_percent__lte=100),
                name="assessments_pass_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="assessments_window_order",
            ),
            # A post-test's pass is trusted evidence and completes a course: it is only ever
            # taken from a lesson of a course the learner is enrolled in (docs/security.md).
            models.CheckConstraint(
                condition=Q(open_access=False) | ~Q(kind="post"),
                name="assessments_post_test_not_open",
                violation_error_message=_(
                    "Tes akhir tidak dapat dibuka tanpa kursus: kelulusannya menjadi bukti "
                    "kompetensi dan syarat kelulusan kursus."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    #: Attempts of a pre-test whose limit is left empty: it is a diagnostic, taken once.
    PRE_TEST_DEFAULT_ATTEMPTS = 1

    @property
    def attempt_limit(self) -> int | None:
        """How many attempts a learner has (None: unlimited). ``max_attempts`` when set; an
        empty limit is unlimited, except on a pre-test, which is taken once by default (a
        diagnostic: repeating it would only probe the banks it shares with the post-test)."""
        if self.max_attempts:
            return self.max_attempts
        return self.PRE_TEST_DEFAULT_ATTEMPTS if self.kind == QuizKind.PRE_TEST else None

    # The quiz window and deadline rule (docs/user-guide.md): an attempt starts only between
    # ``opens_at`` and ``closes_at``; it ends at the time limit or at closing, whichever is first.
    def not_open_yet(self, now: datetime.datetime) -> bool:
        return bool(self.opens_at and now < self.opens_at)

    def closed(self, now: datetime.datetime) -> bool:
        return bool(self.closes_at and now >= self.closes_at)

    def attempt_deadline(self, started: datetime.datetime) -> datetime.datetime | None:
        """When an attempt started at ``started`` ends (None: no time limit and no closing)."""
        deadline = None
        if self.time_limit_minutes:
            deadline = started + datetime.timedelta(minutes=self.time_limit_minutes)
        if self.closes_at and (deadline is None or self.closes_at < deadline):
            deadline = self.closes_at
        return deadline


class QuizDraw(models.Model):
    """Stratified draw: ``count`` questions from one bank in every attempt."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank soal"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("jumlah soal"))

    class Meta:
        verbose_name = _("pengambilan soal")
        verbose_name_plural = _("pengambilan soal")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "bank"], name="assessments_draw_unique"),
            models.CheckConstraint(condition=Q(count__gte=1), name="assessments_draw_count"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}: {self.count} × {self.bank}"


class PlacementBand(models.Model):
    """For placement quizzes: a score band on one competency maps to a level."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="bands")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    min_percent = models.PositiveSmallIntegerField(_("nilai minimal (%)"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)

    class Meta:
        verbose_name = _("pita penempatan")
        verbose_name_plural = _("pita penempatan")
        ordering = ["competency", "-min_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "competency", "min_percent"], name="assessments_band_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ≥{self.min_percent}% → L{self.level}"


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    SUBMITTED = "submitted", _("Dikumpulkan")
    EXPIRED = "expired", _("Waktu habis")


class Attempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    quiz = models.ForeignKey(
        Quiz, verbose_name=_("kuis"), on_delete=models.PROTECT, related_name="attempts"
    )
    number = models.PositiveIntegerField(_("percobaan ke"))
    state = models.CharField(
        _("status"), max_length=20, choices=AttemptState.choices, default="in_progress"
    )
    page_id = models.PositiveIntegerField(_("halaman"), null=True, blank=True)
    seed = models.BigIntegerField(_("benih acak"))
    layout = models.JSONField(
        _("susunan soal"), default=list
    )  # [{"v": version_id, "order": [ids]}]
    sequence = models.PositiveIntegerField(_("urutan simpan"), default=0)
    started_at = models.DateTimeField(_("mulai"), auto_now_add=True)
    deadline = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    score = models.DecimalField(_("skor"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(
        _("skor maksimal"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("nilai (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("lulus"), null=True, blank=True)
    competency_results = models.JSONField(_("hasil per kompetensi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("percobaan")
        verbose_name_plural = _("percobaan")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(state="in_progress"),
                name="assessments_one_attempt_in_progress",
            ),
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="assessments_attempt_number"
            ),
            models.CheckConstraint(
                condition=Q(state="in_progress") | Q(finished_at__isnull=False),
                name="assessments_finished_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.quiz} #{self.number}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    response = models.JSONField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "version"], name="assessments_answer_unique"
            ),
            models.UniqueConstraint(
                fields=["attempt", "position"], name="assessments_answer_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.position}"


class AutosaveReceipt(models.Model):
    """Idempotency keys of autosaves: a retried request with the same key is not applied twice."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="receipts")
    key = models.UUIDField()
    sequence = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "key"], name="assessments_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.key}"


# H5P activities live in their own module (assessments/h5p/models.py); imported here so Django
# registers them in this app.
from .h5p.models import (  # noqa: E402, F401
    H5PLibrary,
    H5PPackage,
    H5PPackageStatus,
    H5PResult,
    H5PUserState,
    XAPIStatement,
)
