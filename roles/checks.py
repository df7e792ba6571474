"""System checks over the content itself: problems an editor or a fixture can introduce.

`manage.py check` reports each problem against its record, in plain words. The same
rules guard `loaddata` (see roles/management/commands/loaddata.py).
"""

from django.core.checks import Error, register
from django.db import DatabaseError

from .content_rules import content_problems


@register("content")
def check_content(app_configs=None, **kwargs):
    try:
        problems = content_problems()
    except DatabaseError:
        # Before `migrate` there is no content to check; `migrate` runs checks first.
        return []
    return [Error(p.message, obj=p.record, id=p.code) for p in problems]
