from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.api import api
from lms.core.privacy import privacy_notice
from lms.core.views import favicon, healthz

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    path("bahasa/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    # Browsers and bots ask for /favicon.ico whatever the page says (a 404 on every visit before).
    path("favicon.ico", favicon, name="favicon"),
    path("akun/data-saya/", include("lms.people.urls_privacy")),
    path("akun/", include("lms.users.urls")),
    path("privasi/", privacy_notice, name="privacy_notice"),
    path("belajar/", include("courses.urls")),
    path("kuis/", include("assessments.urls")),
    # The sandboxed H5P player: answers only on H5P_CONTENT_ORIGIN's host when that is set.
    path("h5p/", include("assessments.h5p.urls")),
    path("sertifikat/", include("certificates.urls")),
    path("pemberitahuan/", include("lms.core.notifications.urls")),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
