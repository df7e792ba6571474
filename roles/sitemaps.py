"""The sitemap: the four fixed pages and every role page, dated by its last review."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Role


class PublicAddressMixin:
    """Use DJANGO_SITE_URL's scheme and host when set, as canonical links do."""

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class PageSitemap(PublicAddressMixin, Sitemap):
    def items(self):
        return ["roles:home", "roles:list", "roles:compare", "roles:career_path"]

    def location(self, item):
        return reverse(item)


class RoleSitemap(PublicAddressMixin, Sitemap):
    def items(self):
        return Role.objects.by_level().with_last_update().only("slug", "last_change__at")

    def lastmod(self, role):
        return role.last_updated


SITEMAPS = {"pages": PageSitemap, "roles": RoleSitemap}
