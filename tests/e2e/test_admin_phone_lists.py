"""Admin lists on a phone (issue 13 item 7): the trainer's question and bank lists and HR's
employee, OPD, position and assignment lists fit 390 px without sideways scrolling, with a
title column wide enough to read (never a letter per line); the assignment form's OPD and
position dropdowns stay inside the screen on a desktop. Screenshots under
tests/e2e/artifacts/admin-phone-*.png."""

import datetime

import pytest

from tests.admin.conftest import BKPSDM_PERMISSIONS, grant
from tests.e2e.conftest import save_screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TRAINER = ("198106212006041002", "Pengajar-Kursus-2026")
BKPSDM = ("197805302003121004", "BKPSDM-Kompetensi-2026")
PHONE = {"width": 390, "height": 844}


def log_in(page, base: str, login: tuple[str, str]) -> None:
    page.goto(f"{base}/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(login[0])
    page.get_by_label("Kata sandi").fill(login[1])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/admin/")


def layout(page) -> dict:
    return page.evaluate(
        """() => {
            const table = document.querySelector('table.listing');
            const title = table.querySelector('tbody td.title');
            const visible = [...table.querySelectorAll('thead th')]
                .filter(th => getComputedStyle(th).display !== 'none')
                .map(th => th.textContent.trim().replace(/\\s+/g, ' '));
            const line = parseFloat(getComputedStyle(title).lineHeight) || 20;
            const link = title.querySelector('a') || title;
            return {
                page: document.documentElement.scrollWidth,
                table: Math.round(table.getBoundingClientRect().right),
                title: Math.round(title.getBoundingClientRect().width),
                lines: Math.round(link.getBoundingClientRect().height / line),
                words: link.textContent.trim().split(/\\s+/).length,
                visible,
            };
        }"""
    )


def check_list(page, base: str, url: str, name: str, kept: list[str]) -> dict:
    page.goto(f"{base}{url}")
    page.wait_for_load_state("networkidle")
    figures = layout(page)
    save_screenshot(page, f"admin-phone-{name}")
    assert figures["page"] <= PHONE["width"], (name, figures)
    assert figures["table"] <= PHONE["width"], (name, figures)
    assert figures["title"] >= 150, (name, figures)
    assert figures["lines"] <= max(figures["words"], 1), (name, figures)  # words, not letters
    assert [label for label in figures["visible"] if label] == kept, (name, figures)
    return figures


def test_trainer_lists_fit_a_phone(live_server, browser):
    from lms.core.seeding import seed_demo

    seed_demo()
    base = live_server.url
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base, TRAINER)
    check_list(page, base, "/admin/asesmen/soal/", "questions", ["Soal", "Aktif"])
    check_list(page, base, "/admin/asesmen/bank-soal/", "banks", ["Nama", "Soal aktif"])
    check_list(page, base, "/admin/snippets/assessments/quiz/", "quizzes", ["Judul", "Jenis"])
    context.close()


def test_hr_lists_fit_a_phone_and_the_assignment_form_fits_a_desktop(live_server, browser):
    from django.utils import timezone

    from courses.models import CoursePage
    from courses.services import assignment_create
    from lms.core.seeding import seed_demo
    from lms.people.models import OPD
    from lms.users.models import User
    from lms.users.roles import Role

    seed_demo()
    grant(Role.BKPSDM, BKPSDM_PERMISSIONS)
    assignment_create(
        course=CoursePage.objects.live().order_by("title").first(),
        created_by=User.objects.get(username=BKPSDM[0]),
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        opd=OPD.objects.filter(parent__isnull=True).order_by("code").first(),
    )
    base = live_server.url
    year = timezone.localdate().year
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, base, BKPSDM)
    check_list(page, base, "/admin/pegawai/", "employees", ["Nama", "Akun", f"JP {year}"])
    check_list(page, base, "/admin/opd/", "opds", ["Nama", "Kode"])
    check_list(page, base, "/admin/jabatan/", "positions", ["Nama jabatan", "Kode"])
    check_list(page, base, "/admin/penugasan/", "assignments", ["Kursus", "Batas waktu"])

    for size, viewport in (("phone", PHONE), ("desktop", {"width": 1280, "height": 900})):
        page.set_viewport_size(viewport)
        page.goto(f"{base}/admin/penugasan/new/")
        page.wait_for_load_state("networkidle")
        edges = page.evaluate(
            """() => ['#id_opd', '#id_position'].map(
                id => Math.round(document.querySelector(id).getBoundingClientRect().right))"""
        )
        save_screenshot(page, f"admin-{size}-assignment-form")
        assert max(edges) <= viewport["width"], (size, edges)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    context.close()
