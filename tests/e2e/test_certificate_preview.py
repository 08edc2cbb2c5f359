"""BKPSDM edits a certificate template and watches the live preview beside the form
(certificates.admin_preview, certificates/template_preview.js): the side panel shows the sample
certificate, a changed title redraws it after the pause, an unknown placeholder shows the
Indonesian message instead of the image, and nothing is saved."""

import io

import pytest

from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Rahasia-Kuat-2026"
PANEL = "[data-lms-cert-preview]"


def _world():
    from django.contrib.auth.models import Group

    from lms.users.roles import Role
    from tests.certificates.helpers import default_template
    from tests.factories.people import EmployeeFactory

    template = default_template(background=True)
    keeper = EmployeeFactory(name="Bambang Sutrisno").user
    keeper.groups.add(Group.objects.get(name=Role.BKPSDM))
    keeper.set_password(PASSWORD)
    keeper.save()
    return keeper, template


def _login(page, live_server, user):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("NIP atau e-mail").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/admin/")


def _image_png(page) -> bytes:
    """The PNG the panel's <img> shows (its blob: URL), drawn again on a canvas in the page:
    the admin's Content-Security-Policy lets no script fetch a blob: URL (connect-src 'self')."""
    data = page.evaluate(
        """async () => {
            const img = document.querySelector('[data-lms-cert-preview-image]');
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth;
            canvas.height = img.naturalHeight;
            canvas.getContext('2d').drawImage(img, 0, 0);
            const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
            return Array.from(new Uint8Array(await blob.arrayBuffer()));
        }"""
    )
    return bytes(data)


def test_the_preview_follows_the_form(live_server, page, screenshot):
    from PIL import Image as PILImage

    from certificates.models import CertificateTemplate

    keeper, template = _world()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(page, live_server, keeper)
    page.goto(
        live_server.url + f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/"
    )
    page.locator('[data-side-panel-toggle="certificate-preview"]').click()
    panel = page.locator(PANEL)
    page.wait_for_selector(f'{PANEL}[data-state="ready"]', timeout=15000)
    first_version = panel.get_attribute("data-version")
    first = _image_png(page)
    image = PILImage.open(io.BytesIO(first))
    assert image.size == (1287, 910)  # A4 landscape at 110 dpi
    screenshot("certificate-preview-initial")

    # A changed title redraws the preview after the pause, without pressing anything.
    page.locator("#id_title").fill("PIAGAM PENGHARGAAN")
    page.wait_for_function(
        f"""() => {{
            const p = document.querySelector('{PANEL}');
            return p.dataset.state === 'ready' && p.dataset.version !== '{first_version}';
        }}""",
        timeout=15000,
    )
    second = _image_png(page)
    assert second != first
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "certificate-preview-image.png").write_bytes(second)  # the PNG itself, to look at
    screenshot("certificate-preview-title-changed")

    # Portrait, with the button instead of the pause.
    page.locator("#id_orientation").select_option("portrait")
    page.get_by_role("button", name="Perbarui pratinjau").click()
    page.wait_for_function(
        f"""() => document.querySelector('{PANEL}').dataset.state === 'ready' &&
            document.querySelector('[data-lms-cert-preview-image]').naturalHeight === 1287""",
        timeout=15000,
    )

    # An unknown placeholder: the Indonesian message instead of the image.
    page.locator("#id_body").fill("telah menyelesaikan {kursuss}.")
    page.wait_for_selector(f'{PANEL}[data-state="invalid"]', timeout=15000)
    message = page.locator("[data-lms-cert-preview-errors]").inner_text()
    assert "Penanda tidak dikenal atau kurung kurawal tidak seimbang: 'kursuss'" in message
    assert page.locator("[data-lms-cert-preview-image]").is_hidden()
    screenshot("certificate-preview-invalid")

    page.locator("#id_body").fill("telah menyelesaikan {kursus} sebanyak {jp} JP.")
    page.wait_for_selector(f'{PANEL}[data-state="ready"]', timeout=15000)
    assert page.locator("[data-lms-cert-preview-image]").is_visible()
    screenshot("certificate-preview-portrait")

    template = CertificateTemplate.objects.get(pk=template.pk)
    assert (template.title, template.orientation) == ("SERTIFIKAT", "landscape")  # unsaved
    # The browser logs the expected 400 of the invalid body; nothing else may fail.
    assert [e for e in errors if "status of 400" not in e] == [], errors
