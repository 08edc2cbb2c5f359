"""Demo data for courses: the catalogue page and the starter courses.

``seed`` makes the "Katalog Kursus" page under the home page (and points ``home.catalogue_page``
at it), then builds each course of :data:`courses.starter_content.STARTER_COURSES` as
CoursePage → ModulePage → LessonPage, with a one-page PDF summary ("Ringkasan") made with
reportlab and stored as a Wagtail document in the course's last lesson.

Idempotent: courses are found by code, modules and lessons by slug under their parent, the
handout by document title. A page is only revised and published when its data differ from the
starter content, so a second run writes nothing. Lesson blocks of other types than the ones
this module writes (quiz, H5P, images added by an editor) are kept, after the seeded blocks.

Quizzes: when ``assessments.demo`` ran first (it does, in INSTALLED_APPS order) it left
``context.extra["quizzes"] = {course code: {"pre": Quiz, "post": Quiz}}``. The pre-test is
placed in the first lesson of the course as a quiz block that need not be passed, the post-test
in the last lesson as a quiz block that must be passed (:func:`lesson_quiz_ensure`); each lesson
holds one block per quiz, whatever the number of runs.

H5P: the demo activity ``assessments.demo`` installed (``context.extra["h5p"]``) is placed at
the end of the first module's last lesson of SPBE-101, completing that lesson when done.

Trainers: the demo Pengajar accounts (from ``lms.users.demo``) are assigned to every starter
course (``services.course_trainer_add``), so they author these courses and, through them, their
pre-tests, post-tests and banks (docs/security.md); other Pengajar accounts do not.
"""

import hashlib
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page

from assessments.models import H5PPackage, Quiz
from lms.competencies.models import Competency
from lms.core.seeding import DemoContext
from lms.users.models import User
from lms.users.roles import Role

from .models import (
    CourseAudience,
    CourseCompetency,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
)
from .services import (
    catalogue_link_set,
    course_page_publish,
    course_trainer_add,
    document_file_store,
)
from .starter_content import STARTER_COURSES, CourseSeed, LessonSeed, ModuleSeed

# The block types this module writes into lessons; any other block in a lesson is left alone.
SEEDED_BLOCK_TYPES = frozenset({"text", "callout", "handout"})


# The starter course that holds the demo H5P activity (``assessments.demo``).
H5P_COURSE = "SPBE-101"


def seed(context: DemoContext) -> None:
    catalogue = catalogue_ensure(context.home)
    quizzes = context.extra.get("quizzes", {})
    courses = {
        data.code: starter_course_sync(
            catalogue=catalogue,
            data=data,
            quizzes=quizzes.get(data.code),
            h5p=context.extra.get("h5p") if data.code == H5P_COURSE else None,
        )
        for data in STARTER_COURSES
    }
    trainers = User.objects.filter(
        username__in=[account.username for account in context.accounts],
        groups__name=Role.PENGAJAR,
    )
    for course in courses.values():
        for trainer in trainers:
            course_trainer_add(course=course, user=trainer)
    context.extra["catalogue"] = catalogue
    context.extra["courses"] = courses


def catalogue_ensure(home: Page) -> CourseIndexPage:
    """The single course catalogue under ``home``, created and linked from it when missing."""
    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        catalogue = CourseIndexPage(
            title="Katalog Kursus",
            slug="kursus",
            intro="<p>Kursus SPBE, IT dasar dan literasi digital untuk ASN.</p>",
        )
        course_page_publish(page=catalogue, parent=home)
    catalogue_link_set(home=home, catalogue=catalogue)
    return catalogue


def starter_course_sync(
    *,
    catalogue: CourseIndexPage,
    data: CourseSeed,
    quizzes: dict[str, Quiz] | None = None,
    h5p: H5PPackage | None = None,
) -> CoursePage:
    """Creates or updates one starter course with its modules, lessons and handout, and, when
    ``quizzes`` ({"pre": Quiz, "post": Quiz}) is given, its pre-test and post-test blocks;
    with ``h5p``, that interactive practice at the end of the first module's last lesson."""
    course = _course_sync(catalogue, data)
    document = handout_document_ensure(data)
    handout = {"document": document.pk, "description": data.handout.description}
    last_lesson = data.lessons[-1]
    lessons: list[LessonPage] = []
    for module_data in data.modules:
        module = _module_sync(course, module_data)
        for lesson_data in module_data.lessons:
            extra = [{"type": "handout", "value": handout}] if lesson_data is last_lesson else []
            lessons.append(_lesson_sync(module, lesson_data, extra_blocks=extra))
    if quizzes:
        if quizzes.get("pre") is not None:
            lesson_quiz_ensure(lesson=lessons[0], quiz=quizzes["pre"], required=False)
        if quizzes.get("post") is not None:
            lesson_quiz_ensure(lesson=lessons[-1], quiz=quizzes["post"], required=True)
    if h5p is not None:
        lesson_h5p_ensure(lesson=lessons[len(data.modules[0].lessons) - 1], package=h5p)
    return course


