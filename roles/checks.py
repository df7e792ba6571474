"""System checks over the content itself: problems an editor or a fixture can introduce.

`manage.py check --database default` reports each problem against its record, in plain
words. The check reads the database, so like Django's own database checks it runs only
for the databases it is given (`migrate` passes its own). The same rules guard
`load_content` and every save in the admin.
"""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections, router
from django.db.migrations.executor import MigrationExecutor

from .content_rules import content_problems
from .models import Role


@register(Tags.database, "content")
def check_content(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        try:
            connections[alias].ensure_connection()
        except DatabaseError as error:
            errors.append(
                Error(
                    f"Cannot reach the database “{alias}” to check the content: {error}",
                    hint="Is the database server running, and is DATABASE_URL right?",
                    id="roles.E100",
                )
            )
            continue
        if alias != router.db_for_read(Role) or migrations_pending(alias):
            # Before `migrate` has run there is no content to check; `migrate` runs
            # these checks first, and must not be stopped by its own missing tables.
            continue
        try:
            problems = content_problems()
        except DatabaseError as error:
            errors.append(
                Error(f"Could not read the content to check it: {error}", id="roles.E101")
            )
            continue
        errors.extend(Error(p.message, obj=p.record, id=p.code) for p in problems)
    return errors


def migrations_pending(alias):
    executor = MigrationExecutor(connections[alias])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
