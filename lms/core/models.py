from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


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
    ]

    class Meta:
        verbose_name = _("pengaturan instansi")

    def __str__(self) -> str:
        return self.name


class HomePage(Page):
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
