"""An editor loads content from fixtures: broken files are refused whole, with a reason."""

import json

import pytest
from django.core.management import CommandError, call_command

from roles.models import CareerMove, Role

from .helpers import ROLE_SLUGS, content_tables, load_content


def write_fixture(tmp_path, records, name="broken.json"):
    path = tmp_path / name
    path.write_text(records if isinstance(records, str) else json.dumps(records))
    return str(path)


def row_counts():
    """How many rows each of the guide's tables holds, the many-to-many ones included."""
    return {table.__name__: table._base_manager.count() for table in content_tables()}


def new_role(slug):
    return {
        "model": "roles.role",
        "fields": {
            "slug": slug,
            "title": slug.replace("-", " ").title(),
            "summary": "A role made up for this test.",
            "level": 1,
            "last_reviewed": "2026-11-22",
        },
    }


def salary(pk, role, amount, source=("associate-vs-assistant-producer",)):
    fields = {"role": [role], "amount": amount, "currency": "USD", "measure": "average"}
    if source is not None:
        fields["source"] = list(source)
    return {"model": "roles.salaryfigure", "pk": pk, "fields": fields}


def move(pk, from_role, to_role):
    return {
        "model": "roles.careermove",
        "pk": pk,
        "fields": {
            "from_role": [from_role],
            "to_role": [to_role],
            "kind": "next",
            "takes": "Experience.",
            "source": ["what-does-an-associate-producer-do"],
        },
    }


def assert_refused(path, *words):
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("loaddata", path, verbosity=0)
    message = str(refused.value)
    assert "Nothing was loaded" in message
    for word in words:
        assert word in message
    assert row_counts() == before
    return message


def test_the_real_content_loads_twice_without_duplicating_anything(content):
    once = row_counts()
    load_content()
    assert row_counts() == once
    assert once["Role"] == len(ROLE_SLUGS)


def test_a_file_that_is_not_json_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, '[{"model": "roles.role", "fields": {')
    assert_refused(path, "broken.json")


def test_a_career_move_to_an_unknown_role_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [new_role("runner"), move(900, "runner", "chief-dreamer")])
    assert_refused(path, "chief-dreamer")
    assert not Role.objects.filter(slug="runner").exists()


def test_a_negative_salary_is_refused_in_plain_words(content, tmp_path):
    path = write_fixture(tmp_path, [salary(900, "producer", -5000)])
    assert_refused(path, "salary figure", "greater than or equal to 0")


def test_a_zero_salary_is_refused_by_the_database_rule(content, tmp_path):
    path = write_fixture(tmp_path, [salary(900, "producer", 0)])
    assert_refused(path, "A salary amount must be more than zero.")


def test_a_salary_without_a_source_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [salary(900, "producer", 60000, source=None)])
    assert_refused(path, "source")


def test_a_career_path_that_goes_round_in_a_circle_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [move(900, "supervising-producer", "production-assistant")])
    assert_refused(path, "round in a circle", "production-assistant")
    assert not CareerMove.objects.filter(pk=900).exists()


def test_a_move_to_the_same_role_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [move(900, "producer", "producer")])
    assert_refused(path, "A career move must lead to a different role.")


def test_a_role_without_a_summary_is_refused(content, tmp_path):
    role = new_role("empty-role")
    role["fields"]["summary"] = ""
    path = write_fixture(tmp_path, [role])
    assert_refused(path, "summary")


def test_an_existing_row_is_not_half_changed_by_a_broken_file(content, tmp_path):
    producer_summary = Role.objects.get(slug="producer").summary
    changed = new_role("producer")
    changed["fields"]["summary"] = "Changed before the broken record."
    path = write_fixture(tmp_path, [changed, salary(900, "producer", -1)])

    assert_refused(path)
    assert Role.objects.get(slug="producer").summary == producer_summary
