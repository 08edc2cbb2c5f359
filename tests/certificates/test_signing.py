"""certificates.signing: the default signer changes nothing; the PAdES signer's output validates
with pyHanko's own validator against a root made here, and one changed byte is detected;
misconfiguration is a clear error when a certificate is signed."""

import datetime
import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from certificates import signing
from certificates.signing import NoSigner, PadesSigner

PASSPHRASE = "sandi-uji-2026"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemerintah Kabupaten Contoh"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_pkcs12(tmp_path, passphrase: str = PASSPHRASE):
    """A test root CA and a signing certificate it issued, the latter with its key in a
    PKCS#12 file. Returns (path, root certificate as asn1crypto)."""
    now = datetime.datetime.now(datetime.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = (
        x509.CertificateBuilder()
        .subject_name(_name("Root Uji LMS"))
        .issuer_name(_name("Root Uji LMS"))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("Kepala BKPSDM Kabupaten Contoh"))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"penanda-tangan",
        key,
        leaf,
        [root],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    path = tmp_path / "penanda-tangan.p12"
    path.write_bytes(data)
    root_asn1 = asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    return path, root_asn1


def reportlab_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=landscape(A4), pageCompression=0)  # text readable
    page.setFont("Helvetica-Bold", 28)
    page.drawCentredString(420, 400, "SERTIFIKAT")
    page.setFont("Helvetica", 14)
    page.drawCentredString(420, 360, "diberikan kepada Dr. Ir. H. Ahmad Fauzi, S.T., M.Kom.")
    page.showPage()
    page.save()
    return buffer.getvalue()


def validate(pdf: bytes, root):
    reader = PdfFileReader(io.BytesIO(pdf))
    (embedded,) = reader.embedded_signatures
    return embedded, validate_pdf_signature(embedded, ValidationContext(trust_roots=[root]))


def test_the_default_signer_returns_the_same_bytes():
    pdf = reportlab_pdf()
    assert NoSigner().sign(pdf) is pdf
    assert signing.unsigned(pdf, certificate=None) == pdf
    assert signing.unsigned.statement == ""


def test_a_pades_signature_validates_against_the_test_root(tmp_path):
    path, root = make_pkcs12(tmp_path)
    pdf = reportlab_pdf()
    signed = PadesSigner(path, PASSPHRASE).sign(pdf)
    assert signed.startswith(pdf)  # an incremental update: the drawn page is untouched
    embedded, status = validate(signed, root)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert "Kepala BKPSDM" in status.signing_cert.subject.human_friendly


def test_an_untrusted_root_is_not_trusted(tmp_path):
    path, _root = make_pkcs12(tmp_path)
    _other_path, other_root = make_pkcs12(tmp_path / "..")
    signed = PadesSigner(path, PASSPHRASE).sign(reportlab_pdf())
    _embedded, status = validate(signed, other_root)
    assert status.intact  # the bytes are fine ...
    assert not status.trusted and not status.bottom_line  # ... but not signed by that root


def test_one_changed_byte_in_the_signed_range_is_detected(tmp_path):
    path, root = make_pkcs12(tmp_path)
    signed = PadesSigner(path, PASSPHRASE).sign(reportlab_pdf())
    embedded, _status = validate(signed, root)
    start, length = embedded.byte_range[0], embedded.byte_range[1]
    offset = signed.index(b"SERTIFIKAT", start, start + length)  # inside the first signed range
    tampered = bytearray(signed)
    tampered[offset] = ord("X")  # SERTIFIKAT -> XERTIFIKAT
    _embedded, status = validate(bytes(tampered), root)
    assert status.intact is False  # the digest over the signed range no longer matches
    assert not status.bottom_line


def test_the_settings_signer_signs_with_the_configured_file(settings, tmp_path):
    path, root = make_pkcs12(tmp_path)
    settings.LMS_CERTIFICATE_PKCS12_PATH = str(path)
    settings.LMS_CERTIFICATE_PKCS12_PASSPHRASE = PASSPHRASE
    signer = signing.SettingsSigner(PadesSigner)
    assert "PAdES" in signer.statement
    _embedded, status = validate(signer(reportlab_pdf(), certificate=None), root)
    assert status.bottom_line


@pytest.mark.parametrize(
    ("configure", "message"),
    [
        (lambda s, p: setattr(s, "LMS_CERTIFICATE_PKCS12_PATH", ""), "kosong"),
        (
            lambda s, p: setattr(s, "LMS_CERTIFICATE_PKCS12_PATH", str(p.parent / "tidak-ada")),
            "tidak ditemukan",
        ),
        (lambda s, p: setattr(s, "LMS_CERTIFICATE_PKCS12_PASSPHRASE", "salah"), "kata sandi"),
        (lambda s, p: p.write_bytes(b"bukan pkcs12"), "kata sandi"),
    ],
    ids=["no-path", "missing-file", "wrong-passphrase", "corrupt-file"],
)
def test_misconfiguration_is_a_clear_error_when_signing(settings, tmp_path, configure, message):
    path, _root = make_pkcs12(tmp_path)
    settings.LMS_CERTIFICATE_PKCS12_PATH = str(path)
    settings.LMS_CERTIFICATE_PKCS12_PASSPHRASE = PASSPHRASE
    configure(settings, path)
    signer = signing.SettingsSigner(PadesSigner)
    with pytest.raises(ImproperlyConfigured, match=message):
        signer(reportlab_pdf(), certificate=None)


@pytest.mark.django_db
def test_issuing_with_the_pades_signer_stores_the_signed_file_and_its_hash(settings, tmp_path):
    """The hook in certificates.services.certificate_render: signed before hashing."""
    import hashlib

    from certificates.services import certificate_issue
    from tests.certificates.helpers import completed_enrollment, default_template

    path, root = make_pkcs12(tmp_path)
    settings.LMS_CERTIFICATE_SIGNER = "certificates.signing.pades"
    settings.LMS_CERTIFICATE_PKCS12_PATH = str(path)
    settings.LMS_CERTIFICATE_PKCS12_PASSPHRASE = PASSPHRASE
    default_template(background=False)
    certificate = certificate_issue(enrollment=completed_enrollment())
    with certificate.pdf.open("rb") as handle:
        stored = handle.read()
    assert hashlib.sha256(stored).hexdigest() == certificate.sha256
    _embedded, status = validate(stored, root)
    assert status.bottom_line


@pytest.mark.django_db
def test_a_wrong_passphrase_fails_the_issue_and_writes_no_file(settings, tmp_path):
    from pathlib import Path

    from certificates.models import Certificate
    from certificates.services import certificate_issue
    from tests.certificates.helpers import completed_enrollment, default_template

    path, _root = make_pkcs12(tmp_path)
    settings.LMS_CERTIFICATE_SIGNER = "certificates.signing.pades"
    settings.LMS_CERTIFICATE_PKCS12_PATH = str(path)
    settings.LMS_CERTIFICATE_PKCS12_PASSPHRASE = "bukan-sandinya"
    default_template(background=False)
    with pytest.raises(ImproperlyConfigured, match="kata sandi"):
        certificate_issue(enrollment=completed_enrollment())
    assert not Certificate.objects.exclude(pdf="").exists()
    assert not [p for p in Path(settings.LMS_CERTIFICATE_ROOT).rglob("*") if p.is_file()]
