"""The H5P admin (issue 14): "Aktivitas H5P" (a snippet: list, inspect, title form, the lesson
block's chooser) and "Pustaka H5P" (read-only, with "Nonaktifkan"/"Aktifkan").

Scope (docs/security.md): superusers and BKPSDM see every package; a Pengajar the packages they
uploaded and those placed in the lessons of the courses they may edit; anything else is a 404
and absent from the list and the chooser, which offers only ready packages whose libraries are
all enabled. Every role has the permissions of the migrations (``0009_h5p_group_permissions``);
nothing is granted here. Packages are ORM rows (``tests.factories.h5p_rows``): the upload
pipeline has its own tests.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from assessments.h5p.models import H5PLibrary, H5PPackage, H5PPackageStatus
from assessments.h5p.selectors_scope import h5p_packages_placeable_by, h5p_packages_visible_to
from courses.models import LessonPage
from courses.selectors import course_lessons
from courses.services import course_trainers_set
from lms.users.models import User
from lms.users.roles import Role
from tests.admin.conftest import client_for, make_user
from tests.courses.test_trainer_scope import lesson_post
from tests.factories.courses import build_course
from tests.factories.h5p_rows import make_library, make_package, make_result
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

PACKAGES = "/admin/snippets/assessments/h5ppackage/"
CHOOSER = "/admin/snippets/choose/assessments/h5ppackage/"
LIBRARIES = "/admin/asesmen/pustaka-h5p/"
UPLOAD = "/admin/impor/?jenis=h5p"
REFUSED = {302, 403, 404}


def html(response) -> str:
    return response.content.decode()


def refused(response) -> bool:
    """403/404, or a redirect to a login page or to the admin home (Wagtail's "permission
    denied")."""
    if response.status_code in {403, 404}:
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and (
        "/login/" in location or "/akun/masuk/" in location or location.rstrip("/") == "/admin"
    )


@pytest.fixture
def world():
    x, y = make_user(Role.PENGAJAR), make_user(Role.PENGAJAR)
    library = make_library("H5P.TrueFalse", 1, 8, installed_by=None)
    helper = make_library("H5P.Question", 1, 5, runnable=False)
    return {
        "x": x,
        "y": y,
        "learner": make_user(Role.PESERTA),
        "admin_opd": make_user(Role.ADMIN_OPD),
        "bkpsdm": make_user(Role.BKPSDM),
        "root": UserFactory(is_superuser=True),
        "library": library,
        "helper": helper,
        "X": make_package("Benar salah SPBE milik X", uploaded_by=x, libraries=(helper,)),
        "Y": make_package("Benar salah literasi milik Y", uploaded_by=y),
        "pending": make_package("Paket X menunggu", uploaded_by=x, status=H5PPackageStatus.PENDING),
        "rejected": make_package(
            "Paket X ditolak",
            uploaded_by=x,
            status=H5PPackageStatus.REJECTED,
            problems=[
                {
                    "code": "dangerous_extension",
                    "message": "Berkas berekstensi .php tidak boleh ada di paket.",
                    "entry": "content/<script>alert(1)</script>.php",
                },
                {
                    "code": "zip_slip",
                    "message": "Jalur berkas keluar dari folder paket.",
                    "entry": "../../etc/passwd",
                },
            ],
        ),  # fmt: skip
    }


def urls(package: H5PPackage) -> dict[str, str]:
    return {
        "inspect": f"{PACKAGES}inspect/{package.pk}/",
        "edit": f"{PACKAGES}edit/{package.pk}/",
        "delete": f"{PACKAGES}delete/{package.pk}/",
        "history": f"{PACKAGES}history/{package.pk}/",
        "usage": f"{PACKAGES}usage/{package.pk}/",
        "chosen": f"{CHOOSER}chosen/{package.pk}/",
    }


# --- Who reaches the list, the inspect page, the form, the chooser and the libraries ----------


def test_anonymous_learner_and_admin_opd_reach_no_h5p_screen(world):
    clients = {
        "anonymous": Client(),
        "learner": client_for(world["learner"]),
        "admin_opd": client_for(world["admin_opd"]),
    }
    package, library = world["X"], world["library"]
    screens = [
        PACKAGES,
        f"{PACKAGES}add/",
        *urls(package).values(),
        CHOOSER,
        f"{CHOOSER}results/",
        LIBRARIES,
        f"{LIBRARIES}inspect/{library.pk}/",
    ]
    for role, client in clients.items():
        for url in screens:
            assert refused(client.get(url)), (role, url)
        response = client.post(f"{LIBRARIES}nonaktifkan/{library.pk}/")
        assert refused(response), role
    library.refresh_from_db()
    assert library.enabled


def test_a_trainer_lists_only_their_packages_with_the_columns_and_status_badges(world):
    response = client_for(world["x"]).get(PACKAGES)
    assert response.status_code == 200
    listed = {package.pk for package in response.context["object_list"]}
    assert listed == {world["X"].pk, world["pending"].pk, world["rejected"].pk}
    page = html(response)
    assert world["Y"].title not in page
    for text in ("Jenis konten", "Status", "Diunggah oleh", "Tanggal", "H5P.TrueFalse"):
        assert text in page
    for status in ("Siap dipakai", "Menunggu dipasang", "Ditolak"):
        assert status in page
    assert world["x"].get_full_name() in page
    assert f'href="{urls(world["X"])["inspect"]}"' in page  # the title opens the inspect page


def test_the_list_filters_by_status_and_searches_titles(world):
    client = client_for(world["x"])
    ready = client.get(f"{PACKAGES}?status=ready").context["object_list"]
    assert [package.pk for package in ready] == [world["X"].pk]
    rejected = client.get(f"{PACKAGES}?status=rejected").context["object_list"]
    assert [package.pk for package in rejected] == [world["rejected"].pk]
    found = client.get(f"{PACKAGES}?q=menunggu").context["object_list"]
    assert [package.pk for package in found] == [world["pending"].pk]
    # A search never reaches another trainer's package.
    assert not list(client.get(f"{PACKAGES}?q=literasi").context["object_list"])


def test_bkpsdm_and_superusers_list_and_open_every_package(world):
    for role in ("bkpsdm", "root"):
        client = client_for(world[role])
        listed = {package.pk for package in client.get(PACKAGES).context["object_list"]}
        assert {world["X"].pk, world["Y"].pk, world["rejected"].pk} <= listed, role
        for side in ("X", "Y"):
            assert client.get(urls(world[side])["inspect"]).status_code == 200, (role, side)
            assert client.get(urls(world[side])["edit"]).status_code == 200, (role, side)


def test_the_asesmen_menu_holds_the_h5p_items_and_a_trainer_gets_no_kepegawaian_menu(world):
    trainer = html(client_for(world["x"]).get("/admin/"))
    assert "Aktivitas H5P" in trainer and "Pustaka H5P" in trainer
    assert "Kepegawaian" not in trainer  # the h5p import kind is not an HR kind
    assert "Kepegawaian" in html(client_for(world["bkpsdm"]).get("/admin/"))


def test_tambah_leads_to_the_import_upload_page_of_the_h5p_kind(world):
    client = client_for(world["x"])
    assert f'href="{UPLOAD}"' in html(client.get(PACKAGES))
    response = client.get(f"{PACKAGES}add/")
    assert response.status_code == 302 and response["Location"] == UPLOAD
    response = client.post(f"{PACKAGES}add/", {"title": "Tanpa berkas"})
    assert response.status_code == 302 and response["Location"] == UPLOAD
    assert not H5PPackage.objects.filter(title="Tanpa berkas").exists()


def test_another_trainer_gets_404_on_every_view_of_a_package_not_theirs(world):
    client = client_for(world["y"])
    for name, url in urls(world["X"]).items():
        assert client.get(url).status_code == 404, name
    response = client.post(urls(world["X"])["edit"], {"title": "Diambil alih"})
    assert response.status_code == 404
    world["X"].refresh_from_db()
    assert world["X"].title == "Benar salah SPBE milik X"


def test_the_owner_opens_inspects_and_renames_their_package(world):
    client = client_for(world["x"])
    package = world["X"]
    assert client.get(urls(package)["inspect"]).status_code == 200
    assert client.get(urls(package)["history"]).status_code == 200
    form = client.get(urls(package)["edit"])
    assert form.status_code == 200
    assert list(form.context["form"].fields) == ["title"]
    response = client.post(urls(package)["edit"], {"title": "Latihan SPBE (baru)"})
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.title == "Latihan SPBE (baru)"
    assert package.status == H5PPackageStatus.READY  # nothing else changed
    edits = ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(package.pk))
    assert edits.count() == 1  # logged once, by the edit action
    assert client.post(urls(package)["edit"], {"title": ""}).status_code == 200  # required


