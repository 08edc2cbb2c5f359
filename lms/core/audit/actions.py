"""The kinds of audit entries. Adding a kind: one line here (a stable dotted code and an
Indonesian label); the admin's filter lists them all."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # Accounts and sign-in
    LOGIN_SUCCEEDED = "login.succeeded", _("Masuk berhasil")
    LOGIN_FAILED = "login.failed", _("Masuk gagal")
    LOGIN_LOCKED = "login.locked", _("Masuk ditolak: terkunci atau terlalu sering")
    LOGOUT = "logout", _("Keluar")
    OTP_ENROLLED = "otp.enrolled", _("Verifikasi dua langkah diaktifkan")
    OTP_FAILED = "otp.failed", _("Kode verifikasi dua langkah salah")
    OTP_RECOVERY_USED = "otp.recovery_used", _("Kode pemulihan dipakai")
    OTP_RESET = "otp.reset", _("Verifikasi dua langkah direset")
    PASSWORD_RESET_REQUESTED = "password.reset_requested", _("Permintaan atur ulang kata sandi")
    PASSWORD_CHANGED = "password.changed", _("Kata sandi diganti")
    ROLE_CHANGED = "role.changed", _("Peran diubah")
    SCOPE_CHANGED = "scope.changed", _("Cakupan OPD diubah")
    IDENTITY_CHANGED = "identity.changed", _("Identitas pegawai diubah")
    # Personal data read or carried away
    RECORD_VIEWED = "record.viewed", _("Data pegawai dilihat")
    EXPORTED = "data.exported", _("Data diekspor")
    DOWNLOADED = "data.downloaded", _("Berkas diunduh")
    ACCESS_DENIED = "access.denied", _("Akses ditolak di luar cakupan")
    # Changes of records
    IMPORTED = "data.imported", _("Impor dikonfirmasi")
    IMPORT_REFUSED = "data.import_refused", _("Impor ditolak saat konfirmasi")
    EVIDENCE_ADDED = "evidence.added", _("Bukti kompetensi atau JP ditambahkan")
    GRADE_CHANGED = "grade.changed", _("Nilai diubah")
    CERTIFICATE_ISSUED = "certificate.issued", _("Sertifikat terbit")
    CERTIFICATE_REVOKED = "certificate.revoked", _("Sertifikat dicabut")
    CERTIFICATE_REISSUED = "certificate.reissued", _("Sertifikat diterbitkan ulang")
    # Personal-data duties (UU 27/2022)
    MY_DATA_DOWNLOADED = "privacy.my_data", _("Pegawai mengunduh datanya sendiri")
    CORRECTION_REQUESTED = "privacy.correction_requested", _("Permintaan perbaikan data")
    CORRECTION_RESOLVED = "privacy.correction_resolved", _("Permintaan perbaikan diselesaikan")
    RETENTION_PURGED = "privacy.retention_purged", _("Data lama dihapus (retensi)")
