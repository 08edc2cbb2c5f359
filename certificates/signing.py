"""Electronic signatures on certificate PDFs: a pluggable signer (docs/security.md, Signing).

Issuing (``certificates.services.certificate_render``) loads the callable named by
``settings.LMS_CERTIFICATE_SIGNER`` (a dotted path) and runs ``signer(pdf, *, certificate=...)``
on the drawn PDF *before* the SHA-256 is taken, so the stored hash is the signed file's. It may
carry a ``statement`` (the footer sentence). This module provides:

* ``certificates.signing.unsigned``: adds no signature, returns the bytes unchanged (the same
  as leaving the setting empty);
* ``certificates.signing.pades``: a PAdES signature (pyHanko) with the PKCS#12 file of
  ``LMS_CERTIFICATE_PKCS12_PATH`` and its passphrase ``LMS_CERTIFICATE_PKCS12_PASSPHRASE``
  (both from the environment, see .env.example).

Every signer is a :class:`Signer` (``sign(pdf_bytes) -> bytes``). A BSrE adapter (the national
CA's signing service) is one more subclass with its own ``from_settings`` and one module-level
``SettingsSigner(BsreSigner)`` line; issuance does not change.

Misconfiguration (no file, unreadable file, wrong passphrase, a file without a key) is an
``ImproperlyConfigured`` with an Indonesian message, raised when a certificate is issued: the
certificate is then stored without a file (``certificate_render`` writes nothing) and the task
fails loudly in the worker log instead of producing an unsigned file that claims a signature.
The key is loaded once per process and reloaded when the file or the settings change.
"""

from __future__ import annotations

import threading
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _


class Signer:
    """The interface: ``sign(pdf_bytes) -> bytes`` (the whole new file)."""

    def sign(self, pdf: bytes) -> bytes:  # pragma: no cover - interface
        raise NotImplementedError

    @property
    def statement(self) -> str:
        """The footer sentence printed on a certificate this signer signs ("" for none)."""
        return ""

    @classmethod
    def from_settings(cls) -> Signer:
        return cls()


class NoSigner(Signer):
    """Adds no signature: the certificate still verifies by its code and its SHA-256."""

    def sign(self, pdf: bytes) -> bytes:
        return pdf


class PadesSigner(Signer):
    """A PAdES baseline signature (``ETSI.CAdES.detached``, SHA-256) made with pyHanko from a
    PKCS#12 file (key, certificate and optionally its chain)."""

    field_name = "TandaTanganSertifikat"

    def __init__(self, pkcs12_path: str | Path, passphrase: str | bytes | None) -> None:
        from pyhanko.sign import signers

        path = Path(pkcs12_path or "")
        if not str(pkcs12_path or "").strip():
            raise ImproperlyConfigured(
                _("Penanda tangan PAdES dipilih, tetapi LMS_CERTIFICATE_PKCS12_PATH kosong.")
            )
        if not path.is_file():
            raise ImproperlyConfigured(
                _("Berkas PKCS#12 untuk tanda tangan sertifikat tidak ditemukan: %(path)s")
                % {"path": path}
            )
        if isinstance(passphrase, str):
            passphrase = passphrase.encode()
        try:
            signer = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase or None)
        except (ValueError, TypeError, OSError) as error:
            signer = None
            cause: Exception | None = error
        else:
            cause = None
        if signer is None:
            raise ImproperlyConfigured(
                _(
                    "Berkas PKCS#12 %(path)s tidak dapat dibuka: kata sandi "
                    "(LMS_CERTIFICATE_PKCS12_PASSPHRASE) salah atau berkasnya rusak."
                )
                % {"path": path}
            ) from cause
        self._signer = signer
        self.subject = signer.signing_cert.subject.human_friendly

    @classmethod
    def from_settings(cls) -> PadesSigner:
        return cls(settings.LMS_CERTIFICATE_PKCS12_PATH, settings.LMS_CERTIFICATE_PKCS12_PASSPHRASE)

    @property
    def statement(self) -> str:
        return _("Dokumen ini ditandatangani secara elektronik (PAdES).")

    def sign(self, pdf: bytes) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        metadata = signers.PdfSignatureMetadata(
            field_name=self.field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=_("Sertifikat pelatihan"),
        )
        output = signers.PdfSigner(metadata, signer=self._signer).sign_pdf(writer)
        return output.getvalue()


class SettingsSigner:
    """What ``LMS_CERTIFICATE_SIGNER`` names: a callable ``(pdf, *, certificate=None) -> bytes``
    that builds its :class:`Signer` from the settings on first use (so a misconfiguration shows
    when a certificate is issued, not at start-up) and again when they or the file change."""

    def __init__(self, signer_class: type[Signer]) -> None:
        self.signer_class = signer_class
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._signer: Signer | None = None

    def _settings_key(self) -> tuple:
        path = getattr(settings, "LMS_CERTIFICATE_PKCS12_PATH", "")
        try:
            mtime = Path(path).stat().st_mtime_ns if path else None
        except OSError:
            mtime = None
        return (path, getattr(settings, "LMS_CERTIFICATE_PKCS12_PASSPHRASE", ""), mtime)

    def signer(self) -> Signer:
        key = self._settings_key()
        with self._lock:
            if self._signer is None or key != self._key:
                self._signer = self.signer_class.from_settings()
                self._key = key
            return self._signer

    @property
    def statement(self) -> str:
        return self.signer().statement

    def __call__(self, pdf: bytes, *, certificate=None) -> bytes:
        return self.signer().sign(pdf)


unsigned = SettingsSigner(NoSigner)
pades = SettingsSigner(PadesSigner)
