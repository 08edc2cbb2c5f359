import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from .pagecache import PublicPageCacheMixin


@register_setting(icon="home")
class InstitutionSettings(BaseSiteSetting):
    """Who runs this site: shown in the header, on certificates and in e-mails."""

    name = models.CharField(
        _("nama instansi"), max_length=150, default="Pemerintah Kabupaten Contoh"
    )
    short_name = models.CharField(_("nama singkat"), max_length=60, default="Kab. Contoh")
    code = models.CharField(
        _("kode instansi"),
        max_length=30,
        default="KAB-CONTOH",
        help_text=_("Dipakai pada nomor sertifikat, misalnya <kode instansi>/2026/SPBE-01/00001."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo instansi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tampil di kepala sertifikat (PNG atau JPEG)."),
    )
    hr_unit_name = models.CharField(
        _("nama unit kepegawaian"),
        max_length=150,
        default="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        help_text=_("Biasanya BKPSDM; tampil di sertifikat dan laporan."),
    )
    contact_email = models.EmailField(_("e-mail layanan"), blank=True)
    privacy_contact = models.CharField(
        _("kontak pejabat pelindungan data"),
        max_length=200,
        blank=True,
        help_text=_("Nama atau e-mail pejabat pelindungan data pribadi (UU 27/2022)."),
    )
    dpo_name = models.CharField(
        _("nama pejabat pelindungan data pribadi"),
        max_length=150,
        blank=True,
        help_text=_("Tampil di halaman Pemberitahuan Privasi (/privasi/)."),
    )
    dpo_title = models.CharField(
        _("jabatan pejabat pelindungan data pribadi"), max_length=150, blank=True
    )
    dpo_email = models.EmailField(_("e-mail pejabat pelindungan data pribadi"), blank=True)
    dpo_phone = models.CharField(
        _("telepon pejabat pelindungan data pribadi"), max_length=40, blank=True
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("code"),
                FieldPanel("hr_unit_name"),
                FieldPanel("logo"),
            ],
            heading=_("Instansi"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("privacy_contact")], heading=_("Kontak")
        ),
        MultiFieldPanel(
            [
                FieldPanel("dpo_name"),
                FieldPanel("dpo_title"),
                FieldPanel("dpo_email"),
                FieldPanel("dpo_phone"),
            ],
            heading=_("Pejabat pelindungan data pribadi (UU 27/2022)"),
        ),
    ]

    class Meta:
        verbose_name = _("pengaturan instansi")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_request(cls, request):
        """Wagtail's per-request settings, read from the shared cache: every page shows them,
        and saving them retires the entry (lms/core/contentcache.py). Editing goes through
        ``for_site``, which always reads the database."""
        from .contentcache import cached
        from .published import site_for_request

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = site_for_request(request)
            instance = (
                cached("settings", cls._meta.label, site.pk, fill=lambda: cls.for_site(site))
                if site is not None
                else cls.for_site(site)
            )
            instance._request = request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)


class HomePage(PublicPageCacheMixin, Page):
    """The site's front page: the institution, a login box and the way to the catalogue."""

    intro = RichTextField(
        _("pengantar"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    catalogue_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("halaman katalog kursus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        PageChooserPanel("catalogue_page"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("beranda")

    def __str__(self) -> str:
        return self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not request.user.is_authenticated:
            # The login form is configured, not imported: lms.core sits below lms.users.
            context["login_form"] = import_string(settings.WAGTAILADMIN_USER_LOGIN_FORM)(request)
        return context


class DownloadStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang disiapkan")
    READY = "ready", _("Siap diunduh")
    FAILED = "failed", _("Gagal")
    EXPIRED = "expired", _("Kedaluwarsa")


class PreparedDownload(models.Model):
    """A file a worker builds for one user (a bulk certificate ZIP, an HR report): requested,
    built with progress, downloaded only by its owner, deleted when it expires
    (``lms.core.downloads``; docs/security.md, "Prepared downloads"). The id is random and the
    file lives under ``LMS_DOWNLOAD_ROOT`` (never under the public media) with a random name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemohon"),
        on_delete=models.CASCADE,
        related_name="prepared_downloads",
    )
    kind = models.CharField(_("jenis"), max_length=50)
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DownloadStatus.choices, default=DownloadStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("selesai"), default=0)
    progress_total = models.PositiveIntegerField(_("jumlah"), default=0)
    file_name = models.CharField(_("nama berkas tersimpan"), max_length=100, blank=True)
    download_name = models.CharField(_("nama berkas unduhan"), max_length=150, blank=True)
    content_type = models.CharField(_("jenis isi"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    error = models.CharField(_("pesan galat"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("diminta"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa"))

    class Meta:
        verbose_name = _("unduhan yang disiapkan")
        verbose_name_plural = _("unduhan yang disiapkan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == DownloadStatus.READY:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)


class Notification(models.Model):
    """A short message to one user ("Sertifikat Anda sudah terbit"), shown on the learner's
    dashboard until it is marked read (``lms.core.notifications``; docs/architecture.md,
    "Notifications"). Written only by ``notification_create`` / ``notification_mark_read``.
    The id is random, so a guessed id never names another user's notification; ``key`` (when
    set) makes a writer idempotent: one notification per user and key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("judul"), max_length=150)
    body = models.CharField(_("isi"), max_length=500, blank=True)
    url = models.CharField(
        _("tautan"), max_length=300, blank=True, help_text=_("Alamat di situs ini, diawali /.")
    )
    key = models.CharField(_("kunci"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="core_notification_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"

    def clean(self) -> None:
        url = self.url
        if url and (not url.startswith("/") or url.startswith("//") or "\\" in url):
            raise ValidationError(
                {"url": _("Tautan harus berupa alamat di situs ini, diawali garis miring (/).")}
            )


class AuditEntry(models.Model):
    """One audited action (docs/security.md, "Audit log"). Append-only: written only by
    ``lms.core.audit.services.audit_record``; the admin has no edit or delete screen and, on
    PostgreSQL, a trigger refuses UPDATE and DELETE (migration ``0006_audit_entry``).

    Nothing here is a foreign key: an entry outlives the account, the object and the OPD it
    names, so each is kept as an id and a label as they were at the time. Every text value is
    encoded by ``lms.core.audit.encoding`` (no newline or control character reaches the log)."""

    created_at = models.DateTimeField(_("waktu (UTC)"), db_index=True)
    action = models.CharField(_("tindakan"), max_length=60, db_index=True)
    actor_id = models.BigIntegerField(_("id pelaku"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("pelaku"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    object_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True)
    object_label = models.CharField(_("objek"), max_length=300, blank=True)
    opd_id = models.BigIntegerField(_("id OPD"), null=True, blank=True, db_index=True)
    opd_label = models.CharField(_("OPD"), max_length=300, blank=True)
    details = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entri log audit")
        verbose_name_plural = _("log audit")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only.")
