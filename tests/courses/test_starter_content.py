"""The starter courses that ``seed_demo`` loads (courses/starter_content.py, courses/demo.py)."""

import dataclasses
import io
import re
from decimal import Decimal

import pytest
from django.utils.html import strip_tags
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from courses import demo as courses_demo
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from courses.services import enrollment_create
from courses.starter_content import (
    CALLOUT_KINDS,
    STARTER_COURSES,
    lesson_blocks,
    markup_to_html,
)
from lms.competencies.catalogue import COMPETENCY_CODES
from lms.core.seeding import seed_demo
from lms.people.models import JenisJabatan
from lms.users.models import User

# The demo is seeded once for the module (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("_demo_committed")

DEMO_LEARNER = "198703152010012003"

EXPECTED = {
    "SPBE-101": {
        "title": "Dasar-dasar SPBE",
        "category": "spbe",
        "pillar": "",
        "targets": [("SP.01", 2), ("SP.02", 1), ("SP.07", 2)],
    },
    "LD-101": {
        "title": "Literasi dan Keamanan Digital untuk ASN",
        "category": "literasi_digital",
        "pillar": "safety",
        "targets": [("LD.07", 2), ("LD.08", 2), ("LD.02", 2), ("LD.05", 2)],
    },
}


def words(html: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html).split())


def block_html(blocks) -> str:
    return " ".join(
        value if kind == "text" else f"{value['title']} {value['text']}" for kind, value in blocks
    )


# ------------------------------------------------------------------ markup: hostile input first


def test_markup_escapes_html_so_content_cannot_inject_markup():
    html = markup_to_html('<script>alert(1)</script> & <a href="x">klik</a> **tebal**')
    assert "<script>" not in html and "<a " not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<b>tebal</b>" in html


@pytest.mark.parametrize(
    "markup",
    ["> tanpa jenis\n> isi", "> [bahaya] Judul\n> isi", "> [TIP] Judul\n> isi"],
)
def test_callout_without_a_known_kind_is_refused(markup):
    with pytest.raises(ValueError, match="Callout"):
        lesson_blocks(markup)


def test_markup_makes_headings_lists_and_callouts_in_order():
    blocks = lesson_blocks(
        """
        Pembuka
        dua baris.

        ## Judul

        - satu
          lanjutan
        - dua
        1. pertama

        > [rule] Dasar hukum
        > Perpres 95/2018.
        >
        > - butir

        Penutup.
        """
    )
    assert [kind for kind, _value in blocks] == ["text", "callout", "text"]
    assert blocks[0][1] == (
        "<p>Pembuka dua baris.</p><h2>Judul</h2>"
        "<ul><li>satu lanjutan</li><li>dua</li></ul><ol><li>pertama</li></ol>"
    )
    assert blocks[1][1] == {
        "kind": "rule",
        "title": "Dasar hukum",
        "text": "<p>Perpres 95/2018.</p><ul><li>butir</li></ul>",
    }
    assert blocks[2][1] == "<p>Penutup.</p>"


# ------------------------------------------------------------------ the data itself (no database)


def test_starter_data_is_complete_and_consistent():
    assert {course.code for course in STARTER_COURSES} == set(EXPECTED)
    for course in STARTER_COURSES:
        assert len(course.modules) >= 3, course.code
        assert len(course.lessons) >= 6, course.code
        assert all(len(module.lessons) >= 2 for module in course.modules), course.code
        # JP is the designed duration in 45-minute units, and the lessons add up to it.
        assert Decimal(course.jp) * 45 == course.minutes
        assert sum(lesson.minutes for lesson in course.lessons) == course.minutes
        assert len(course.summary) <= 600
        assert {code for code, _level in course.competency_targets} <= set(COMPETENCY_CODES)
        assert set(course.audiences) == set(JenisJabatan.values)
        slugs = [lesson.slug for lesson in course.lessons]
        assert len(slugs) == len(set(slugs))
        for lesson in course.lessons:
            blocks = lesson.blocks
            count = words(block_html(blocks))
            assert 300 <= count <= 600, (lesson.slug, count)
            callouts = [value for kind, value in blocks if kind == "callout"]
            assert 1 <= len(callouts) <= 3, lesson.slug
            assert all(c["kind"] in CALLOUT_KINDS and c["title"] and c["text"] for c in callouts)
            assert "TODO" not in lesson.body and "**" not in block_html(blocks)


def test_handout_text_fits_the_pdf_standard_fonts():
    # Helvetica in the PDF covers cp1252; anything outside it would print as a blank box.
    for course in STARTER_COURSES:
        handout = course.handout
        texts = [handout.title, handout.note, course.title]
        texts += [title for title, _points in handout.sections]
        texts += [point for _title, points in handout.sections for point in points]
        for text in texts:
            text.encode("cp1252")


def test_handout_pdf_is_deterministic_and_valid():
    course = STARTER_COURSES[0]
    first, second = courses_demo.handout_pdf(course), courses_demo.handout_pdf(course)
    assert first == second
    assert first.startswith(b"%PDF") and first.rstrip().endswith(b"%%EOF")
    assert first.count(b"/Type /Page\n") + first.count(b"/Type /Page ") <= 2


# ------------------------------------------------------------------ seeded pages


def _course(code: str) -> CoursePage:
    return CoursePage.objects.get(code=code)


