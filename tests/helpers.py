"""Helpers the tests share: the real content, a data set ten times larger, and what a
reader sees of a page, the admin as an editor uses it. Fixtures live in conftest.py;
plain functions live here."""

import re
from html import unescape

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.urls import reverse

from careerguide.page_cache.models import bump_content_version
from roles.content_files import CONTENT_FILES
from roles.models import CareerMove, Responsibility, Role, RoleSkill, SalaryFigure, Source

CONTENT_FIXTURES = tuple(CONTENT_FILES)

# One address of each public page type, as a visitor or a crawler asks for them.
PUBLIC_PAGES = [
    "/",
    "/roles/",
    "/roles/associate-producer/",
    "/compare/",
    "/compare/?a=associate-producer&b=assistant-producer",
    "/career-path/",
    "/career-path/?at=production-coordinator",
    "/robots.txt",
    "/sitemap.xml",
]

# What the page cache adds to a page it renders: one query, reading the content version
# before it keeps the page. A cache hit makes no query at all.
VERSION_CHECK = 1

# What a cold render costs beside that, whatever the data (tests/test_page_loading.py).
# A role page: the role, one query for each kind of row it shows (`PAGE_ROWS`, thirteen),
# the other roles for the compare form.
ROLE_PAGE_QUERIES = 15
# A comparison: the roles for the pickers, the two roles' rows (the role page's thirteen
# kinds, so "reports to" reads the same), the sources that compare the two, the career path.
QUERIES_PER_COMPARISON = 16
# roles.json: the content version it is kept under, the roles, their thirteen kinds of
# row, the sources and the pairs each compares.
ROLES_JSON_QUERIES = 17
# salaries.csv: the roles, and their salary figures with the figures' sources.
SALARIES_CSV_QUERIES = 2

# The ten roles the sources name: the fixtures must carry exactly these slugs.
ROLE_SLUGS = (
    "production-assistant",
    "production-coordinator",
    "production-manager",
    "assistant-producer",
    "associate-producer",
    "producer",
    "field-producer",
    "supervising-producer",
    "executive-producer",
    "director",
)


def load_content():
    call_command("load_content", *CONTENT_FIXTURES, interactive=False, verbosity=0)


def content_tables():
    return list(apps.get_app_config("roles").get_models(include_auto_created=True))


_content_rows = None


def put_content():
    """Load the real content into an empty database. The first time in a run it goes
    through load_content and all its checks; after that the same rows are inserted again
    directly, which is several times faster and gives exactly the same database."""
    global _content_rows
    tables = content_tables()
    empty = not any(table._base_manager.exists() for table in tables)
    if _content_rows is None or not empty:
        load_content()
        if _content_rows is None and empty:
            _content_rows = [(table, list(table._base_manager.all())) for table in tables]
        return
    with transaction.atomic():
        for table, rows in _content_rows:
            table._base_manager.bulk_create(rows)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)
        # bulk_create sends no signals.
        bump_content_version()


def page_text(response):
    """What a reader sees of a response (or a piece of HTML): scripts and tags dropped,
    entities decoded, spaces collapsed and none left before punctuation."""
    html = response if isinstance(response, str) else response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return unescape(re.sub(r" ([,.;:!?])", r"\1", words)).strip()


def multiply_content(copies):
    """Add `copies` generated copies of the loaded content, their career paths chained
    into one long path (each copy's start follows the previous copy's last step).
    Returns the generated roles."""
    from roles.models import (
        Education,
        IndustryVariant,
        JobOutlook,
        Relationship,
        RoleCertification,
    )

    originals = list(Role.objects.by_level())
    sources = list(Source.objects.all())
    outlook = JobOutlook.objects.first()
    generated = []
    previous_tail = None
    for copy in range(1, copies + 1):
        clones = {}
        for role in originals:
            clone = Role.objects.create(
                slug=f"{role.slug}-{copy}",
                title=f"{role.title} {copy}",
                abbreviation=role.abbreviation,
                summary=role.summary,
                overview=role.overview,
                level=role.level,
                work_environment=role.work_environment,
                last_reviewed=role.last_reviewed,
            )
            clone.sources.set(sources)
            clones[role.pk] = clone
        for model in (
            Responsibility,
            RoleSkill,
            Education,
            RoleCertification,
            IndustryVariant,
            SalaryFigure,
        ):
            for row in model.objects.filter(role__in=originals):
                row.pk = None
                row.role = clones[row.role_id]
                row.save()
        for model in (Relationship, CareerMove):
            for row in model.objects.filter(from_role__in=originals):
                row.pk = None
                row.from_role = clones[row.from_role_id]
                row.to_role = clones[row.to_role_id]
                row.save()
        if outlook:
            outlook.roles.add(*clones.values())
        moves = CareerMove.objects.filter(from_role__in=clones.values(), kind="next")
        start = next(
            clone
            for clone in clones.values()
            if moves.filter(from_role=clone).exists() and not moves.filter(to_role=clone).exists()
        )
        if previous_tail is not None:
            CareerMove.objects.create(
                from_role=previous_tail, to_role=start, takes="Generated.", source=sources[0]
            )
        # The last step of this copy: a role reached by a next move that leads nowhere.
        previous_tail = next(
            move.to_role
            for move in moves.order_by("-pk")
            if not moves.filter(from_role=move.to_role).exists()
        )
        generated.extend(clones.values())
    return generated


# One page of each type, as the browser tests visit them.
PAGE_TYPES = {
    "home": "/",
    "directory": "/roles/",
    "directory filtered": "/roles/?industry=reality-tv",
    "directory searched": "/roles/?q=entry+level",
    "role": "/roles/associate-producer/",
    "role with no figures": "/roles/production-manager/",
    "compare empty": "/compare/",
    "compare filled": "/compare/?a=associate-producer&b=assistant-producer",
    "career path": "/career-path/",
    "career path marked": "/career-path/?at=production-coordinator",
    "not found": "/roles/asociate-producer/",
    "open data": "/data/",
}


# The admin, as an editor's browser uses it --------------------------------------------

PASSWORD = "a-long-and-proper-passphrase"


def form_data(response):
    """What the admin form shown in `response` would post back unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(getattr(v, "pk", v)) for v in value]
            else:
                data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def sign_in(client, password, username="editor", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )


def is_signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def guess_until_locked(client, username="editor"):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, f"wrong-{attempt}", username=username)
        if attempt < settings.AXES_FAILURE_LIMIT - 1:
            # An ordinary wrong password: the login form again, with its error.
            assert response.status_code == 200
            assert "Please enter the correct username and password" in response.content.decode()
    return response


class SaveBefore:
    """An editor's save landing between two of a page's queries: within the block, `save`
    runs once, just before the first query on `table` whose SQL has a WHERE clause
    (`filtered`) or has none. The block fails if the save never ran, so a test cannot
    pass after the page's queries change under it."""

    def __init__(self, table, save, filtered):
        self.table, self.save, self.filtered = f'FROM "{table}"', save, filtered

    def __call__(self, execute, sql, params, many, context):
        tail = sql.partition(self.table)[2]
        if self.save and tail and (" WHERE " in tail) == self.filtered:
            save, self.save = self.save, None
            save()
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapping = connection.execute_wrapper(self)
        self._wrapping.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapping.__exit__(*exc)
        if exc[0] is None:
            assert self.save is None, "the save never ran: the page's queries have changed"
