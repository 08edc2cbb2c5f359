import wagtail_factories

from courses.models import CourseIndexPage
from lms.core.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Beranda"

    class Meta:
        model = HomePage


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Katalog Kursus"
    slug = "kursus"

    class Meta:
        model = CourseIndexPage
