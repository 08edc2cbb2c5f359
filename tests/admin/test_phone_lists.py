"""Admin lists on a phone (issue 13 item 7): every list keeps its title column and the few
columns its viewset names in ``phone_columns``; the others carry ``lms-col-secondary``, which
``lms/core/static/lms/css/admin.css`` hides below 50em. The browser test
(``tests/e2e/test_admin_phone_lists.py``) looks at the result."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from courses.services import assignment_create
from lms.core.viewsets import PHONE_HIDDEN, TITLE_CLASS, phone_layout
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user
from tests.factories.assessments import make_quiz
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def headings(html: str) -> dict[str, list[str]]:
    """Column heading → its classes, from the listing table."""
    table = BeautifulSoup(html, "html.parser").select_one("table.listing")
    assert table is not None, "no listing table"
    return {
        " ".join(th.get_text(" ", strip=True).split()): th.get("class") or []
        for th in table.select("thead th")
        if th.get_text(strip=True)
    }


def shown_on_phone(html: str) -> list[str]:
    return [label for label, classes in headings(html).items() if PHONE_HIDDEN not in classes]


def cells_match_headings(html: str) -> None:
    """A row's cells carry the same classes as their headings (a hidden heading hides its
    cells, so columns never shift under the wrong heading)."""
    table = BeautifulSoup(html, "html.parser").select_one("table.listing")
    header = [PHONE_HIDDEN in (th.get("class") or []) for th in table.select("thead th")]
    for row in table.select("tbody tr"):
        cells = [PHONE_HIDDEN in (td.get("class") or []) for td in row.find_all("td")]
        assert cells == header


def test_the_admin_pages_load_the_project_stylesheet(world):
    html = client_for(world["bkpsdm"]).get("/admin/pegawai/").content.decode()
    assert "lms/css/admin.css" in html


@pytest.mark.parametrize(
    ("url", "phone"),
    [
        ("/admin/pegawai/", ["Nama", "Akun"]),
        ("/admin/opd/", ["Nama", "Kode"]),
        ("/admin/jabatan/", ["Nama jabatan", "Kode"]),
    ],
)
def test_hr_lists_keep_the_title_and_one_column_on_a_phone(world, url, phone):
    html = client_for(world["bkpsdm"]).get(url).content.decode()
    shown = shown_on_phone(html)
    assert shown[: len(phone)] == phone
    # the JP column (added by lms.competencies through a hook) stays on the employee list
    assert len(shown) <= len(phone) + 1
    assert len(headings(html)) > len(shown)  # something is hidden
    title = next(iter(headings(html).values()))
    assert TITLE_CLASS in title
    cells_match_headings(html)


def test_the_employee_list_keeps_the_jp_column_from_its_hook(world):
    html = client_for(world["bkpsdm"]).get("/admin/pegawai/").content.decode()
    year = timezone.localdate().year
    assert shown_on_phone(html) == ["Nama", "Akun", f"JP {year}"]


def test_the_assignment_list_keeps_course_and_due_date(world):
    course = build_course()
    assignment_create(
        course=course,
        created_by=world["bkpsdm"],
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        opd=world["dikbud"],
    )
    html = client_for(world["bkpsdm"]).get("/admin/penugasan/").content.decode()
    assert shown_on_phone(html) == ["Kursus", "Batas waktu"]
    cells_match_headings(html)


@pytest.mark.parametrize(
    ("url", "phone"),
    [
        ("/admin/asesmen/soal/", ["Soal", "Aktif"]),
        ("/admin/asesmen/bank-soal/", ["Nama", "Soal aktif"]),
        ("/admin/snippets/assessments/quiz/", ["Judul", "Jenis"]),
    ],
)
def test_authoring_lists_keep_the_title_and_one_column_on_a_phone(db, url, phone):
    trainer = make_user(Role.PENGAJAR)
    make_quiz(created_by=trainer)
    html = client_for(trainer).get(url).content.decode()
    assert shown_on_phone(html) == phone
    cells_match_headings(html)


def test_marking_columns_twice_changes_nothing():
    """``list_display`` columns are shared by every request: marking is idempotent."""
    from wagtail.admin.ui.tables import Column, TitleColumn

    title, other, kept = TitleColumn("t"), Column("o", classname="num"), Column("k")
    for _ in range(3):
        phone_layout([title, other, kept], ("k",))
    assert (title.classname, other.classname, kept.classname) == (
        TITLE_CLASS,
        f"num {PHONE_HIDDEN}",
        None,
    )
    assert phone_layout([Column("x")], None)[0].classname is None