def test_nobody_but_a_superuser_deletes_a_package(world):
    for role in ("x", "bkpsdm"):
        client = client_for(world[role])
        assert refused(client.get(urls(world["X"])["delete"])), role
        assert refused(client.post(urls(world["X"])["delete"])), role
    assert H5PPackage.objects.filter(pk=world["X"].pk).exists()


# --- Placement in a course's lesson brings a package into the course's trainers' scope ---------


def place(package: H5PPackage, course) -> None:
    """An "h5p" block holding ``package`` in the first lesson of ``course`` (published)."""
    (lesson,) = course_lessons(course)
    lesson.body.append(("h5p", {"package": package}))
    lesson.save_revision().publish()


def test_a_package_placed_in_a_trainers_course_is_in_their_scope_only(world):
    seeded = make_package("Aktivitas contoh BKPSDM", uploaded_by=world["bkpsdm"])
    course = build_course(modules=1, lessons=1, title="Kursus X")
    course_trainers_set(course=course, users=[world["x"]])
    place(seeded, course)
    x, y = client_for(world["x"]), client_for(world["y"])
    assert x.get(urls(seeded)["inspect"]).status_code == 200
    assert x.get(urls(seeded)["edit"]).status_code == 200
    assert seeded.title in html(x.get(CHOOSER))
    assert y.get(urls(seeded)["inspect"]).status_code == 404
    assert seeded.title not in html(y.get(CHOOSER))
    # Another course's trainer who is given the course gets it; the one removed loses it.
    course_trainers_set(course=course, users=[world["y"]])
    assert seeded in h5p_packages_visible_to(User.objects.get(pk=world["y"].pk))
    assert seeded not in h5p_packages_visible_to(User.objects.get(pk=world["x"].pk))


