"""Demo data for the platform itself: the institution and the home page."""

from wagtail.models import Site

from .models import HomePage
from .seeding import DemoContext
from .services import home_page_update, institution_settings_save

INTRO = (
    "<p>Tempat ASN di lingkungan pemerintah daerah belajar SPBE dan literasi digital, "
    "mengerjakan tes, dan memperoleh sertifikat ber-JP yang dapat diverifikasi.</p>"
)


def seed(context: DemoContext) -> None:
    site = Site.objects.get(is_default_site=True)
    home = home_page_update(
        home=HomePage.objects.get(), title="Belajar SPBE dan Literasi Digital", intro=INTRO
    )
    institution_settings_save(
        site=site,
        name="Pemerintah Kabupaten Contoh",
        short_name="Kab. Contoh",
        hr_unit_name="BKPSDM Kabupaten Contoh",
        contact_email="bkpsdm@contoh.go.id",
        privacy_contact="ppdp@contoh.go.id",
    )
    context.home = home