def lesson_quiz_ensure(*, lesson: LessonPage, quiz: Quiz, required: bool) -> LessonPage:
    """Makes ``lesson`` hold exactly one quiz block for ``quiz`` with the given ``required``
    flag (:func:`lesson_block_ensure`)."""
    return lesson_block_ensure(
        lesson=lesson, block_type="quiz", wanted={"quiz": quiz.pk, "required": required}
    )


def lesson_h5p_ensure(*, lesson: LessonPage, package: H5PPackage) -> LessonPage:
    """Makes ``lesson`` hold exactly one H5P block for ``package``, completing the lesson."""
    return lesson_block_ensure(
        lesson=lesson,
        block_type="h5p",
        wanted={"package": package.pk, "completes_lesson": True},
    )


def lesson_block_ensure(*, lesson: LessonPage, block_type: str, wanted: dict) -> LessonPage:
    """Makes ``lesson`` hold exactly one ``block_type`` block naming the object of
    ``wanted``'s first key, with ``wanted`` as its value: appended after the other blocks
    when missing, corrected in place when it differs, duplicates removed. Publishes only when
    something changed."""
    current = list(lesson.body.raw_data)
    key = next(iter(wanted))
    positions = [
        index
        for index, block in enumerate(current)
        if block["type"] == block_type and (block.get("value") or {}).get(key) == wanted[key]
    ]
    if len(positions) == 1 and current[positions[0]]["value"] == wanted:
        return lesson
    if positions:
        first = positions[0]
        body = [
            {**block, "value": wanted} if index == first else block
            for index, block in enumerate(current)
            if index == first or index not in positions
        ]
    else:
        body = [*current, {"type": block_type, "value": wanted}]
    lesson.body = body
    course_page_publish(page=lesson)
    return lesson


def _course_sync(catalogue: CourseIndexPage, data: CourseSeed) -> CoursePage:
    competencies = Competency.objects.in_bulk(
        [code for code, _level in data.competency_targets], field_name="code"
    )
    missing = [code for code, _level in data.competency_targets if code not in competencies]
    if missing:
        raise LookupError(f"Competencies missing from the catalogue: {', '.join(missing)}")
    targets = [(competencies[code].pk, level) for code, level in data.competency_targets]
    fields = {
        "title": data.title,
        "summary": data.summary,
        "jp": Decimal(data.jp),
        "category": data.category,
        "pillar": data.pillar,
        "estimated_minutes": data.minutes,
    }

    course = CoursePage.objects.filter(code=data.code).first()
    if course is not None:
        current_targets = [
            (target.competency_id, target.target_level)
            for target in course.competency_targets.order_by("sort_order", "pk")
        ]
        current_audiences = list(
            course.audiences.order_by("sort_order", "pk").values_list("jenis_jabatan", flat=True)
        )
        unchanged = (
            all(getattr(course, name) == value for name, value in fields.items())
            and current_targets == targets
            and current_audiences == list(data.audiences)
        )
        if unchanged:
            return course
        for name, value in fields.items():
            setattr(course, name, value)
    else:
        course = CoursePage(code=data.code, slug=data.slug, **fields)
    course.competency_targets = [
        CourseCompetency(competency_id=competency_id, target_level=level, sort_order=index)
        for index, (competency_id, level) in enumerate(targets)
    ]
    course.audiences = [
        CourseAudience(jenis_jabatan=jenis, sort_order=index)
        for index, jenis in enumerate(data.audiences)
    ]
    course_page_publish(page=course, parent=catalogue)
    return course


def _module_sync(course: CoursePage, data: ModuleSeed) -> ModulePage:
    module = ModulePage.objects.child_of(course).filter(slug=data.slug).first()
    if module is None:
        module = ModulePage(title=data.title, slug=data.slug, intro=data.intro)
    elif module.title == data.title and module.intro == data.intro:
        return module
    else:
        module.title, module.intro = data.title, data.intro
    course_page_publish(page=module, parent=course)
    return module


