"""Courses as a Wagtail page tree, and the learner's enrollment and progress.

CourseIndexPage → CoursePage → ModulePage → LessonPage (locked with parent/subpage types).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from assessments.blocks import H5PBlock, QuizBlock
from lms.competencies.models import Competency, Level, Pillar
from lms.core.blocks import lesson_content_blocks
from lms.core.pagecache import PublicPageCacheMixin
from lms.core.published import CachedPublishedPageMixin
from lms.people.models import JenisJabatan

from .admin_forms import LessonPageForm


class CourseIndexPage(PublicPageCacheMixin, Page):
    """The course catalogue (search and filters in ``courses.views``/templates)."""

    intro = RichTextField(_("pengantar"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("katalog kursus")

    def __str__(self) -> str:
        return self.title

    def route(self, request, path_components):
        """Resolves a course, module or lesson URL in one lookup instead of one per level.

        Same result as Wagtail's level-by-level routing (only the final page must be live), but
        a lesson costs two queries instead of eight.
        """
        if not path_components:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        page = (
            Page.objects.filter(
                depth=self.depth + len(path_components),
                slug=path_components[-1],
                url_path=url_path,
                live=True,
            )
            .specific()
            .first()
        )
        if page is None:
            raise Http404
        return RouteResult(page)

    def get_context(self, request, *args, **kwargs):
        from .selectors import CatalogueFilters, catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            catalogue_context(
                index=self, user=request.user, filters=CatalogueFilters.from_query(request.GET)
            )
        )
        return context


class Category(models.TextChoices):
    SPBE = "spbe", _("SPBE")
    IT_DASAR = "it_dasar", _("IT dasar")
    LITERASI_DIGITAL = "literasi_digital", _("Literasi digital")


class CourseTreePage(CachedPublishedPageMixin):
    """Mixin of the pages of a course (the course, its modules and lessons): Wagtail asks them
    who may do what through :class:`courses.permissions.CourseTreePermissionTester`, which
    keeps an "add" granted on the catalogue out of the courses (docs/security.md).

    Wagtail calls the specific class's ``permissions_for_user`` even for a plain ``Page``
    instance, so explorer, editor, chooser and moderation checks all go through it.
    """

    #: Levels between this page and its course (0 for the course itself).
    course_depth_offset = 0

    def permissions_for_user(self, user):
        from .permissions import CourseTreePermissionTester

        return CourseTreePermissionTester(user, self)

    @property
    def course_path(self) -> str:
        """The tree path of the course this page belongs to (no query)."""
        return self.path[: len(self.path) - self.course_depth_offset * self.steplen]


class CoursePage(CourseTreePage, PublicPageCacheMixin, Page):
    code = models.CharField(_("kode kursus"), max_length=30, unique=True)
    summary = models.TextField(_("ringkasan"), max_length=600)
    jp = models.DecimalField(
        _("JP"),
        max_digits=4,
        decimal_places=1,
        help_text=_("Jam pelajaran yang diberikan saat lulus (1 JP = 45 menit)."),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    pillar = models.CharField(
        _("pilar literasi digital"),
        max_length=20,
        choices=Pillar.choices,
        blank=True,
        help_text=_("Untuk kursus literasi digital."),
    )
    estimated_minutes = models.PositiveIntegerField(_("perkiraan durasi (menit)"), default=90)
    prerequisite_courses = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("prasyarat kursus"),
        blank=True,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("jp")]),
                FieldRowPanel([FieldPanel("category"), FieldPanel("pillar")]),
                FieldPanel("estimated_minutes"),
                FieldPanel("summary"),
            ],
            heading=_("Data kursus"),
        ),
        InlinePanel(
            "competency_targets",
            heading=_("Kompetensi yang dikembangkan"),
            label=_("kompetensi"),
            min_num=1,
        ),
        InlinePanel("audiences", heading=_("Sasaran (jenis jabatan)"), label=_("sasaran")),
        MultiFieldPanel(
            [
                FieldPanel("prerequisite_courses"),
                InlinePanel(
                    "prerequisite_levels", heading=_("Prasyarat level"), label=_("prasyarat")
                ),
            ],
            heading=_("Prasyarat"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.AutocompleteField("code"),
        index.FilterField("category"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")

    def __str__(self) -> str:
        return self.title

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(user=request.user, course=self))
        return context


class CourseCompetency(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="competency_targets")
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(_("level sasaran"), choices=Level.choices)

    panels = [FieldPanel("competency"), FieldPanel("target_level")]

    class Meta(Orderable.Meta):
        verbose_name = _("kompetensi kursus")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "competency"], name="courses_competency_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} L{self.target_level}"


class CourseAudience(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="audiences")
    jenis_jabatan = models.CharField(
        _("jenis jabatan"), max_length=30, choices=JenisJabatan.choices
    )

    panels = [FieldPanel("jenis_jabatan")]

    class Meta(Orderable.Meta):
        verbose_name = _("sasaran kursus")

    def __str__(self) -> str:
        return self.get_jenis_jabatan_display()


class CoursePrerequisiteLevel(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="prerequisite_levels")
    competency = models.ForeignKey(
        Competency, verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    minimum_level = models.PositiveSmallIntegerField(_("level minimal"), choices=Level.choices)

    panels = [FieldPanel("competency"), FieldPanel("minimum_level")]

    class Meta(Orderable.Meta):
        verbose_name = _("prasyarat level")

    def __str__(self) -> str:
        return f"{self.competency.code} ≥ {self.minimum_level}"


class ModulePage(CourseTreePage, Page):
    intro = models.TextField(_("pengantar modul"), blank=True)
    course_depth_offset = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    preview_modes = []  # a module has no page of its own (the course outline shows it)

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("modul")

    def __str__(self) -> str:
        return self.title

    def serve(self, request, *args, **kwargs):
        # A module has no page of its own: the course outline shows it.
        return redirect(self.get_parent().url)


class LessonPage(CourseTreePage, Page):
    body = StreamField(
        [*lesson_content_blocks(), ("quiz", QuizBlock()), ("h5p", H5PBlock())],
        verbose_name=_("isi pelajaran"),
    )
    estimated_minutes = models.PositiveIntegerField(_("perkiraan durasi (menit)"), default=15)
    is_required = models.BooleanField(
        _("wajib"), default=True, help_text=_("Harus diselesaikan agar kursus selesai.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("is_required")]),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    base_form_class = LessonPageForm
    course_depth_offset = 2

    class Meta:
        verbose_name = _("pelajaran")
        verbose_name_plural = _("pelajaran")

    def __str__(self) -> str:
        return self.title

    def serve(self, request, *args, **kwargs):
        """Lessons are for enrolled learners; the course's trainers (whoever may edit the
        lesson) may read them without enrolling (docs/security.md)."""
        from .selectors import lesson_page_context

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        context = lesson_page_context(user=request.user, lesson=self)
        if context["enrollment"] is None and not (
            request.user.has_perm("wagtailadmin.access_admin")
            and self.permissions_for_user(request.user).can_edit()
        ):
            messages.info(request, _("Daftar ke kursus ini untuk membuka pelajarannya."))
            return redirect(context["course"].url)
        enrollment = context["enrollment"]
        if enrollment is not None and enrollment.status == EnrollmentStatus.ACTIVE:
            from .services import enrollment_visit

            enrollment_visit(enrollment=enrollment, lesson=self)  # the resume point
        # Wagtail's serve passes its keyword arguments on to get_context: the context read
        # above is handed over there, not read twice.
        return super().serve(request, *args, lesson_context=context, **kwargs)

    def get_context(self, request, *args, lesson_context: dict | None = None, **kwargs):
        """Wagtail's page context plus the lesson's (``lesson_context`` when ``serve`` read it
        already; read here for a preview)."""
        from .selectors import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context or lesson_page_context(user=request.user, lesson=self))
        return context


class CourseTrainerGroup(models.Model):
    """The trainers (Pengajar) assigned to a course: the members of ``group``, which holds
    Wagtail's "add" and "change" page permissions on the course page. Being a Wagtail page
    permission, every Wagtail check applies it (explorer, editor, page chooser, moderation);
    it is set by ``services.course_trainers_set`` (docs/security.md).
    """

    course = models.OneToOneField(
        CoursePage,
        verbose_name=_("kursus"),
        on_delete=models.CASCADE,
        related_name="trainer_group",
    )
    group = models.OneToOneField(
        Group, verbose_name=_("grup"), on_delete=models.CASCADE, related_name="+"
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengajar kursus")
        verbose_name_plural = _("pengajar kursus")
        default_permissions = ()
        permissions = [("assign_course_trainers", "Can assign the trainers of a course")]

    def __str__(self) -> str:
        return f"{self.course} · {self.group}"


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("Sedang belajar")
    COMPLETED = "completed", _("Selesai")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Mendaftar sendiri")
    ASSIGNED = "assigned", _("Ditugaskan")


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("kursus"), on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrollmentStatus.choices, default="active"
    )
    source = models.CharField(
        _("asal"), max_length=20, choices=EnrollmentSource.choices, default="self"
    )
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    last_lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("pelajaran terakhir"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(_("terdaftar"), auto_now_add=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("mundur"), null=True, blank=True)

    class Meta:
        verbose_name = _("pendaftaran kursus")
        verbose_name_plural = _("pendaftaran kursus")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=~Q(status="withdrawn"),
                name="courses_one_current_enrollment",
                violation_error_message=_("Anda sudah terdaftar di kursus ini."),
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(status="completed"),
                name="courses_completed_at_only_when_completed",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("enrolled_at")),
                name="courses_completed_after_enrolled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("selesai"), auto_now_add=True)

    class Meta:
        verbose_name = _("kemajuan pelajaran")
        verbose_name_plural = _("kemajuan pelajaran")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="courses_lesson_progress_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.lesson_id}"


class AssignmentTarget(models.TextChoices):
    OPD = "opd", _("Semua pegawai OPD (termasuk sub-unit)")
    POSITION = "position", _("Pemangku jabatan")
    EMPLOYEES = "employees", _("Pegawai tertentu")


class Assignment(models.Model):
    """A mandatory course given by Admin OPD or BKPSDM to a group of employees, with a due date."""

    course = models.ForeignKey(
        CoursePage, verbose_name=_("kursus"), on_delete=models.PROTECT, related_name="assignments"
    )
    target = models.CharField(_("sasaran"), max_length=20, choices=AssignmentTarget.choices)
    opd = models.ForeignKey(
        "people.OPD",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.ForeignKey(
        "people.Position",
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employees = models.ManyToManyField(
        "people.Employee", verbose_name=_("pegawai"), blank=True, related_name="+"
    )
    due_date = models.DateField(_("batas waktu"))
    note = models.CharField(_("catatan"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditugaskan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)
    enrolled_count = models.PositiveIntegerField(_("jumlah peserta"), default=0)

    class Meta:
        verbose_name = _("penugasan kursus")
        verbose_name_plural = _("penugasan kursus")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target="opd") & Q(opd__isnull=False))
                | (Q(target="position") & Q(position__isnull=False))
                | Q(target="employees"),
                name="courses_assignment_target_fields",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.get_target_display()} · {self.due_date}"


class ReminderKind(models.TextChoices):
    DUE_7 = "due_7", _("7 hari sebelum batas waktu")
    DUE_1 = "due_1", _("1 hari sebelum batas waktu")
    OVERDUE_DIGEST = "overdue", _("Daftar peserta terlambat untuk Admin OPD")


class ReminderLog(models.Model):
    """One reminder e-mail sent: per enrollment for due-date reminders, per recipient and day for
    the overdue digest. The unique constraints make the daily job idempotent.
    """

    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    enrollment = models.ForeignKey(
        Enrollment, null=True, on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind"],
                condition=Q(enrollment__isnull=False),
                name="courses_reminder_once_per_enrollment",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "sent_on"],
                condition=Q(recipient__isnull=False),
                name="courses_digest_once_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.enrollment_id or self.recipient_id}:{self.sent_on}"
