"""Every change to a role's content is kept with who and when, and the role page's
"last updated" date is the latest of them, not a date typed into a fixture."""

import datetime

from roles.models import HistoricalResponsibility, JobOutlook, Responsibility, Role

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
