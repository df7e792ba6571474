"""Django's admin app, on the site in careerguide/admin_site.py. A module of its own: the
app's config is imported before any model can be, and the site imports models."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "careerguide.admin_site.EditorsAdminSite"
