"""An editor changes the content in Django admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.models import HistoricalChanges

from roles.models import Role


@pytest.fixture
def editor(admin_client):
    return admin_client


def test_every_content_model_can_be_listed_searched_and_opened(editor, content):
    roles_models = [
        model
        for model in apps.get_app_config("roles").get_models()
        if not issubclass(model, HistoricalChanges)
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
