"""Every admin viewset keeps an Admin OPD inside their OPDs: listing, search, filters, export,
and every view that takes an object id (inspect, edit, delete, history, usage) answer 404 for an
object of another OPD. BKPSDM sees everything; Pengajar and Peserta get no such menus."""

import pytest
from django.contrib.auth.models import Permission

from lms.people.models import Employee
from tests.admin.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

# viewset url prefix, world key of an object in Admin OPD A's scope, of one outside, and a text
# that appears on the listing only for the outside object.
VIEWSETS = [
    ("opd", "sd", "dinkes", "Dinas Kesehatan"),
    ("jabatan", "guru", "perawat", "Perawat Terampil"),
    ("pegawai", "mine", "theirs", "Rina Kartika"),
    ("standar-jabatan", "requirement_mine", "requirement_theirs", "Perawat Terampil"),
    ("bukti-kompetensi", "evidence_mine", "evidence_theirs", "Rina Kartika"),
    ("riwayat-pelatihan", "record_mine", "record_theirs", "Pelatihan Keamanan Siber"),
]
OBJECT_VIEWS = ("inspect", "edit", "delete", "history", "usage")


@pytest.fixture
def strong_admin(world):
    """An Admin OPD of Dinas Pendidikan who also holds every model permission, so that only
    the scope (not a missing permission) can keep them out."""
    user = make_user("Admin OPD")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["people", "competencies"])
    )
    from lms.people.services import opd_scope_set

    opd_scope_set(user=user, opds=[world["dikbud"]])
    return user


