from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and career path"

    def ready(self):
        from . import checks  # noqa: F401 - registers the content checks
