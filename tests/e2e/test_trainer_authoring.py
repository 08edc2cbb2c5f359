"""A Pengajar builds a course with a module and a lesson in the Wagtail admin and submits it
for moderation; it stays unpublished until BKPSDM approves."""

import re

import pytest

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TRAINER = ("198106212006041002", "Pengajar-Kursus-2026")


@pytest.fixture
def desk(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def add_child(page, base, parent_id, model):
    page.goto(f"{base}/admin/pages/add/courses/{model}/{parent_id}/")


def title_and_slug(page, title: str, slug: str) -> None:
    page.locator("#id_title").fill(title)
    page.get_by_role("tab", name="Promosikan").click()
    page.locator("#id_slug").fill(slug)
    page.get_by_role("tab", name="Konten").click()


def save_draft(page):
    page.get_by_role("button", name=re.compile("Simpan konsep")).first.click()
    page.wait_for_load_state("networkidle")


def test_trainer_creates_a_course_with_a_lesson_and_submits_it(live_server, desk):
    from lms.core.seeding import seed_demo

    seed_demo()
    base = live_server.url
    page = desk
    page.goto(f"{base}/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(TRAINER[0])
    page.get_by_label("Kata sandi").fill(TRAINER[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/admin/")

    catalogue = CourseIndexPage.objects.get()
    add_child(page, base, catalogue.pk, "coursepage")
    title_and_slug(page, "Tata Kelola Data untuk OPD", "tata-kelola-data")
    page.locator("#id_code").fill("DATA-201")
    page.locator("#id_jp").fill("3")
    page.locator("#id_category").select_option("spbe")
    page.locator("#id_summary").fill("Mengelola data OPD sesuai prinsip Satu Data Indonesia.")
    from lms.competencies.models import Competency

    sp03 = Competency.objects.get(code="SP.03")
    page.locator("#id_competency_targets-0-competency").select_option(str(sp03.pk))
    page.locator("#id_competency_targets-0-target_level").select_option("2")
    save_screenshot(page, "trainer-course-form")
    save_draft(page)
    course = CoursePage.objects.get(code="DATA-201")
    assert not course.live

    add_child(page, base, course.pk, "modulepage")
    title_and_slug(page, "Prinsip Satu Data Indonesia", "prinsip-sdi")
    save_draft(page)
    module = ModulePage.objects.get(title="Prinsip Satu Data Indonesia")

    add_child(page, base, module.pk, "lessonpage")
    title_and_slug(page, "Standar data dan metadata", "standar-data")
    page.get_by_role(
        "button", name=re.compile("Sisipkan|Insert a block|Tambah(?!kan komentar)")
    ).first.click()
    page.get_by_role("option", name=re.compile("^Teks")).first.click()
    editor = page.locator("[contenteditable='true']").first
    editor.click()
    editor.type("Satu Data Indonesia mewajibkan standar data, metadata, dan kode referensi.")
    page.locator("#id_estimated_minutes").click()  # blur: Draftail writes its state on blur
    page.wait_for_timeout(500)
    save_screenshot(page, "trainer-lesson-form")
    save_draft(page)
    lesson = LessonPage.objects.get(title="Standar data dan metadata")
    assert "standar data" in str(lesson.get_latest_revision_as_object().body).lower()

    page.goto(f"{base}/admin/pages/{course.pk}/edit/")
    more = re.compile("Opsi tindakan lainnya|Tindakan lain|More actions")
    page.get_by_role("button", name=more).first.click()
    page.get_by_role("button", name=re.compile("Pengajuan ke Moderasi kursus")).click()
    page.wait_for_load_state("networkidle")
    save_screenshot(page, "trainer-submitted")
    course.refresh_from_db()
    assert course.current_workflow_state.status == "in_progress"
    assert not course.live
