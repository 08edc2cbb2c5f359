"""Issue 13, items 9 and 10 on a phone (390 × 844): the demo learner's dashboard puts her name
and the JP of the year with its breakdown first, then what to do next, then recommendations,
with the competency profile folded; the catalogue shows its first result on the first screen
(the filters folded), and searching "hoaks" finds and opens the literacy course. Screenshots
on the phone and on a 1280-pixel desktop."""

import pytest

from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LEARNER = ("198703152010012003", "Peserta-Belajar-2026")
COURSE_TITLE = "Literasi dan Keamanan Digital untuk ASN"
PHONE_HEIGHT = 844


def log_in(page, base):
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("NIP atau e-mail").fill(LEARNER[0])
    page.get_by_label("Kata sandi").fill(LEARNER[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/belajar/dasbor/")


def top(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"]


def test_dashboard_order_and_hoaks_search_on_a_phone(live_server, browser, page, axe):
    from lms.core.seeding import seed_demo
    from lms.users.models import User

    seed_demo()
    from courses.models import CoursePage, LessonPage

    learner = User.objects.get(username=LEARNER[0]).employee
    course = CoursePage.objects.get(title=COURSE_TITLE)
    required = LessonPage.objects.live().descendant_of(course).filter(is_required=True).count()
    base = live_server.url
    log_in(page, base)

    # The dashboard: name, JP and its breakdown, to-do, recommendations, then the profile.
    assert page.get_by_text(learner.full_name, exact=True).is_visible()
    order = [
        top(page, ".dash-name"),
        top(page, "#jp-title"),
        top(page, ".jp-breakdown"),
        top(page, "#assigned-title"),
        top(page, "#progress-title"),
        top(page, "#rec-title"),
        top(page, ".profile-details > summary"),
    ]
    assert order == sorted(order), order
    assert order[2] < PHONE_HEIGHT, "the JP breakdown is on the first screen"
    assert page.get_by_text("Pelatihan klasikal").is_visible()
    assert page.get_by_text("Dari kursus di platform ini").is_visible()
    profile_rows = page.locator(".profile-details tbody tr")
    assert profile_rows.count() == 19 and not profile_rows.first.is_visible()  # folded
    save_screenshot(page, "dashboard-phone")
    assert not axe(), "accessibility violations on the dashboard"
    page.locator(".profile-details > summary").click()
    assert profile_rows.first.is_visible()
    save_screenshot(page, "dashboard-phone-profile-open")

    # The catalogue: the filters are folded, the first course starts on the first screen.
    page.get_by_role("link", name="Katalog kursus").first.click()
    assert not page.get_by_label("Kategori").is_visible()
    assert top(page, ".course-card") < PHONE_HEIGHT - 100
    save_screenshot(page, "catalogue-phone")
    assert not axe(), "accessibility violations on the catalogue"
    page.get_by_text("Saring kursus").click()
    assert page.get_by_label("Kategori").is_visible()
    save_screenshot(page, "catalogue-phone-filters-open")

    search = page.get_by_role("searchbox", name="Cari kursus")
    search.fill("hoaks")
    search.press("Enter")
    page.wait_for_url("**/?q=hoaks*")
    assert page.get_by_role("status").inner_text().startswith("1 kursus cocok dengan “hoaks”")
    result = page.locator(".course-card h2 a")
    assert result.all_inner_texts() == [COURSE_TITLE]
    assert top(page, ".course-card") < PHONE_HEIGHT - 100
    save_screenshot(page, "catalogue-phone-hoaks")
    assert not axe(), "accessibility violations on the search results"
    result.click()
    assert page.get_by_role("heading", level=1).inner_text() == COURSE_TITLE

    # Enrolled, the course is on the dashboard to resume, with its real number of lessons.
    page.get_by_role("button", name="Daftar dan mulai belajar").click()
    page.get_by_role("link", name="Dasbor").click()
    resume = page.locator(".resume-list .card")
    assert resume.get_by_text(f"0 dari {required} pelajaran wajib selesai").is_visible()
    assert top(page, ".resume-list .card") < top(page, "#rec-title")
    save_screenshot(page, "dashboard-phone-resume")

    # A prefix finds it too.
    page.get_by_role("link", name="Katalog kursus").first.click()
    search = page.get_by_role("searchbox", name="Cari kursus")
    search.fill("keaman")
    search.press("Enter")
    page.wait_for_url("**/?q=keaman*")
    assert COURSE_TITLE in page.locator(".course-card h2 a").all_inner_texts()

    # Desktop: the filters stand open beside the search, the dashboard in two columns.
    desktop = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    wide = desktop.new_page()
    try:
        log_in(wide, base)
        assert wide.locator(".jp-card").bounding_box()["y"] == pytest.approx(
            wide.locator(".dash-todo").bounding_box()["y"], abs=2
        )
        save_screenshot(wide, "dashboard-desktop")
        wide.get_by_role("link", name="Katalog kursus").first.click()
        assert wide.get_by_label("Kategori").is_visible()
        assert not wide.get_by_text("Saring kursus").is_visible()
        save_screenshot(wide, "catalogue-desktop")
        wide.goto(f"{base}{wide.url.split(base)[1].split('?')[0]}?q=hoaks")
        save_screenshot(wide, "catalogue-desktop-hoaks")
    finally:
        desktop.close()
