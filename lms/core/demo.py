"""Demo data for the platform itself: the institution and the home page."""

from wagtail.models import Site

from .models import HomePage, InstitutionSettings
from .seeding import DemoContext

INTRO = (
    "<p>Tempat ASN di lingkungan pemerintah daerah belajar SPBE dan literasi digital, "
    "mengerjakan tes, dan memperoleh sertifikat ber-JP yang dapat diverifikasi.</p>"
)


def seed(context: DemoContext) -> None:
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    if home.title != "Belajar SPBE dan Literasi Digital" or home.intro != INTRO:
        home.title = "Belajar SPBE dan Literasi Digital"
        home.intro = INTRO
        home.save_revision().publish()
    institution = InstitutionSettings.for_site(site)
    institution.name = "Pemerintah Kabupaten Contoh"
    institution.short_name = "Kab. Contoh"
    institution.hr_unit_name = "BKPSDM Kabupaten Contoh"
    institution.contact_email = "bkpsdm@contoh.go.id"
    institution.privacy_contact = "ppdp@contoh.go.id"
    institution.save()
    context.home = home
