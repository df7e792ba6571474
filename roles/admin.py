from django.contrib import admin
from django.db import models as django_models

from . import models


class SourcedInline(admin.TabularInline):
    extra = 0
    autocomplete_fields = ["source"]


class ResponsibilityInline(SourcedInline):
    model = models.Responsibility
    fields = ["phase", "area", "text", "source", "order"]


class RoleSkillInline(SourcedInline):
    model = models.RoleSkill
    autocomplete_fields = ["skill", "source"]
    fields = ["skill", "why", "source", "order"]


class EducationInline(SourcedInline):
    model = models.Education
    fields = ["kind", "text", "source", "order"]


class RoleCertificationInline(SourcedInline):
    model = models.RoleCertification
    fields = ["certification", "note", "source"]


class IndustryVariantInline(SourcedInline):
    model = models.IndustryVariant
    fields = ["industry", "text", "source"]


class SalaryFigureInline(SourcedInline):
    model = models.SalaryFigure
    fields = ["amount", "currency", "period", "measure", "scope", "year", "region", "source"]


class RelationshipInline(SourcedInline):
    model = models.Relationship
    fk_name = "from_role"
    autocomplete_fields = ["to_role", "source"]
    fields = ["kind", "to_role", "note", "source"]


class CareerMoveInline(SourcedInline):
    model = models.CareerMove
    fk_name = "from_role"
    autocomplete_fields = ["to_role", "source"]
    fields = ["kind", "to_role", "takes", "source", "order"]


@admin.register(models.Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "abbreviation", "level", "last_reviewed"]
    list_filter = ["level", "industry_variants__industry", "sources"]
    search_fields = ["title", "abbreviation", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sources"]
    inlines = [
        ResponsibilityInline,
        RoleSkillInline,
        EducationInline,
        RoleCertificationInline,
        IndustryVariantInline,
        SalaryFigureInline,
        RelationshipInline,
        CareerMoveInline,
    ]


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "cites"]
    search_fields = ["title", "publisher", "cites", "key"]
    list_filter = ["published_on"]
    # The articles' addresses are https; Django 6 makes that the default.
    formfield_overrides = {django_models.URLField: {"assume_scheme": "https"}}


@admin.register(models.Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]


@admin.register(models.SalaryFigure)
class SalaryFigureAdmin(admin.ModelAdmin):
    list_display = ["role", "amount", "currency", "measure", "scope", "year", "source"]
    list_filter = ["measure", "source", "role"]
    search_fields = ["role__title", "scope"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.JobOutlook)
class JobOutlookAdmin(admin.ModelAdmin):
    list_display = ["key", "growth_percent", "start_year", "end_year", "scope", "source"]
    list_filter = ["source"]
    search_fields = ["scope", "key"]
    filter_horizontal = ["roles"]


@admin.register(models.CareerMove)
class CareerMoveAdmin(admin.ModelAdmin):
    list_display = ["from_role", "to_role", "kind", "source", "order"]
    list_filter = ["kind", "source"]
    search_fields = ["from_role__title", "to_role__title", "takes"]
    autocomplete_fields = ["from_role", "to_role", "source"]


@admin.register(models.Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["from_role", "kind", "to_role", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["from_role__title", "to_role__title"]
    autocomplete_fields = ["from_role", "to_role", "source"]


@admin.register(models.Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["role", "phase", "area", "text", "source"]
    list_filter = ["phase", "area", "role", "source"]
    search_fields = ["text", "role__title"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.RoleSkill)
class RoleSkillAdmin(admin.ModelAdmin):
    list_display = ["role", "skill", "why", "source"]
    list_filter = ["skill", "role"]
    search_fields = ["why", "role__title", "skill__name"]
    autocomplete_fields = ["role", "skill", "source"]


@admin.register(models.IndustryVariant)
class IndustryVariantAdmin(admin.ModelAdmin):
    list_display = ["role", "industry", "source"]
    list_filter = ["industry", "role"]
    search_fields = ["text", "role__title"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.Education)
class EducationAdmin(admin.ModelAdmin):
    list_display = ["role", "kind", "text", "source"]
    list_filter = ["kind", "role"]
    search_fields = ["text", "role__title"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.RoleCertification)
class RoleCertificationAdmin(admin.ModelAdmin):
    list_display = ["role", "certification", "source"]
    list_filter = ["certification"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.RoleIndustry)
class RoleIndustryAdmin(admin.ModelAdmin):
    list_display = ["role", "industry", "note", "source"]
    list_filter = ["industry", "role"]
    search_fields = ["note", "role__title"]
    autocomplete_fields = ["role", "source"]
