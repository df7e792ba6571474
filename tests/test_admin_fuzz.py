"""A signed-in editor who mistypes an address, or follows a mangled link, gets a 400 or a
404, never a server error, on every admin page the site has."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import NoReverseMatch, reverse

from roles.models import Role

# Ids as a hand-edited or truncated address carries them.
BAD_IDS = ["abc", "\x00", "-1", "1.5", "9" * 30, "é", " ", "1%", "0x1"]
BAD_VALUE = "abc\x00"


@pytest.fixture
def editor(admin_user, content):
    # Errors come back as responses to count, not as exceptions that stop at the first.
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


def registered():
    for model in apps.get_models():
        if admin.site.is_registered(model):
            yield model, admin.site.get_model_admin(model)


def url(name, *args):
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def requests_for(model, model_admin):
    """(method, address, data) for each page of one model's admin, with bad input."""
    opts = model._meta
    prefix = f"{opts.app_label}_{opts.model_name}"
    first = model._default_manager.order_by("pk").first()
    real = str(first.pk) if first else "1"
    changelist = url(f"{prefix}_changelist")

    yield "get", changelist, {"q": BAD_VALUE, "o": "abc", "p": "abc"}
    yield "get", changelist, {"p": "99999", "all": "", "_to_field": "abc", "_popup": "1"}
    yield "get", changelist, {"o": "99.-1", "e": "1", "no__such__lookup": "1"}
    for field in opts.get_fields():
        if field.concrete:
            yield "get", changelist, {f"{field.name}__exact": BAD_VALUE}
            yield "get", changelist, {f"{field.name}__id__exact": "abc"}
    for action in ["delete_selected", "no_such_action"]:
        for bad in ["abc", "\x00", "9" * 30]:
            data = {"action": action, ACTION_CHECKBOX_NAME: [real, bad], "post": "yes"}
            yield "post", changelist, data
    yield "post", changelist, {"action": "delete_selected", "select_across": "abc", "index": "x"}

    add = url(f"{prefix}_add")
    for field in opts.get_fields():
        if field.concrete and field.editable:
            yield "get", add, {field.name: BAD_VALUE}
            yield "get", add, {field.name: f"{real},abc"}
    yield "post", add, {field.name: BAD_VALUE for field in opts.concrete_fields}

    for bad in [*BAD_IDS, real]:
        for view in ["change", "history", "delete"]:
            page = url(f"{prefix}_{view}", bad)
            if page:
                yield "get", page, {"_to_field": "abc", "_changelist_filters": BAD_VALUE}
                # Nothing real is deleted: the editor must stay signed in, and the
                # content whole, for the requests after this one to mean anything.
                if bad != real or view == "change":
                    yield "post", page, {"post": "yes", "edit_state": BAD_VALUE}
        for pair in [(real, bad), (bad, real)]:
            version = url(f"{prefix}_simple_history", *pair)
            if version:
                yield "get", version, {}

    for field_name in model_admin.autocomplete_fields:
        query = {"app_label": opts.app_label, "model_name": opts.model_name}
        yield "get", url("autocomplete"), query | {"field_name": field_name, "term": BAD_VALUE}
        yield "get", url("autocomplete"), query | {"field_name": field_name, "page": "abc"}
        yield "get", url("autocomplete"), query | {"field_name": "abc"}


def site_requests():
    yield "get", url("index"), {"q": BAD_VALUE}
    yield "get", url("autocomplete"), {"app_label": "abc", "model_name": "\x00"}
    yield "get", url("autocomplete"), {}
    content_type = ContentType.objects.get_for_model(Role).pk
    for bad in BAD_IDS:
        yield "get", url("view_on_site", bad, "1"), {}
        yield "get", url("view_on_site", content_type, bad), {}
        yield "get", url("app_list", bad), {}
    for model, model_admin in registered():
        yield from requests_for(model, model_admin)


def test_the_three_reported_addresses_are_a_404_or_a_400(editor):
    role = Role.objects.get(slug="producer")
    history = editor.get(f"/admin/roles/role/{role.pk}/history/abc/")
    prefilled = editor.get("/admin/roles/responsibility/add/", {"role": "abc"})
    prefilled_nul = editor.get("/admin/roles/responsibility/add/?role=%00")
    action = editor.post(
        "/admin/roles/role/",
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: "abc"},
    )

    assert history.status_code == 404
    assert prefilled.status_code == 400
    assert prefilled_nul.status_code == 400
    assert action.status_code == 400
    assert Role.objects.filter(pk=role.pk).exists()


def test_no_admin_page_answers_bad_input_with_a_server_error(editor):
    rows_before = {model: model._default_manager.count() for model, _ in registered()}
    sign_in = reverse("admin:login")
    errors, asked = [], 0
    for method, address, data in site_requests():
        response = getattr(editor, method)(address, data)
        asked += 1
        signed_out = response.get("Location", "").startswith(sign_in)
        if response.status_code >= 500 or signed_out:
            errors.append(f"{method.upper()} {address} {data} -> {response.status_code}")

    # Every registered model (content, users and groups, sign-in attempts) was asked.
    assert asked > 1000
    assert errors == []
    assert {model: model._default_manager.count() for model, _ in registered()} == rows_before
