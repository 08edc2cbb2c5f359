"""The Content-Security-Policy in real Chromium (docs/security.md "Headers and configuration"):
a signed-in learner goes through every kind of learner page (home, catalogue, course, lesson,
quiz attempt, an H5P lesson with the sandboxed player started, dashboard, certificates,
certificate verification) and an administrator through the main Wagtail admin screens (home,
a lesson's page editor with its StreamField, the image chooser, an image's focal point editor,
a snippet with its live preview, the HR dashboard); the browser reports no CSP violation
anywhere, and no malformed Permissions-Policy either. Screenshots under tests/e2e/artifacts/."""

import re

import pytest

from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LEARNER = ("198703152010012003", "Peserta-Belajar-2026")
SUPERUSER = ("admin@contoh.go.id", "Superuser-LMS-2026")
QUIZ_COURSE = "Literasi dan Keamanan Digital untuk ASN"  # LD-101: pre-test in its first lesson
H5P_COURSE_CODE = "SPBE-101"  # the demo H5P activity (courses/demo.py)

# Reports the page's securitypolicyviolation events (every frame, the sandboxed one too) to the
# test; Chromium also logs each one to the console, which is watched as well.
REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.lmsCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || event.documentURI}:${event.lineNumber} (${event.sample || ""})`
  );
});
"""
CONSOLE = re.compile(r"Content[ -]Security[ -]Policy|Permissions-Policy|Refused to", re.I)


class Watcher:
    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.context.expose_binding(
            "lmsCspViolation", lambda source, text: self.problems.append(f"{page.url}: {text}")
        )
        page.context.add_init_script(REPORTER)
        page.on("console", self._console)

    def _console(self, message):
        if CONSOLE.search(message.text):
            self.problems.append(f"{self.page.url}: console {message.type}: {message.text}")

    def visit(self, url: str, *, settle: str = "networkidle"):
        self.page.goto(url)
        self.page.wait_for_load_state(settle)
        return self.page

    def take(self) -> list[str]:
        problems, self.problems = list(dict.fromkeys(self.problems)), []
        return problems


def log_in(page, base, identifier, password):
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill(identifier)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")


def test_learner_pages_break_no_content_security_policy(live_server, page):
    from certificates.models import Certificate
    from courses.models import CoursePage, LessonPage
    from lms.core.seeding import seed_demo
    from lms.users.models import User

    seed_demo()
    base = live_server.url
    watch = Watcher(page)
    log_in(page, base, *LEARNER)
    learner = User.objects.get(username=LEARNER[0])
    assert page.url == f"{base}/belajar/dasbor/"
    save_screenshot(page, "csp-dashboard")

    watch.visit(f"{base}/")
    watch.visit(f"{base}/belajar/dasbor/")
    assert page.locator("progress.progress").count() >= 1  # the bars, drawn without style=""
    watch.visit(f"{base}/sertifikat/")
    watch.visit(f"{base}/pemberitahuan/")
    certificate = Certificate.objects.filter(enrollment__user=learner).first()
    assert certificate is not None, "the demo learner holds a certificate (SPBE-101)"
    watch.visit(f"{base}/sertifikat/verifikasi/{certificate.code}/")
    assert not watch.take()

    # Catalogue, a course, enrol, its first lesson, the pre-test it holds: an attempt (quiz.js).
    course = CoursePage.objects.get(title=QUIZ_COURSE)
    watch.visit(base + course.get_parent().url)
    watch.visit(base + course.url)
    page.get_by_role("button", name="Daftar dan mulai belajar").click()
    page.wait_for_load_state("networkidle")
    save_screenshot(page, "csp-course")
    page.get_by_role("link", name="Lanjutkan belajar").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Kerjakan tes awal").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("form button[type=submit]").filter(
        has_text=re.compile("Mulai|Lanjutkan")
    ).first.click()
    page.wait_for_url(re.compile(r"/kuis/percobaan/\d+/$"))
    page.wait_for_load_state("networkidle")
    page.locator("main input[type=radio], main input[type=checkbox]").first.check()
    page.wait_for_timeout(1500)  # the autosave (fetch with the CSRF token) goes out
    save_screenshot(page, "csp-quiz-attempt")
    assert not watch.take()

    # The H5P lesson: the player starts in its sandboxed frame on the content origin.
    h5p_course = CoursePage.objects.get(code=H5P_COURSE_CODE)
    h5p_lesson = next(
        lesson
        for lesson in LessonPage.objects.live().descendant_of(h5p_course).order_by("path")
        if any(block.block_type == "h5p" for block in lesson.body)
    )
    watch.visit(base + h5p_lesson.url)
    page.get_by_role("button", name="Mulai latihan interaktif").click()
    frame = page.frame_locator("section.h5p-card iframe")
    frame.get_by_role("radio", name="Benar").check(timeout=20_000)
    # The xAPI statement's POST is answered (not "networkidle": the player's frame may keep
    # loading on a slow machine, which says nothing about the policy).
    with page.expect_response(lambda r: "/xapi/" in r.url, timeout=20_000):
        frame.get_by_role("button", name="Periksa").click()
    save_screenshot(page, "csp-h5p-lesson")
    assert not watch.take()


def test_admin_pages_break_no_content_security_policy(live_server, page):
    from wagtail.images.models import Image

    from certificates.models import CertificateTemplate
    from courses.models import LessonPage
    from lms.core.seeding import seed_demo

    seed_demo()
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    watch = Watcher(page)
    log_in(page, base, *SUPERUSER)

    watch.visit(f"{base}/admin/")
    save_screenshot(page, "csp-admin-home")
    assert not watch.take()

    lesson = LessonPage.objects.live().first()
    watch.visit(f"{base}/admin/pages/{lesson.pk}/edit/")
    page.locator("[data-streamfield-stream-container], .w-form-width").first.wait_for()
    save_screenshot(page, "csp-admin-page-editor")
    assert not watch.take()

    # The image chooser modal, opened from the lesson's StreamField (an image block's button, or
    # the rich text toolbar's image entity).
    chooser = page.locator("button[data-chooser-action-choose]").filter(visible=True)
    if chooser.count():
        chooser.first.click()
    else:
        page.goto(f"{base}/admin/images/chooser/")
    page.wait_for_load_state("networkidle")
    save_screenshot(page, "csp-admin-image-chooser")
    assert not watch.take()

    image = Image.objects.first()
    if image is not None:
        watch.visit(f"{base}/admin/images/{image.pk}/")  # the focal point editor
        assert not watch.take()

    template = CertificateTemplate.objects.first()
    assert template is not None, "seed_demo creates a certificate template"
    edit = template.snippet_viewset.get_url_name("edit")
    from django.urls import reverse

    watch.visit(base + reverse(edit, args=[template.pk]))
    page.locator('[data-side-panel-toggle="certificate-preview"]').click()
    # The live preview: a PNG shown through a blob: URL.
    page.wait_for_selector('[data-lms-cert-preview][data-state="ready"]', timeout=20_000)
    save_screenshot(page, "csp-admin-snippet")
    assert not watch.take()

    watch.visit(f"{base}/admin/laporan/")
    save_screenshot(page, "csp-admin-reports")
    assert not watch.take()

    # The site as staff see it: the same pages, with Wagtail's user bar.
    watch.visit(base + lesson.url)
    assert page.locator("wagtail-userbar, [data-wagtail-userbar]").count()
    save_screenshot(page, "csp-staff-lesson")
    assert not watch.take()