@pytest.mark.parametrize(("prefix", "mine", "theirs", "their_text"), VIEWSETS)
def test_listing_search_filter_and_export_stay_in_scope(
    world, strong_admin, prefix, mine, theirs, their_text
):
    client = client_for(strong_admin)
    listing = client.get(f"/admin/{prefix}/")
    assert listing.status_code == 200
    assert their_text not in listing.content.decode()
    assert str(world[mine]).split(" (")[0][:20] in listing.content.decode()

    for query in (
        f"?q={their_text.split()[0]}",
        f"?opd={world['dinkes'].pk}",
        f"?parent={world['dinkes'].pk}",
    ):
        for url in (f"/admin/{prefix}/{query}", f"/admin/{prefix}/results/{query}"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert their_text not in response.content.decode(), url


@pytest.mark.parametrize(("prefix", "mine", "theirs", "their_text"), VIEWSETS)
@pytest.mark.parametrize("view", OBJECT_VIEWS)
def test_objects_of_another_opd_are_not_found_by_id(
    world, strong_admin, prefix, mine, theirs, their_text, view
):
    client = client_for(strong_admin)
    assert client.get(f"/admin/{prefix}/{view}/{world[theirs].pk}/").status_code == 404
    assert client.post(f"/admin/{prefix}/{view}/{world[theirs].pk}/").status_code == 404
    own = client.get(f"/admin/{prefix}/{view}/{world[mine].pk}/")
    read_only = prefix in {"bukti-kompetensi", "riwayat-pelatihan"}
    if read_only and view != "inspect":
        assert own.status_code == 404  # learner records have no edit/delete/history routes
    else:
        assert own.status_code == 200


def test_posting_a_delete_for_another_opd_deletes_nothing(world, strong_admin):
    client = client_for(strong_admin)
    response = client.post(f"/admin/pegawai/delete/{world['theirs'].pk}/")
    assert response.status_code == 404
    assert Employee.objects.filter(pk=world["theirs"].pk).exists()


def test_employee_export_is_scoped(world, strong_admin):
    response = client_for(strong_admin).get("/admin/pegawai/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "Andi Wijaya" in content
    assert "Rina Kartika" not in content


def test_filter_choices_only_offer_opds_in_scope(world):
    content = client_for(world["admin_a"]).get("/admin/pegawai/").content.decode()
    assert "UPTD SD 1" in content
    assert "Dinas Kesehatan" not in content


def test_admin_opd_with_the_proposed_permissions(world):
    """The role's own permission set: read and edit employees of their OPD, 404 elsewhere."""
    client = client_for(world["admin_a"])
    theirs, mine = world["theirs"].pk, world["mine"].pk
    assert client.get(f"/admin/pegawai/inspect/{theirs}/").status_code == 404
    assert client.get(f"/admin/pegawai/edit/{theirs}/").status_code == 404
    assert client.get(f"/admin/pegawai/edit/{mine}/").status_code == 200
    # No delete permission: refused (redirect with a message), and nothing is deleted.
    assert client.post(f"/admin/pegawai/delete/{mine}/").status_code in {302, 403}
    assert Employee.objects.filter(pk=mine).exists()
    # Read-only on the structure and on the requirement standards.
    assert client.get(f"/admin/opd/edit/{world['sd'].pk}/").status_code in {302, 403}
    assert client.get("/admin/cakupan-opd/").status_code in {302, 403}


def test_other_admin_opd_sees_only_their_own(world):
    content = client_for(world["admin_b"]).get("/admin/pegawai/").content.decode()
    assert "Rina Kartika" in content
    assert "Andi Wijaya" not in content


def test_bkpsdm_sees_every_opd(world):
    client = client_for(world["bkpsdm"])
    content = client.get("/admin/pegawai/").content.decode()
    assert "Andi Wijaya" in content and "Rina Kartika" in content
    assert client.get(f"/admin/pegawai/inspect/{world['theirs'].pk}/").status_code == 200
    assert client.get(f"/admin/opd/edit/{world['dinkes'].pk}/").status_code == 200


def test_pengajar_and_peserta_get_no_hr_menus(world):
    pengajar = client_for(world["pengajar"])
    dashboard = pengajar.get("/admin/")
    assert dashboard.status_code == 200
    assert "Kepegawaian" not in dashboard.content.decode()
    assert "Kompetensi" not in dashboard.content.decode()
    for prefix in ("pegawai", "opd", "bukti-kompetensi", "riwayat-pelatihan"):
        assert pengajar.get(f"/admin/{prefix}/").status_code in {302, 403}
    # Peserta cannot enter the admin at all.
    peserta = client_for(world["peserta"]).get("/admin/pegawai/")
    assert peserta.status_code == 302
    assert "/login/" in peserta["Location"]


def test_hr_roles_see_their_menus(world):
    for who in ("admin_a", "bkpsdm"):
        content = client_for(world[who]).get("/admin/").content.decode()
        assert "Kepegawaian" in content
        assert "Kompetensi" in content
        assert "Impor data" in content


def test_employee_listing_query_count_does_not_grow(world, django_assert_max_num_queries):
    from tests.admin.conftest import make_employee

    client = client_for(world["bkpsdm"])
    client.get("/admin/pegawai/")  # warm caches (content types, site)
    with django_assert_max_num_queries(40) as baseline:
        client.get("/admin/pegawai/")
    for n in range(25):
        make_employee(world["sd"], f"19900215201503{1 + n % 2}{100 + n:03d}", f"Pegawai {n}")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get("/admin/pegawai/")


def test_admin_opd_employee_listing_query_count_does_not_grow_with_staff(
    world, django_assert_max_num_queries
):
    """The "is this a staff account" test of each row (no edit link) is one subquery."""
    from django.contrib.auth.models import Group

    from tests.admin.conftest import make_employee

    client = client_for(world["admin_a"])
    client.get("/admin/pegawai/")
    with django_assert_max_num_queries(40) as baseline:
        client.get("/admin/pegawai/")
    pengajar = Group.objects.get(name="Pengajar")
    for n in range(20):
        employee = make_employee(
            world["sd"], f"19900215201503{1 + n % 2}{100 + n:03d}", f"Pegawai {n}"
        )
        if n % 2:
            employee.user.groups.add(pengajar)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get("/admin/pegawai/")
    assert response.content.decode().count("/admin/pegawai/edit/") >= 10


def test_the_generic_scoped_admin_never_saves_a_form_itself():
    """``lms.core.viewsets``: a viewset with a create or edit view must call its service."""
    from lms.core.viewsets import ScopedModelViewSet

    class Bare(ScopedModelViewSet):
        model = Employee
        name = "bare"

    with pytest.raises(NotImplementedError, match="Bare.persist must call a service"):
        Bare().persist(form=None, user=None, created=True)
