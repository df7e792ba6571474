from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "careerguide.page_cache"
    label = "page_cache"
    verbose_name = "Page cache"

    def ready(self):
        from . import signals  # noqa: F401 - connects the content-change receivers