def test_a_lesson_cannot_take_another_trainers_package_even_from_a_crafted_form(world):
    course = build_course(modules=1, lessons=1, title="Kursus Y")
    course_trainers_set(course=course, users=[world["y"]])
    (lesson,) = course_lessons(course)
    y = client_for(world["y"])
    url = f"/admin/pages/{lesson.pk}/edit/"
    for theirs in (world["X"], world["pending"]):  # another trainer's; not ready
        block = ("h5p", {"package": theirs.pk, "completes_lesson": "on"})
        response = y.post(url, lesson_post(y, lesson, [block]))
        assert response.status_code == 200, theirs
        assert "tidak berwenang memakai aktivitas H5P ini" in html(response)
    revision = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert not [b for b in revision.body if b.block_type == "h5p"]
    assert world["X"] not in h5p_packages_visible_to(User.objects.get(pk=world["y"].pk))
    # The trainer's own ready package is accepted, and kept on the next save.
    block = ("h5p", {"package": world["Y"].pk, "completes_lesson": "on"})
    assert y.post(url, lesson_post(y, lesson, [block])).status_code == 302
    assert y.post(url, lesson_post(y, lesson, [block])).status_code == 302
    revision = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert [b.value["package"] for b in revision.body if b.block_type == "h5p"] == [world["Y"]]


# --- The chooser of the lesson block --------------------------------------------------------------


