from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from careerguide.page_cache.addresses import reads_query
from roles.sitemaps import SITEMAPS

# The default 400 handler renders with the request, whose bad Host header would then break
# the context processors; this one does not.
handler400 = "roles.views.bad_request"
handler500 = "careerguide.health.server_error"

urlpatterns = [
    # Not at the well-known /admin/ when DJANGO_ADMIN_URL moves it; robots.txt keeps quiet.
    path(settings.ADMIN_URL, admin.site.urls),
    # One page of at most 50,000 addresses, so it reads nothing from its query string.
    path("sitemap.xml", reads_query()(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("roles.urls")),
]