def lesson_stream(data: LessonSeed, extra_blocks: Iterable[dict[str, Any]] = ()) -> list[dict]:
    """The lesson's StreamField data in raw form: [{"type": …, "value": …}, …]."""
    return [{"type": kind, "value": value} for kind, value in data.blocks] + list(extra_blocks)


def _lesson_sync(
    module: ModulePage, data: LessonSeed, *, extra_blocks: list[dict[str, Any]]
) -> LessonPage:
    wanted = lesson_stream(data, extra_blocks)
    lesson = LessonPage.objects.child_of(module).filter(slug=data.slug).first()
    if lesson is None:
        lesson = LessonPage(
            title=data.title,
            slug=data.slug,
            estimated_minutes=data.minutes,
            is_required=True,
            body=wanted,
        )
        return course_page_publish(page=lesson, parent=module)

    current = list(lesson.body.raw_data)
    seeded = [
        {"type": block["type"], "value": block["value"]}
        for block in current
        if block["type"] in SEEDED_BLOCK_TYPES
    ]
    if (
        seeded == wanted
        and lesson.title == data.title
        and lesson.estimated_minutes == data.minutes
        and lesson.is_required
    ):
        return lesson
    kept = [block for block in current if block["type"] not in SEEDED_BLOCK_TYPES]
    lesson.title = data.title
    lesson.estimated_minutes = data.minutes
    lesson.is_required = True
    lesson.body = wanted + kept
    course_page_publish(page=lesson)
    return lesson


# ---------------------------------------------------------------------------------- handout PDF


def handout_pdf(data: CourseSeed) -> bytes:
    """The course summary as a one-page A4 PDF. Deterministic: same data, same bytes."""
    buffer = io.BytesIO()
    handout = data.handout
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=handout.title,
        author="LMS ASN",
        subject=data.title,
        invariant=1,
    )
    ink = colors.HexColor("#1f2933")
    accent = colors.HexColor("#0b5394")
    muted = colors.HexColor("#52606d")
    label = ParagraphStyle("label", fontName="Helvetica-Bold", fontSize=9, textColor=accent)
    heading = ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=18, leading=22, textColor=ink, spaceAfter=4
    )
    meta = ParagraphStyle("meta", fontName="Helvetica", fontSize=10, leading=13, textColor=muted)
    section = ParagraphStyle(
        "section",
        fontName="Helvetica-Bold",
        fontSize=12.5,
        leading=16,
        textColor=accent,
        spaceBefore=10,
        spaceAfter=4,
    )
    point = ParagraphStyle("point", fontName="Helvetica", fontSize=10.5, leading=14, textColor=ink)
    note = ParagraphStyle(
        "note", fontName="Helvetica-Oblique", fontSize=8.5, leading=11, textColor=muted
    )

    targets = ", ".join(f"{code} level {level}" for code, level in data.competency_targets)
    story: list[Any] = [
        Paragraph("RINGKASAN KURSUS", label),
        Spacer(1, 4),
        Paragraph(escape(data.title), heading),
        Paragraph(escape(f"Kode {data.code} · {data.jp} JP · sekitar {data.minutes} menit"), meta),
        Paragraph(escape(f"Kompetensi sasaran: {targets}"), meta),
        Spacer(1, 6),
    ]
    for title, points in handout.sections:
        story.append(Paragraph(escape(title), section))
        story.append(
            ListFlowable(
                [ListItem(Paragraph(escape(text), point), leftIndent=14) for text in points],
                bulletType="bullet",
                start="•",
                bulletFontSize=8,
                leftIndent=14,
                spaceBefore=0,
            )
        )
    story += [Spacer(1, 14), Paragraph(escape(handout.note), note)]

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setStrokeColor(muted)
        canvas.setLineWidth(0.5)
        canvas.line(2 * cm, 1.3 * cm, A4[0] - 2 * cm, 1.3 * cm)
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(muted)
        canvas.drawString(2 * cm, 0.9 * cm, f"{data.code} · {data.title}")
        canvas.drawRightString(A4[0] - 2 * cm, 0.9 * cm, f"Halaman {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def handout_document_ensure(data: CourseSeed) -> AbstractDocument:
    """The course's handout document, found by title; (re)written when the PDF changed."""
    pdf = handout_pdf(data)
    digest = hashlib.sha1(pdf, usedforsecurity=False).hexdigest()
    Document = get_document_model()
    document = Document.objects.filter(title=data.handout.title).order_by("pk").first()
    if document is None:
        document = Document(title=data.handout.title)
    elif document.file_hash == digest and document.file.storage.exists(document.file.name):
        return document
    return document_file_store(document=document, filename=data.handout.filename, content=pdf)
