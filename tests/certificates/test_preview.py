"""The certificate template's live preview (certificates.preview, certificates.admin_preview):
only template keepers reach it; it answers the sample certificate as a PNG of the expected size
for both orientations, and bad or hostile input (an unknown placeholder, a format spec, image
ids that are not the user's to use, oversize fields, too many signatories) gets a clear
Indonesian message and a 400; nothing is written to the database or to disk."""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from certificates.preview import SAMPLE_CODE, SAMPLE_HOLDER, SampleSignatory, sample_document
from lms.users.roles import Role
from tests.certificates.helpers import default_template, png_bytes, wagtail_image
from tests.factories.people import EmployeeFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

URL_NAME = "wagtailsnippets_certificates_certificatetemplate:preview"


def url() -> str:
    return reverse(URL_NAME)


def form_data(**overrides) -> dict:
    """What the template's edit form posts (one signatory row)."""
    data = {
        "name": "Templat uji",
        "orientation": "landscape",
        "qr_position": "bottom-left",
        "background": "",
        "title": "SERTIFIKAT",
        "body": "telah menyelesaikan kursus {kursus} sebanyak {jp} JP pada {tanggal_selesai}.",
        "place": "Kota Contoh",
        "validity_months": "",
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "1",
        "signatories-MAX_NUM_FORMS": "1000",
        "signatories-0-id": "",
        "signatories-0-ORDER": "1",
        "signatories-0-DELETE": "",
        "signatories-0-name": "Drs. Bambang Sutrisno, M.Si.",
        "signatories-0-nip": "197001011995031001",
        "signatories-0-title": "Kepala BKPSDM Kabupaten Contoh",
        "signatories-0-signature": "",
    }
    data.update(overrides)
    return data


def _role(role):
    user = EmployeeFactory().user
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def bkpsdm():
    return _role(Role.BKPSDM)


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"certificates", "wagtailimages", "wagtailcore", "core"}
        and not model._meta.proxy
    }


def _files() -> set[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.LMS_CERTIFICATE_ROOT)]
    return {p for root in roots if root.exists() for p in root.rglob("*")}


def decoded(response) -> PILImage.Image:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    image = PILImage.open(io.BytesIO(response.content))
    image.load()
    return image


# --- Who may preview -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("learner", False),
        ("trainer", False),
        ("admin_opd", False),
        ("bkpsdm", True),
        ("superuser", True),
    ],
)
def test_only_template_keepers_may_preview(who, allowed):
    user = {
        "anonymous": lambda: None,
        "learner": lambda: EmployeeFactory().user,
        "trainer": lambda: _role(Role.PENGAJAR),
        "admin_opd": lambda: _role(Role.ADMIN_OPD),
        "bkpsdm": lambda: _role(Role.BKPSDM),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[who]()
    response = client_of(user).post(url(), form_data())
    if allowed:
        decoded(response)
    elif who in ("anonymous", "learner"):  # no admin access: to the admin's login page
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    else:  # staff without the template permissions: the admin's "permission denied"
        assert response.status_code == 302 and response["Location"] == "/admin/"
        fetched = client_of(user).post(
            url(), form_data(), headers={"x-requested-with": "XMLHttpRequest"}
        )
        assert fetched.status_code == 403  # what the panel's script gets


def test_get_is_not_allowed(bkpsdm):
    assert client_of(bkpsdm).get(url()).status_code == 405


def test_csrf_is_required(bkpsdm):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bkpsdm)
    assert client.post(url(), form_data()).status_code == 403


# --- The image -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("orientation", "size"), [("landscape", (1287, 910)), ("portrait", (910, 1287))]
)
def test_png_of_the_expected_size(bkpsdm, orientation, size):
    response = client_of(bkpsdm).post(url(), form_data(orientation=orientation))
    image = decoded(response)
    assert image.format == "PNG"
    assert image.size == size
    # A page, not a blank: the ink of the text and the QR makes many distinct colours.
    assert len(image.convert("L").getcolors(256)) > 20


def test_a_templates_own_images_are_drawn(bkpsdm):
    template = default_template()
    signature_id = template.signatories.get().signature_id
    response = client_of(bkpsdm).post(
        url(),
        form_data(background=str(template.background_id), **{
            "signatories-0-signature": str(signature_id)
        }),
    )  # fmt: skip
    plain = decoded(client_of(bkpsdm).post(url(), form_data()))
    drawn = decoded(response)
    assert drawn.size == plain.size
    assert drawn.tobytes() != plain.tobytes()  # the background and the signature are on it


def test_sample_document_fills_the_body_like_a_real_certificate():
    from certificates.models import CertificateTemplate

    template = CertificateTemplate(
        title="PIAGAM",
        body="{nama} ({nip}) dari {opd}: {kursus} {jp} JP, {kompetensi}; nomor {nomor}.",
        place="Kota Uji",
        validity_months=24,
        orientation="portrait",
    )
    data = sample_document(template, [SampleSignatory(name="Kepala", title="Kepala BKPSDM")])
    assert data.holder_name == SAMPLE_HOLDER
    assert len(data.holder_nip) == 18 and data.holder_nip.isdigit()
    assert data.body.startswith(SAMPLE_HOLDER + " (" + data.holder_nip + ")")
    assert "8 JP" in data.body and "LD.02" in data.body and "(level 3)" in data.body
    assert data.number in data.body and data.number.endswith("/LD-101/00042")
    assert data.verify_url.endswith(f"/sertifikat/verifikasi/{SAMPLE_CODE}/")
    assert data.expires_text.startswith("Berlaku sampai")
    assert data.title == "PIAGAM" and data.orientation == "portrait"
    assert data.place == "Kota Uji"
    assert "bukan sertifikat yang sah" in data.footer_note
    assert len(data.competencies) == 2