def _lessons(course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def test_seed_builds_both_courses_live_under_the_catalogue(demo):
    catalogue = CourseIndexPage.objects.get()
    assert demo.home.specific.catalogue_page_id == catalogue.pk
    for code, expected in EXPECTED.items():
        course = _course(code)
        assert course.live and course.get_parent().pk == catalogue.pk
        assert course.title == expected["title"]
        assert (course.category, course.pillar) == (expected["category"], expected["pillar"])
        assert course.jp == Decimal("4") and course.estimated_minutes == 180
        targets = [
            (target.competency.code, target.target_level)
            for target in course.competency_targets.order_by("sort_order")
        ]
        assert targets == expected["targets"]
        audiences = set(course.audiences.values_list("jenis_jabatan", flat=True))
        assert audiences == set(JenisJabatan.values)

        modules = ModulePage.objects.child_of(course).live()
        assert modules.count() >= 3
        lessons = _lessons(course)
        assert len(lessons) >= 6
        for lesson in lessons:
            assert lesson.live and lesson.is_required
            assert isinstance(lesson.get_parent().specific, ModulePage)
            rendered = lesson.body.render_as_block()
            assert words(rendered) >= 250, lesson.slug
            assert "callout" in rendered


def test_each_course_has_a_pdf_handout_in_its_last_lesson(demo):
    Document = get_document_model()
    for course_data in STARTER_COURSES:
        document = Document.objects.get(title=course_data.handout.title)
        with document.open_file() as handle:
            content = handle.read()
        assert content.startswith(b"%PDF")
        assert document.file_size == len(content) and document.file_extension == "pdf"
        lessons = _lessons(_course(course_data.code))
        handouts = [
            (lesson, block.value["document"])
            for lesson in lessons
            for block in lesson.body
            if block.block_type == "handout"
        ]
        assert [(lesson.pk, doc.pk) for lesson, doc in handouts] == [(lessons[-1].pk, document.pk)]


def test_second_seed_changes_nothing(demo):
    Document = get_document_model()
    ids = [
        str(pk)
        for pk in Page.objects.type(CoursePage, ModulePage, LessonPage).values_list("pk", flat=True)
    ]
    before = (
        Page.objects.count(),
        Document.objects.count(),
        Revision.objects.filter(object_id__in=ids).count(),
    )
    seed_demo()
    after = (
        Page.objects.count(),
        Document.objects.count(),
        Revision.objects.filter(object_id__in=ids).count(),
    )
    assert after == before


def _tiny_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    from django.core.files.images import ImageFile

    return get_image_model().objects.create(title="Bagan", file=ImageFile(buffer, name="bagan.png"))


def test_seed_restores_edited_lessons_and_keeps_blocks_it_does_not_own(demo):
    lesson = _lessons(_course("SPBE-101"))[0]
    image = _tiny_image()
    image_block = {"type": "image", "value": {"image": image.pk, "alt": "Bagan", "caption": ""}}
    lesson.title = "Judul yang diubah"
    lesson.body = [{"type": "text", "value": "<p>Isi lama.</p>"}, image_block]
    lesson.save_revision().publish()

    seed_demo()

    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.title == STARTER_COURSES[0].lessons[0].title
    types = [block.block_type for block in lesson.body]
    # The editor's image is kept; the seed then puts the pre-test back after it.
    assert types[-2:] == ["image", "quiz"] and lesson.body[-2].value["image"].pk == image.pk
    assert "Isi lama" not in str([b for b in lesson.body.raw_data if b["type"] == "text"])
    seeded = [{"type": b["type"], "value": b["value"]} for b in lesson.body.raw_data][:-2]
    assert seeded == courses_demo.lesson_stream(STARTER_COURSES[0].lessons[0])


def test_seed_applies_changed_course_data(demo, monkeypatch):
    spbe = STARTER_COURSES[0]
    changed = dataclasses.replace(
        spbe,
        summary="Ringkasan baru.",
        competency_targets=(("SP.01", 2), ("SP.02", 2), ("SP.07", 2)),
    )
    monkeypatch.setattr(courses_demo, "STARTER_COURSES", (changed, *STARTER_COURSES[1:]))
    pages_before = Page.objects.count()

    seed_demo()

    course = _course("SPBE-101")
    assert course.summary == "Ringkasan baru."
    targets = [
        (target.competency.code, target.target_level)
        for target in course.competency_targets.order_by("sort_order")
    ]
    assert targets == [("SP.01", 2), ("SP.02", 2), ("SP.07", 2)]
    assert Page.objects.count() == pages_before


def test_missing_handout_file_is_written_again(demo):
    document = get_document_model().objects.get(title=STARTER_COURSES[1].handout.title)
    document.file.storage.delete(document.file.name)

    seed_demo()

    document.refresh_from_db()
    assert document.file.storage.exists(document.file.name)
    with document.open_file() as handle:
        assert handle.read(4) == b"%PDF"


def test_every_lesson_renders_for_an_enrolled_learner(demo, client):
    learner = User.objects.get(username=DEMO_LEARNER)
    client.force_login(learner)
    for course_data in STARTER_COURSES:
        course = _course(course_data.code)
        enrollment_create(user=learner, course=course)
        lessons = _lessons(course)
        for lesson, lesson_data in zip(lessons, course_data.lessons, strict=True):
            response = client.get(lesson.url)
            assert response.status_code == 200, lesson.url
            html = response.content.decode()
            assert lesson_data.title in html
            assert html.count('class="callout callout-') >= 1
            # The first sentence of the lesson reaches the learner intact.
            first = re.sub(r"\s+", " ", strip_tags(lesson_data.blocks[0][1])).split(".")[0]
            assert first[:60] in re.sub(r"\s+", " ", html)
        handout = get_document_model().objects.get(title=course_data.handout.title)
        assert handout.url in client.get(lessons[-1].url).content.decode()
