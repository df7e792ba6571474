"""An editor changes the content in Django admin."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

from roles.models import CareerMove, LastChange, Role, Source

from .helpers import form_data, page_text


@pytest.fixture
def editor(admin_client):
    return admin_client


def test_every_content_model_can_be_listed_searched_and_opened(editor, content):
    roles_models = [
        model
        for model in apps.get_app_config("roles").get_models()
        # Not the history, nor the dates kept from it: editors keep neither.
        if not issubclass(model, HistoricalChanges) and model is not LastChange
    ]
    assert set(roles_models) <= set(admin.site._registry)

    for model in roles_models:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert editor.get(changelist).status_code == 200
        assert editor.get(changelist, {"q": "producer"}).status_code == 200
        assert editor.get(reverse(f"admin:roles_{opts.model_name}_add")).status_code == 200
        first = model.objects.first()
        if first is not None:
            change = reverse(f"admin:roles_{opts.model_name}_change", args=[first.pk])
            assert editor.get(change).status_code == 200


def test_the_role_form_edits_duties_skills_figures_and_variants_inline(editor, content):
    role = Role.objects.get(slug="associate-producer")
    html = editor.get(reverse("admin:roles_role_change", args=[role.pk])).content.decode()

    for inline in ("responsibilities", "role_skills", "salary_figures", "industry_variants"):
        assert f'id="{inline}-group"' in html


def test_the_role_list_filters_by_level(editor, content):
    response = editor.get(reverse("admin:roles_role_changelist"), {"level__exact": "5"})
    assert list(response.context["cl"].result_list) == [Role.objects.get(slug="executive-producer")]


def role_form(editor, slug):
    role = Role.objects.get(slug=slug)
    url = reverse("admin:roles_role_change", args=[role.pk])
    return url, form_data(editor.get(url))


def add_next_step(data, to_role):
    """Fill the role form's first empty career-move row: a next step to `to_role`."""
    n = int(data["moves_out-TOTAL_FORMS"])
    data["moves_out-TOTAL_FORMS"] = str(n + 1)
    data |= {
        f"moves_out-{n}-kind": "next",
        f"moves_out-{n}-to_role": str(Role.objects.get(slug=to_role).pk),
        f"moves_out-{n}-takes": "Years of experience.",
        f"moves_out-{n}-source": str(Source.objects.get(key="associate-vs-executive-producer").pk),
        f"moves_out-{n}-order": "0",
    }
    return data


def test_an_editor_changes_a_summary_and_the_history_says_who_and_when(editor, content):
    url, data = role_form(editor, "producer")
    data["summary"] = "Runs a production from idea to delivery."

    response = editor.post(url, data)

    assert response.status_code == 302
    producer = Role.objects.get(slug="producer")
    assert producer.summary == "Runs a production from idea to delivery."
    change = producer.history.latest()
    assert change.history_type == "~"
    assert change.history_user.username == "admin"
    assert change.summary == "Runs a production from idea to delivery."
    history = page_text(editor.get(reverse("admin:roles_role_history", args=[producer.pk])))
    assert "Changed admin" in history
    assert "Runs a production from idea to delivery." in history
    assert "Created None Loaded from the fixtures" in history


@pytest.mark.parametrize("model", ["role", "source", "careermove"])
def test_a_history_address_with_a_mangled_id_is_not_found(editor, content, model):
    # A hand-edited address: the change page's path with "history/" added after it.
    response = editor.get(f"/admin/roles/{model}/1/change/history/")

    assert response.status_code == 404