# --- Bad and hostile input -------------------------------------------------------------------


def errors_of(response) -> str:
    assert response.status_code == 400, response.status_code
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["message"] == "Pratinjau belum dapat dibuat."
    return "\n".join(body["errors"])


def test_bad_placeholder_gives_the_indonesian_message(bkpsdm):
    response = client_of(bkpsdm).post(url(), form_data(body="Selamat {namaa}!"))
    assert "Penanda tidak dikenal atau kurung kurawal tidak seimbang: 'namaa'" in errors_of(
        response
    )
    response = client_of(bkpsdm).post(url(), form_data(body="kurung {nama"))
    assert "kurung kurawal tidak seimbang" in errors_of(response)


@pytest.mark.parametrize("body", ["{nama:>999999999}", "{nama!r}", "{nama.upper}", "{nama[0]}"])
def test_format_tricks_in_the_body_are_refused(bkpsdm, body):
    assert "Penanda" in errors_of(client_of(bkpsdm).post(url(), form_data(body=body)))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("background", "abc", "Gambar latar: Gambar tidak dikenal."),
        ("background", "-1", "Gambar latar: Gambar tidak dikenal."),
        ("background", "99999999999999999999", "Gambar latar: Gambar tidak dikenal."),
        ("background", "2147483647", "Gambar latar: gambar tidak ditemukan"),
        ("signatories-0-signature", "1e3", "Penanda tangan 1, gambar tanda tangan: Gambar tidak"),
        ("signatories-0-signature", "2147483646", "Penanda tangan 1: gambar tanda tangan tidak"),
        ("orientation", "diagonal", "Orientasi:"),
        ("qr_position", "<script>", "Posisi kode QR:"),
        ("validity_months", "99999", "Masa berlaku (bulan):"),
        ("title", "X" * 61, "Judul:"),
        ("place", "", "Tempat penerbitan:"),
        ("body", "a" * 2001, "Isi:"),
        ("signatories-0-name", "N" * 151, "Penanda tangan 1, nama dan gelar:"),
        ("signatories-0-nip", "1" * 19, "Penanda tangan 1, NIP:"),
        ("signatories-TOTAL_FORMS", "11", "Paling banyak 10 penanda tangan."),
        ("signatories-TOTAL_FORMS", "1000000", "Paling banyak 10 penanda tangan."),
        ("signatories-TOTAL_FORMS", "x", "Data penanda tangan tidak lengkap."),
    ],
)
def test_hostile_or_oversize_fields_get_a_clear_message(bkpsdm, field, value, expected):
    response = client_of(bkpsdm).post(url(), form_data(**{field: value}))
    assert expected in errors_of(response)


def test_an_image_the_user_may_not_choose_is_refused():
    """A template keeper without the image "choose" permission (a group made for the test: the
    four roles all hold it on the root collection) cannot have a library image drawn."""
    from django.contrib.auth.models import Permission

    keepers = Group.objects.create(name="Penyunting templat saja")
    keepers.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "add_certificatetemplate", "change_certificatetemplate"]
        )
    )
    keeper = EmployeeFactory().user
    keeper.groups.add(keepers)
    image = wagtail_image(png_bytes(), "milik-orang-lain.png")
    for field in ("background", "signatories-0-signature"):
        response = client_of(keeper).post(url(), form_data(**{field: str(image.pk)}))
        assert "tidak ditemukan atau tidak boleh Anda pakai" in errors_of(response)
    decoded(client_of(keeper).post(url(), form_data()))


def test_a_background_that_is_not_a_jpeg_is_refused_as_on_save():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    png = wagtail_image(png_bytes(), "latar.png")
    response = client_of(superuser).post(url(), form_data(background=str(png.pk)))
    assert "Gambar latar harus berupa JPEG" in errors_of(response)


def test_no_management_form_is_a_clear_error(bkpsdm):
    response = client_of(bkpsdm).post(url(), {})
    assert "Data penanda tangan tidak lengkap." in errors_of(response)


def test_deleted_and_blank_new_rows_are_left_out(bkpsdm):
    data = form_data(**{
        "signatories-TOTAL_FORMS": "3",
        "signatories-1-name": "Dihapus", "signatories-1-title": "X", "signatories-1-DELETE": "1",
        "signatories-1-ORDER": "2", "signatories-2-name": "", "signatories-2-title": "",
    })  # fmt: skip
    decoded(client_of(bkpsdm).post(url(), data))


# --- Nothing is written ----------------------------------------------------------------------


def test_nothing_is_written(bkpsdm):
    template = default_template()
    client = client_of(bkpsdm)
    client.post(url(), form_data())  # warm up (site settings row, caches)
    before_rows, before_files = _counts(), _files()
    decoded(client.post(url(), form_data(background=str(template.background_id))))
    errors_of(client.post(url(), form_data(body="{salah}")))
    errors_of(client.post(url(), form_data(background="2147483647")))
    assert _counts() == before_rows
    assert _files() == before_files


# --- The panel -------------------------------------------------------------------------------


def test_the_add_edit_and_copy_pages_have_the_preview_panel(bkpsdm):
    template = default_template()
    names = "wagtailsnippets_certificates_certificatetemplate"
    client = client_of(bkpsdm)
    for address in (
        reverse(f"{names}:add"),
        reverse(f"{names}:edit", args=[template.pk]),
        reverse(f"{names}:copy", args=[template.pk]),
    ):
        html = client.get(address).content.decode()
        assert 'data-side-panel-toggle="certificate-preview"' in html, address
        assert f'data-url="{url()}"' in html
        assert "certificates/template_preview.js" in html
        assert "Perbarui pratinjau" in html
