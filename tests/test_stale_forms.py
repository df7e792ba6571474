"""Two editors, Ann and Ben, work on the content at the same time. Neither ever undoes the
other's work without knowing: a save from a form opened before the other's save is
refused, says what changed and who changed it, and keeps what was typed."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from roles.models import Responsibility, Role, Skill

from .helpers import form_data, page_text


def signed_in(username, full_name):
    first, last = full_name.split()
    user = User.objects.create_superuser(username, first_name=first, last_name=last)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ann(db):
    return signed_in("ann", "Ann Archer")


@pytest.fixture
def ben(db):
    return signed_in("ben", "Ben Baker")


def open_role(editor, slug):
    """The role's change form as the editor opens it: its address and what it would post."""
    url = reverse("admin:roles_role_change", args=[Role.objects.get(slug=slug).pk])
    return url, form_data(editor.get(url))


def duty_rows(data):
    """The form's duty rows: (prefix, duty) for each row the form shows."""
    return [
        (f"responsibilities-{n}", Responsibility.objects.get(pk=data[f"responsibilities-{n}-id"]))
        for n in range(int(data["responsibilities-INITIAL_FORMS"]))
    ]


def test_a_save_from_a_form_opened_before_anothers_save_is_refused_and_names_them(
    ann, ben, content
):
    url, anns_form = open_role(ann, "producer")
    _, bens_form = open_role(ben, "producer")
    overview_before = Role.objects.get(slug="producer").overview

    bens_form["summary"] = "Runs a production from idea to delivery."
    assert ben.post(url, bens_form).status_code == 302
    anns_form["overview"] = "Ann's new overview."
    response = ann.post(url, anns_form)

    assert response.status_code == 200
    text = page_text(response)
    assert "Nothing was saved: someone else changed this since you opened the form" in text
    assert "Ben Baker changed this role's summary." in text
    producer = Role.objects.get(slug="producer")
    assert producer.summary == "Runs a production from idea to delivery."
    assert producer.overview == overview_before
    assert not producer.history.filter(history_user__username="ann").exists()
    # Ann's typing is still in the form she gets back.
    assert response.context["adminform"].form["overview"].value() == "Ann's new overview."


def test_the_refused_form_stays_refused_and_a_form_opened_afresh_saves(ann, ben, content):
    url, anns_form = open_role(ann, "producer")
    _, bens_form = open_role(ben, "producer")
    bens_form["summary"] = "Runs a production from idea to delivery."
    ben.post(url, bens_form)
    anns_form["overview"] = "Ann's new overview."
    refused = ann.post(url, anns_form)

    # Sending the refused form again would still undo Ben's summary.
    again = ann.post(url, form_data(refused))
    assert again.status_code == 200
    assert "Ben Baker changed this role's summary." in page_text(again)

    _, fresh_form = open_role(ann, "producer")
    fresh_form["overview"] = "Ann's new overview."
    assert ann.post(url, fresh_form).status_code == 302
    producer = Role.objects.get(slug="producer")
    assert producer.overview == "Ann's new overview."
    assert producer.summary == "Runs a production from idea to delivery."


def test_a_duty_changed_by_one_editor_is_not_put_back_by_anothers_save(ann, ben, content):
    url, anns_form = open_role(ann, "assistant-producer")
    _, bens_form = open_role(ben, "assistant-producer")
    (bens_row, bens_duty), (anns_row, anns_duty) = duty_rows(bens_form)[:2]

    bens_form[f"{bens_row}-text"] = "Ben's wording of this duty."
    assert ben.post(url, bens_form).status_code == 302
    anns_form[f"{anns_row}-text"] = "Ann's wording of another duty."
    response = ann.post(url, anns_form)

    assert response.status_code == 200
    text = page_text(response)
    assert "Ben Baker changed the responsibility “Ben's wording of this duty.” (text)." in text
    assert Responsibility.objects.get(pk=bens_duty.pk).text == "Ben's wording of this duty."
    assert Responsibility.objects.get(pk=anns_duty.pk).text == anns_duty.text
    (duties,) = (
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "responsibilities"
    )
    assert duties.forms[1]["text"].value() == "Ann's wording of another duty."


def test_a_duty_deleted_since_the_form_was_opened_is_named_not_a_silent_error(ann, ben, content):
    url, anns_form = open_role(ann, "assistant-producer")
    (_, deleted), (anns_row, anns_duty) = duty_rows(anns_form)[:2]

    delete = reverse("admin:roles_responsibility_delete", args=[deleted.pk])
    assert ben.post(delete, {"post": "yes"}).status_code == 302
    anns_form[f"{anns_row}-text"] = "Ann's wording."
    response = ann.post(url, anns_form)

    assert response.status_code == 200
    assert f"Ben Baker deleted the responsibility “{deleted}”." in page_text(response)
    assert Responsibility.objects.get(pk=anns_duty.pk).text == anns_duty.text
    assert not Responsibility.objects.filter(pk=deleted.pk).exists()


def test_two_editors_changing_different_roles_never_block_each_other(ann, ben, content):
    producer_url, anns_form = open_role(ann, "producer")
    director_url, bens_form = open_role(ben, "director")

    bens_form["summary"] = "Ben's director summary."
    anns_form["summary"] = "Ann's producer summary."

    assert ben.post(director_url, bens_form).status_code == 302
    assert ann.post(producer_url, anns_form).status_code == 302
    assert Role.objects.get(slug="director").summary == "Ben's director summary."
    assert Role.objects.get(slug="producer").summary == "Ann's producer summary."


def test_the_same_holds_on_a_form_without_inlines(ann, ben, content):
    skill = Skill.objects.get(name="Negotiation")
    url = reverse("admin:roles_skill_change", args=[skill.pk])
    anns_form, bens_form = form_data(ann.get(url)), form_data(ben.get(url))

    bens_form["name"] = "Negotiating"
    assert ben.post(url, bens_form).status_code == 302
    anns_form["description"] = "Ann's description."
    response = ann.post(url, anns_form)

    assert response.status_code == 200
    assert "Ben Baker changed this skill's name." in page_text(response)
    assert Skill.objects.get(pk=skill.pk).name == "Negotiating"


def test_a_save_without_the_forms_record_of_what_it_held_is_refused(ann, content):
    url, anns_form = open_role(ann, "producer")
    del anns_form["edit_state"]
    anns_form["summary"] = "Ann's summary."

    response = ann.post(url, anns_form)

    assert response.status_code == 200
    assert "This form does not say what it held when it was opened" in page_text(response)
    assert Role.objects.get(slug="producer").summary != "Ann's summary."


def test_an_old_version_in_the_history_can_be_looked_at_but_not_saved_over(ann, content):
    producer = Role.objects.get(slug="producer")
    version = producer.history.latest()
    url = reverse("admin:roles_role_simple_history", args=[producer.pk, version.pk])

    assert ann.get(url).status_code == 200
    assert ann.post(url, {"summary": "Reverted past the checks."}).status_code == 405
    assert Role.objects.get(slug="producer").summary == producer.summary
