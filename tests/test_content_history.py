"""Every change to a role's content is kept with who and when, and the role page's
"last updated" date is the latest of them, not a date typed into a fixture."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import last_change
from roles.models import HistoricalResponsibility, JobOutlook, LastChange, Responsibility, Role

from . import factories
from .helpers import load_content, page_text

MARCH_4 = datetime.datetime(2027, 3, 4, 15, 30, tzinfo=datetime.UTC)


def last_updated(client, slug):
    text = page_text(client.get(f"/roles/{slug}/"))
    return text.split("content was last updated on ", 1)[1].split(".")[0]


def test_loading_the_fixtures_records_every_row_once(content):
    loaded = HistoricalResponsibility.objects.filter(
        history_change_reason="Loaded from the fixtures"
    )
    assert loaded.count() == Responsibility.objects.count()

    load_content()

    assert loaded.count() == Responsibility.objects.count()


def test_a_changed_duty_moves_its_role_page_date_and_no_other(client, content):
    duty = Responsibility.objects.filter(role__slug="producer").first()
    other_before = last_updated(client, "associate-producer")

    duty.text = "Keeps the production on budget and on schedule."
    duty._history_date = MARCH_4
    duty.save()

    assert last_updated(client, "producer") == "4 March 2027"
    assert last_updated(client, "associate-producer") == other_before
    assert duty.history.latest().history_type == "~"


def test_a_deleted_duty_is_remembered_and_dates_the_page(client, content):
    duty = Responsibility.objects.filter(role__slug="producer").first()
    duty_id = duty.pk
    duty._history_date = MARCH_4
    duty.delete()

    gone = HistoricalResponsibility.objects.filter(id=duty_id).latest()
    assert (gone.history_type, gone.text) == ("-", duty.text)
    assert last_updated(client, "producer") == "4 March 2027"


def test_a_new_step_into_a_role_dates_that_roles_page_too(client, content):
    producer = Role.objects.get(slug="producer")
    move = producer.moves_in.first()
    move._history_date = MARCH_4
    move.takes = "Several years as an associate producer."
    move.save()

    assert last_updated(client, "producer") == "4 March 2027"


def test_a_changed_job_outlook_dates_the_pages_of_its_roles_and_no_other(client, content):
    outlook = JobOutlook.objects.filter(roles__isnull=False).distinct().first()
    shown_on = {role.slug for role in outlook.roles.all()}
    other = Role.objects.exclude(job_outlooks=outlook).first()
    other_before = last_updated(client, other.slug)

    outlook.note = "Projections from the national labour statistics."
    outlook._history_date = MARCH_4
    outlook.save()

    for slug in shown_on:
        assert last_updated(client, slug) == "4 March 2027"
    assert last_updated(client, other.slug) == other_before


def test_a_role_with_no_recorded_change_gives_no_date_anywhere(client, content):
    # bulk_create records no history: a role as a raw import into the database leaves it.
    Role.objects.bulk_create(
        [Role(slug="runner", title="Runner", summary="Runs.", level=1, last_reviewed=MARCH_4)]
    )

    assert Role.objects.with_last_update().get(slug="runner").last_updated is None
    assert "last updated" not in page_text(client.get("/roles/runner/"))
    sitemap = client.get("/sitemap.xml").content.decode()
    entry = sitemap.split("/roles/runner/</loc>", 1)[1].split("</url>", 1)[0]
    assert "<lastmod>" not in entry
    # Every other role is still dated by its own changes.
    producer = Role.objects.with_last_update().get(slug="producer")
    assert producer.last_updated > datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def test_a_deleted_role_takes_its_date_with_it_and_dates_the_roles_it_was_linked_to(
    client, content
):
    producer = Role.objects.get(slug="producer")
    producer_pk = producer.pk
    linked = {move.from_role_id for move in producer.moves_in.all()}
    before = dict(LastChange.objects.values_list("role", "at"))

    producer.delete()  # with its duties, skills and moves, each of which dates a page

    after = dict(LastChange.objects.values_list("role", "at"))
    assert set(after) == set(before) - {producer_pk}
    assert all(after[pk] > before[pk] for pk in linked)
    # The deferred foreign keys hold: the commit would not fail on a date left behind.
    connection.check_constraints()
    assert client.get("/roles/producer/").status_code == 404


def test_a_later_change_is_never_dated_earlier_by_one_that_commits_after_it(content):
    # Two edits at once: whichever commits last, the page shows the later date.
    producer = Role.objects.get(slug="producer")
    march_5 = MARCH_4 + datetime.timedelta(days=1)

    last_change.record({producer.pk}, march_5)
    last_change.record({producer.pk}, MARCH_4)

    assert Role.objects.with_last_update().get(pk=producer.pk).last_updated == march_5


def test_the_dates_read_again_from_history_are_the_dates_the_edits_kept(content):
    duty = Responsibility.objects.filter(role__slug="producer").first()
    duty._history_date = MARCH_4
    duty.save()
    outlook = JobOutlook.objects.filter(roles__isnull=False).first()
    outlook._history_date = MARCH_4 + datetime.timedelta(hours=1)
    outlook.save()
    kept = dict(LastChange.objects.values_list("role", "at"))

    LastChange.objects.all().delete()
    last_change.rebuild()

    assert dict(LastChange.objects.values_list("role", "at")) == kept
    assert len(kept) == Role.objects.count()


def test_reading_the_dates_from_history_costs_the_same_however_much_there_is(
    content, make_role, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as before:
        last_change.rebuild()
    for role in make_role.create_batch(3):
        factories.ResponsibilityFactory.create_batch(4, role=role)
        factories.CareerMoveFactory(from_role=role, to_role=Role.objects.first())

    with django_assert_num_queries(len(before)):
        last_change.rebuild()
    assert LastChange.objects.count() == Role.objects.count()
