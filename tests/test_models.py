"""The database itself refuses content that would mislead a reader."""

import pytest
from django.db import IntegrityError
from django.urls import set_script_prefix

from roles.models import SalaryFigure


@pytest.mark.django_db
def test_a_salary_figure_cannot_be_saved_without_a_source(make_role):
    with pytest.raises(IntegrityError):
        SalaryFigure.objects.create(role=make_role(), amount=50000, measure="average")


def test_a_salary_amount_must_be_positive(make_role, make_salary):
    with pytest.raises(IntegrityError):
        make_salary(make_role(), 0)


def test_a_move_from_a_role_to_itself_is_refused(make_role, make_move):
    role = make_role()
    with pytest.raises(IntegrityError):
        make_move(role, role)


def test_two_roles_cannot_share_a_slug(make_role):
    make_role(slug="producer")
    with pytest.raises(IntegrityError):
        make_role(slug="producer")


def test_only_figures_of_one_measure_from_one_source_are_comparable(
    make_role, make_salary, make_source
):
    article, other = make_source(), make_source()
    ap, assistant = make_role(), make_role()
    ap_average = make_salary(ap, 58451, source=article)
    assistant_average = make_salary(assistant, 52804, source=article)
    ap_median = make_salary(ap, 50791, measure="median", source=other)

    assert ap_average.is_comparable_with(assistant_average)
    assert not ap_median.is_comparable_with(assistant_average)


def test_a_role_address_follows_the_prefix_the_site_is_served_under(make_role):
    role = make_role(slug="field-producer")
    assert role.get_absolute_url() == "/roles/field-producer/"
    set_script_prefix("/guide/")
    try:
        assert role.get_absolute_url() == "/guide/roles/field-producer/"
    finally:
        set_script_prefix("/")
    assert role.get_absolute_url() == "/roles/field-producer/"
