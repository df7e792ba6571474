"""One id per request, from nginx's X-Request-ID, so a log line can be traced through
nginx, the app instance that answered and back to the visitor's response. django-guid
reads the header, replaces one that is not a UUID (a visitor can send anything) and
returns it; this module only names the log field and says `-` outside a request."""

from django.core.signals import request_finished
from django_guid import clear_guid
from django_guid.log_filters import CorrelationId


def _forget(**kwargs):
    # At the end of the response, not when the middleware returns: Django logs a 4xx/5xx
    # after the whole middleware chain, and that line must still carry the id.
    clear_guid()


request_finished.connect(_forget, dispatch_uid="careerguide.request_id")


class RequestIdFilter(CorrelationId):
    """Gives every log record a `request_id` (`-` outside a request) for the formatter."""

    def __init__(self):
        super().__init__(correlation_id_field="request_id")

    def filter(self, record):
        super().filter(record)
        record.request_id = record.request_id or "-"
        return True
