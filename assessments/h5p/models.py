"""H5P libraries, packages (activities), client-reported results, xAPI statements and resume
state. Imported by ``assessments.models`` so Django sees them in the ``assessments`` app.

Invariants (docs/architecture.md): one library per machine name and major.minor version (a
newer patch replaces the files in place, as H5P does); one statement per statement id (the
store is append-only and idempotent); one result and one state per learner, activity and page.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class H5PLibrary(models.Model):
    """One installed H5P library version, shared by every package that uses it. Its files are
    under ``LMS_H5P_ROOT/libraries/<folder>/`` (``assessments.h5p.storage``)."""

    machine_name = models.CharField(_("nama mesin"), max_length=127)
    major_version = models.PositiveSmallIntegerField(_("versi mayor"))
    minor_version = models.PositiveSmallIntegerField(_("versi minor"))
    patch_version = models.PositiveSmallIntegerField(_("versi patch"), default=0)
    title = models.CharField(_("judul"), max_length=255)
    runnable = models.BooleanField(_("jenis konten utama"), default=False)
    enabled = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_("Pustaka nonaktif tidak dipakai untuk paket baru dan kontennya tidak diputar."),
    )
    metadata = models.JSONField(_("library.json"), default=dict, editable=False)
    semantics = models.JSONField(_("semantics.json"), default=list, editable=False)
    folder = models.CharField(_("folder"), max_length=160, unique=True, editable=False)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dipasang oleh"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    installed_at = models.DateTimeField(_("dipasang"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pustaka H5P")
        verbose_name_plural = _("pustaka H5P")
        ordering = ["machine_name", "major_version", "minor_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"],
                name="h5p_library_one_per_version",
            )
        ]
        permissions = [("install_h5plibrary", _("Boleh memasang pustaka H5P baru"))]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.version}"

    @property
    def version(self) -> str:
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"


class H5PPackageStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dipasang")
    READY = "ready", _("Siap dipakai")
    REJECTED = "rejected", _("Ditolak")


class H5PPackage(models.Model):
    """An uploaded ``.h5p`` activity. Uploaded files wait in the private staging store until
    a Celery task validates them again and extracts the content to
    ``LMS_H5P_ROOT/content/<token>/`` (a random, non-guessable name)."""

    title = models.CharField(_("judul"), max_length=255)
    main_library_name = models.CharField(
        _("jenis konten"), max_length=127, editable=False, blank=True
    )
    main_library = models.ForeignKey(
        H5PLibrary,
        verbose_name=_("pustaka utama"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="main_of",
    )
    libraries = models.ManyToManyField(
        H5PLibrary, verbose_name=_("pustaka yang dipakai"), blank=True, related_name="packages"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=H5PPackageStatus.choices,
        default=H5PPackageStatus.PENDING,
        editable=False,
    )
    problems = models.JSONField(_("masalah"), default=list, blank=True, editable=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    staged_name = models.CharField(max_length=255, blank=True, editable=False)
    original_filename = models.CharField(_("nama berkas"), max_length=255, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size_bytes = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0, editable=False)
    content_bytes = models.PositiveBigIntegerField(
        _("ukuran konten terpasang (bita)"), default=0, editable=False
    )
    metadata = models.JSONField(_("h5p.json"), default=dict, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    installed_at = models.DateTimeField(_("dipasang"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aktivitas H5P")
        verbose_name_plural = _("aktivitas H5P")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == H5PPackageStatus.READY


class H5PResult(models.Model):
    """A learner's best-known result on one activity in one lesson page, as reported by the
    browser (``client_reported`` is always true: never trusted evidence, never alone a met
    requirement or a certificate; docs/domain.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="h5p_results",
    )
    package = models.ForeignKey(
        H5PPackage, verbose_name=_("aktivitas"), on_delete=models.CASCADE, related_name="results"
    )
    page_id = models.PositiveIntegerField(_("halaman"))
    raw_score = models.FloatField(_("skor"), null=True, blank=True)
    max_score = models.FloatField(_("skor maksimum"), null=True, blank=True)
    scaled_score = models.FloatField(_("skor berskala"), null=True, blank=True)
    completed = models.BooleanField(_("selesai"), default=False)
    success = models.BooleanField(_("lulus"), null=True, blank=True)
    client_reported = models.BooleanField(_("dilaporkan peramban"), default=True, editable=False)
    statements = models.PositiveIntegerField(_("pernyataan xAPI"), default=0)
    first_completed_at = models.DateTimeField(_("pertama selesai"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("hasil H5P")
        verbose_name_plural = _("hasil H5P")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "package", "page_id"], name="h5p_result_one_per_page"
            ),
            models.CheckConstraint(
                condition=models.Q(scaled_score__isnull=True)
                | models.Q(scaled_score__gte=0, scaled_score__lte=1),
                name="h5p_result_scaled_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.package}"

    @property
    def percent(self) -> float | None:
        return None if self.scaled_score is None else round(self.scaled_score * 100, 2)


class XAPIStatement(models.Model):
    """An xAPI statement as the player sent it (size-capped), append-only: nothing updates or
    deletes one except the retention purge. Idempotent on ``statement_id``."""

    statement_id = models.UUIDField(_("id pernyataan"), unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peserta"),
        on_delete=models.CASCADE,
        related_name="xapi_statements",
        editable=False,
    )
    package = models.ForeignKey(
        H5PPackage,
        verbose_name=_("aktivitas"),
        on_delete=models.CASCADE,
        related_name="statements",
        editable=False,
    )
    page_id = models.PositiveIntegerField(_("halaman"), editable=False)
    verb = models.CharField(_("kata kerja"), max_length=255, editable=False)
    top_level = models.BooleanField(_("tingkat atas"), editable=False)
    statement = models.JSONField(_("pernyataan"), editable=False)
    size_bytes = models.PositiveIntegerField(_("ukuran (bita)"), editable=False)
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("pernyataan xAPI")
        verbose_name_plural = _("pernyataan xAPI")
        indexes = [models.Index(fields=["user", "package"], name="xapi_user_package")]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.verb}"


class H5PUserState(models.Model):
    """The player's saved state (H5P "content user data") for resuming, per learner, activity
    and page; the last save wins."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_states"
    )
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="states")
    page_id = models.PositiveIntegerField()
    data_type = models.CharField(max_length=64, default="state")
    sub_content_id = models.CharField(max_length=64, default="0")
    data = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("status pemutar H5P")
        verbose_name_plural = _("status pemutar H5P")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "package", "page_id", "data_type", "sub_content_id"],
                name="h5p_state_one_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.package} · {self.data_type}"
