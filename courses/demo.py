"""Demo course catalogue. The starter courses themselves arrive with the courses issue."""

from lms.core.seeding import DemoContext

from .models import CourseIndexPage


def seed(context: DemoContext) -> None:
    home = context.home
    catalogue = CourseIndexPage.objects.first()
    if catalogue is None:
        catalogue = CourseIndexPage(
            title="Katalog Kursus",
            slug="kursus",
            intro="<p>Kursus SPBE, IT dasar dan literasi digital untuk ASN.</p>",
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    if home.catalogue_page_id != catalogue.pk:
        home.catalogue_page = catalogue
        home.save_revision().publish()