def test_the_chooser_offers_only_ready_packages_in_the_users_scope(world):
    page = html(client_for(world["x"]).get(CHOOSER))
    assert world["X"].title in page
    for other in ("Y", "pending", "rejected"):
        assert world[other].title not in page, other
    results = html(client_for(world["x"]).get(f"{CHOOSER}results/?q=Benar"))
    assert world["X"].title in results and world["Y"].title not in results
    bkpsdm = html(client_for(world["bkpsdm"]).get(CHOOSER))
    assert world["X"].title in bkpsdm and world["Y"].title in bkpsdm
    assert world["pending"].title not in bkpsdm and world["rejected"].title not in bkpsdm


def test_the_chooser_leaves_out_packages_using_a_disabled_library(world):
    world["helper"].enabled = False
    world["helper"].save(update_fields=["enabled"])
    assert world["X"] not in h5p_packages_placeable_by(world["bkpsdm"])
    assert world["Y"] in h5p_packages_placeable_by(world["bkpsdm"])
    assert world["X"].title not in html(client_for(world["x"]).get(CHOOSER))


def test_choosing_answers_404_outside_the_scope_and_the_chooser_creates_nothing(world):
    x = client_for(world["x"])
    assert x.get(urls(world["X"])["chosen"]).status_code == 200
    assert x.get(urls(world["Y"])["chosen"]).status_code == 404
    assert x.get(urls(world["pending"])["chosen"]).status_code == 404
    multiple = x.get(f"{CHOOSER}chosen-multiple/?id={world['X'].pk}&id={world['Y'].pk}")
    assert world["X"].title in html(multiple) and world["Y"].title not in html(multiple)
    for role in ("x", "bkpsdm", "root"):
        client = client_for(world[role])
        assert refused(client.get(f"{CHOOSER}create/")), role
        assert refused(client.post(f"{CHOOSER}create/", {"title": "Dari pemilih"})), role
    assert not H5PPackage.objects.filter(title="Dari pemilih").exists()


# --- The inspect page -----------------------------------------------------------------------------


def test_the_inspect_page_shows_metadata_libraries_and_the_results_note(world):
    package = world["X"]
    learner = make_user(Role.PESERTA, first_name="Rina", last_name="Kartika")
    make_result(package, learner, page_id=77, raw=3, maximum=4)
    page = html(client_for(world["x"]).get(urls(package)["inspect"]))
    for text in (
        package.title,
        "H5P.TrueFalse",
        package.sha256,
        package.original_filename,
        world["x"].get_full_name(),
        "H5P.Question",
        "1.5.0",
        "Rina Kartika",
        "77",
        "3 / 4",
        "75%",
        "dilaporkan peramban — tidak dihitung untuk sertifikat atau pemenuhan kompetensi",
    ):
        assert text in page, text
    assert learner.nip not in page  # a masked NIP only


def test_the_inspect_page_lists_the_problems_of_a_rejected_package_escaped(world):
    page = html(client_for(world["x"]).get(urls(world["rejected"])["inspect"]))
    assert "Ditolak" in page
    assert "Berkas berekstensi .php tidak boleh ada di paket." in page
    assert "dangerous_extension" in page and "zip_slip" in page
    assert "../../etc/passwd" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _inspect_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_inspect_page_makes_as_many_queries_with_20_results_as_with_1(world):
    package = world["X"]
    client = client_for(world["x"])
    url = urls(package)["inspect"]
    make_result(package, make_user(Role.PESERTA))
    client.get(url)  # warm the caches (content types, site)
    one = _inspect_queries(client, url)
    for n in range(19):
        make_result(package, make_user(Role.PESERTA), page_id=n + 2)
    twenty = _inspect_queries(client, url)
    assert "Belum ada hasil" not in html(client.get(url))
    assert twenty == one, (one, twenty)


# --- Libraries ----------------------------------------------------------------------------------


