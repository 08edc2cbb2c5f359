"""The pure PDF function: what the page says, the font, the background, the QR (issue 11)."""

import dataclasses
import re
import subprocess

import pytest

from certificates.pdf import CertificateData, Signatory, render_certificate
from tests.certificates.helpers import jpeg_bytes, png_bytes

URL = "http://testserver/sertifikat/verifikasi/ABCDEFGHJKMNPQRS/"


def sample(**changes) -> CertificateData:
    data = CertificateData(
        institution_name="Pemerintah Kabupaten Contoh",
        issuer="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        number="KAB-CONTOH/2026/SPBE-01/00042",
        holder_name="Dr. Ir. H. Ahmad Fauzi, S.T., M.Kom.",
        holder_nip="198703152010012003",
        course_title="Dasar-dasar SPBE",
        jp="8",
        body="telah menyelesaikan kursus Dasar-dasar SPBE (SPBE-01) sebanyak 8 JP.",
        place="Kota Contoh",
        date_text="2 Desember 2026",
        verify_url=URL,
        competencies=(("SP.01", "Manajemen SPBE", 2),),
        signatories=(
            Signatory(
                "Drs. Bambang Sutrisno, M.Si.",
                "Kepala BKPSDM",
                "197001011995031001",
                png_bytes((300, 110)),
            ),
        ),  # fmt: skip
        logo=png_bytes(),
        background=jpeg_bytes(),
    )
    return dataclasses.replace(data, **changes)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def png_of(pdf: bytes, tmp_path, dpi: int = 150):
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(tmp_path / "p")], check=True)
    return tmp_path / "p-1.png"


def test_the_page_holds_name_nip_course_jp_number_and_the_official_wording(tmp_path):
    text = " ".join(pdf_text(render_certificate(sample()), tmp_path).split())
    for expected in (
        "PEMERINTAH KABUPATEN CONTOH",
        "SERTIFIKAT",
        "Nomor: KAB-CONTOH/2026/SPBE-01/00042",
        "diberikan kepada",
        "Dr. Ir. H. Ahmad Fauzi, S.T., M.Kom.",
        "NIP 198703152010012003",
        "Dasar-dasar SPBE",
        "8 JP",
        "SP.01 Manajemen SPBE (level 2)",
        "Kota Contoh, 2 Desember 2026",
        "Drs. Bambang Sutrisno, M.Si.",
        "Pindai untuk verifikasi",
    ):
        assert expected in text, expected


def test_the_font_is_embedded_and_non_ascii_letters_render(tmp_path):
    name = "Ni Luh Putu Ayu Ñoño Gülşen, S.E."
    pdf = render_certificate(sample(holder_name=name))
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Vera" in fonts and "TrueType" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # emb column
    assert name in pdf_text(pdf, tmp_path)


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_a_very_long_name_shrinks_and_stays_on_the_page(tmp_path, orientation):
    name = "Prof. Dr. Ir. Hj. Sri Wahyuningsih Purbasari Kusumawardhani, S.T., M.Kom., M.Sc., Ph.D."
    pdf = render_certificate(sample(holder_name=name, orientation=orientation))
    path = tmp_path / "n.pdf"
    path.write_bytes(pdf)
    # Every word of the name is found inside the page's box (bbox: nothing off the edge).
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    width = float(page.group(1))
    words = re.findall(
        r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', html
    )
    placed = {w for x0, x1, w in words if float(x0) >= 0 and float(x1) <= width}
    for word in name.split():
        assert word in placed, word


def test_the_jpeg_background_is_passed_through_unchanged():
    background = jpeg_bytes()
    pdf = render_certificate(sample(background=background))
    assert background in pdf  # the very bytes, not re-encoded nor ASCII85-inflated
    assert b"/DCTDecode" in pdf


def test_the_qr_code_decodes_to_the_verification_url(tmp_path):
    import zxingcpp
    from PIL import Image

    image = Image.open(png_of(render_certificate(sample()), tmp_path, dpi=200))
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [URL]


def test_same_data_same_bytes():
    assert render_certificate(sample()) == render_certificate(sample())


def test_a_certificate_with_background_logo_and_signature_stays_within_250_kb():
    """docs/quality.md P12, the size half (a count; the time is tests/perf)."""
    assert len(render_certificate(sample())) <= 250 * 1024


def test_remembered_streams_and_qr_polynomials_change_no_byte(monkeypatch):
    """The two caches of certificates.pdf (compressed repeated streams, QR generator
    polynomials) only save time: with reportlab's own zlib and polynomial builder the page is
    byte for byte the same, and a second certificate with other data still differs."""
    import zlib

    from reportlab.graphics.barcode import qrencoder
    from reportlab.pdfbase import pdfdoc

    cached = render_certificate(sample())
    monkeypatch.setattr(pdfdoc, "zlib", zlib)
    monkeypatch.setattr(
        qrencoder.QRUtil,
        "getErrorCorrectPolynomial",
        staticmethod(qrencoder.QRUtil.getErrorCorrectPolynomial.__wrapped__),
    )
    assert render_certificate(sample()) == cached
    assert render_certificate(sample(holder_name="Sri Wahyuni")) != cached
