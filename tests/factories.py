"""factory_boy factories for the small data a test builds. Each row is valid as built
(a source for every fact, a summary for every role); a test names only what it is about.
The `make_*` fixtures in conftest.py are thin functions over these."""

import datetime

import factory
from factory.django import DjangoModelFactory

from roles.models import (
    CareerMove,
    Industry,
    Responsibility,
    Role,
    RoleSkill,
    SalaryFigure,
    Skill,
    Source,
)


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role

    slug = factory.Sequence(lambda n: f"role-{n}")
    title = factory.Sequence(lambda n: f"Role {n}")
    summary = factory.Sequence(lambda n: f"Does the work of role {n}.")
    level = Role.Level.MID
    last_reviewed = datetime.date(2026, 11, 22)


class SalaryFigureFactory(DjangoModelFactory):
    class Meta:
        model = SalaryFigure

    measure = SalaryFigure.Measure.AVERAGE
    source = factory.SubFactory(SourceFactory)


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.LazyAttribute(lambda skill: skill.name.lower().replace(" ", "-"))


class RoleSkillFactory(DjangoModelFactory):
    class Meta:
        model = RoleSkill

    skill = factory.SubFactory(SkillFactory)
    why = "It matters here."
    source = factory.SubFactory(SourceFactory)


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = Responsibility

    phase = Responsibility.Phase.PRODUCTION
    area = "logistics"
    source = factory.SubFactory(SourceFactory)


class CareerMoveFactory(DjangoModelFactory):
    class Meta:
        model = CareerMove

    kind = CareerMove.Kind.NEXT
    takes = "Experience."
    source = factory.SubFactory(SourceFactory)


class IndustryFactory(DjangoModelFactory):
    class Meta:
        model = Industry

    name = factory.LazyAttribute(lambda industry: industry.slug.title())
    order = 0