def test_a_next_step_from_executive_producer_back_to_production_assistant_is_refused(
    editor, content
):
    url, data = role_form(editor, "executive-producer")
    moves_before = CareerMove.objects.count()

    response = editor.post(url, add_next_step(data, "production-assistant"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Nothing was saved: this change would break the content rules." in text
    assert "leads back into “production-assistant”, an entry-level role" in text
    assert "The career path starts at “executive-producer”" in text
    assert CareerMove.objects.count() == moves_before
    # The form comes back as the editor filled it in, ready to correct.
    assert response.context["inline_admin_formsets"][-1].formset.total_form_count() == int(
        data["moves_out-TOTAL_FORMS"]
    )


def test_the_same_move_is_refused_on_the_career_move_form(editor, content):
    moves_before = CareerMove.objects.count()
    response = editor.post(
        reverse("admin:roles_careermove_add"),
        {
            "from_role": Role.objects.get(slug="executive-producer").pk,
            "to_role": Role.objects.get(slug="production-assistant").pk,
            "kind": "next",
            "takes": "Nothing.",
            "source": Source.objects.get(key="associate-vs-executive-producer").pk,
            "order": 0,
        },
    )

    assert response.status_code == 200
    assert "an entry-level role" in page_text(response)
    assert CareerMove.objects.count() == moves_before
    assert not CareerMove.history.filter(from_role__slug="executive-producer").exists()


def test_a_move_that_closes_a_circle_is_refused(editor, content):
    url, data = role_form(editor, "producer")

    response = editor.post(url, add_next_step(data, "associate-producer"))

    assert response.status_code == 200
    assert "The career path goes round in a circle" in page_text(response)
    assert not CareerMove.objects.filter(from_role__slug="producer").exists()


def test_an_empty_summary_is_refused(editor, content):
    url, data = role_form(editor, "producer")
    before = Role.objects.get(slug="producer").summary
    data["summary"] = "   "

    response = editor.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["summary"] == ["This field is required."]
    assert Role.objects.get(slug="producer").summary == before


def test_a_role_whose_text_cites_no_source_is_refused(editor, content):
    url, data = role_form(editor, "producer")
    del data["sources"]

    response = editor.post(url, data)

    assert response.status_code == 200
    assert "“producer” cites no source for its summary and overview" in page_text(response)
    assert Role.objects.get(slug="producer").sources.exists()


def test_deleting_the_first_step_of_the_path_is_refused(editor, content):
    first = CareerMove.objects.get(to_role__slug="production-coordinator")
    url = reverse("admin:roles_careermove_delete", args=[first.pk])

    response = editor.post(url, {"post": "yes"}, follow=True)

    assert CareerMove.objects.filter(pk=first.pk).exists()
    text = page_text(response)
    assert "Nothing was deleted: deleting it would break the content rules." in text
    assert "The step “production-coordinator” cannot be reached from the start" in text


def test_deleting_it_from_the_list_is_refused_too(editor, content):
    first = CareerMove.objects.get(to_role__slug="production-coordinator")

    response = editor.post(
        reverse("admin:roles_careermove_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk], "post": "yes"},
        follow=True,
    )

    assert CareerMove.objects.filter(pk=first.pk).exists()
    assert "Nothing was deleted" in page_text(response)


def test_a_change_that_keeps_the_rules_is_saved_even_on_the_role_form(editor, content):
    url, data = role_form(editor, "producer")

    response = editor.post(url, add_next_step(data, "executive-producer"))

    assert response.status_code == 302
    move = CareerMove.objects.get(from_role__slug="producer")
    assert move.to_role.slug == "executive-producer"
    assert move.history.get().history_user.username == "admin"


def test_the_roles_history_lists_changes_to_its_rows_with_who_made_them(editor, content):
    url, data = role_form(editor, "producer")
    editor.post(url, add_next_step(data, "executive-producer"))
    producer = Role.objects.get(slug="producer")

    history = page_text(editor.get(reverse("admin:roles_role_history", args=[producer.pk])))

    rows = history.split("Changes to this role's rows", 1)[1]
    assert "Producer → Executive Producer Career move" in rows
    assert "Created admin" in rows
    # The loaded duty rows are listed too, as loaded from the fixtures.
    assert "Responsibility" in rows and "Loaded from the fixtures" in rows


def test_the_role_list_shows_when_each_role_last_changed(editor, content):
    producer = Role.objects.get(slug="producer")
    producer.summary = "Runs a production from idea to delivery."
    producer._history_date = datetime.datetime(2027, 3, 4, 12, tzinfo=datetime.UTC)
    producer.save()

    response = editor.get(reverse("admin:roles_role_changelist"))

    assert "Last updated" in page_text(response)
    assert "March 4, 2027" in page_text(response)
