from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and career path"

    def ready(self):
        # Registers the content checks, and the receiver that dates a role's page.
        from . import checks, last_change  # noqa: F401