def test_trainers_read_the_libraries_without_the_actions(world):
    make_package("Paket kedua", uploaded_by=world["y"], main_library=world["library"])
    response = client_for(world["x"]).get(LIBRARIES)
    assert response.status_code == 200
    page = html(response)
    assert "H5P.TrueFalse" in page and "1.8.0" in page and "H5P.Question" in page
    counts = {lib.machine_name: lib.package_count for lib in response.context["object_list"]}
    assert counts["H5P.TrueFalse"] == 5 - 2  # X, Y, "Paket kedua"; pending and rejected use none
    assert counts["H5P.Question"] == 1
    assert "Nonaktifkan" not in page
    inspect = client_for(world["x"]).get(f"{LIBRARIES}inspect/{world['library'].pk}/")
    assert inspect.status_code == 200 and "Nonaktifkan" not in html(inspect)
    # No add, edit or delete route.
    for suffix in ("new/", f"edit/{world['library'].pk}/", f"delete/{world['library'].pk}/"):
        assert client_for(world["bkpsdm"]).get(f"{LIBRARIES}{suffix}").status_code == 404


def test_bkpsdm_disables_and_enables_a_library_with_a_post(world):
    library = world["library"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["bkpsdm"])
    listing = client.get(LIBRARIES)
    assert "Nonaktifkan" in html(listing)
    token = client.cookies["csrftoken"].value
    response = client.post(f"{LIBRARIES}nonaktifkan/{library.pk}/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == LIBRARIES
    library.refresh_from_db()
    assert not library.enabled
    assert ModelLogEntry.objects.filter(
        action="lms.h5p_library_disabled", object_id=str(library.pk), user=world["bkpsdm"]
    ).exists()
    assert "Aktifkan" in html(client.get(LIBRARIES))
    response = client.post(
        f"{LIBRARIES}aktifkan/{library.pk}/",
        {"csrfmiddlewaretoken": token, "kembali": "inspect"},
    )
    assert response["Location"] == f"{LIBRARIES}inspect/{library.pk}/"
    library.refresh_from_db()
    assert library.enabled


def test_enable_and_disable_refuse_a_get(world):
    library = world["library"]
    client = client_for(world["bkpsdm"])
    assert client.get(f"{LIBRARIES}nonaktifkan/{library.pk}/").status_code == 405
    assert client.get(f"{LIBRARIES}aktifkan/{library.pk}/").status_code == 405
    library.refresh_from_db()
    assert library.enabled


def test_enable_and_disable_refuse_a_post_without_the_csrf_token(world):
    library = world["library"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["bkpsdm"])
    assert client.post(f"{LIBRARIES}nonaktifkan/{library.pk}/").status_code == 403
    library.refresh_from_db()
    assert library.enabled


def test_enable_and_disable_refuse_users_without_the_change_permission(world):
    library = world["library"]
    for role in ("x", "admin_opd", "learner"):
        response = client_for(world[role]).post(f"{LIBRARIES}nonaktifkan/{library.pk}/")
        assert refused(response), role
    library.refresh_from_db()
    assert library.enabled
    assert (
        client_for(world["root"]).post(f"{LIBRARIES}nonaktifkan/{library.pk}/").status_code == 302
    )
    assert client_for(world["bkpsdm"]).post(f"{LIBRARIES}aktifkan/99999/").status_code == 404


# --- The role permissions of the migration --------------------------------------------------------


def _codenames(role: str) -> set[str]:
    return set(
        Group.objects.get(name=role)
        .permissions.filter(content_type__app_label="assessments", codename__contains="h5p")
        .values_list("codename", flat=True)
    )


def test_the_migration_gives_the_roles_their_h5p_permissions():
    pengajar = {
        "add_h5ppackage",
        "change_h5ppackage",
        "view_h5ppackage",
        "view_h5presult",
        "view_h5plibrary",
    }
    assert _codenames(Role.PENGAJAR) == pengajar
    assert _codenames(Role.BKPSDM) == pengajar | {"change_h5plibrary", "install_h5plibrary"}
    assert _codenames(Role.ADMIN_OPD) == set()
    assert _codenames(Role.PESERTA) == set()
    install = H5PLibrary._meta.permissions[0][0]
    assert install == "install_h5plibrary"
