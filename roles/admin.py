"""The editors' admin. Every save and delete is held to the content rules, and every
change is recorded in the content's history (who, when, what)."""

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models as django_models
from django.db import router, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from . import models
from .content_rules import content_problems
from .stale_forms import EditStateForm, changes_since_opened, opened_as


class ContentRulesBroken(Exception):
    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def problem_keys():
    return {(p.code, p.message) for p in content_problems()}


def new_problems(before):
    """Problems a change introduced; ones the content already had do not block a save."""
    return [p for p in content_problems() if (p.code, p.message) not in before]


def refusing(form_class, problems):
    """The admin form again, carrying the rules a first attempt at saving it broke."""

    class RefusedForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            self.add_error(None, "Nothing was saved: this change would break the content rules.")
            for problem in problems:
                self.add_error(None, problem.message)
            return cleaned_data

    return RefusedForm


def refusing_stale(form_class, changes):
    """The admin form again, saying what changed since it was opened. It keeps refusing:
    its token still says what the editor saw, so only a form opened afresh (showing the
    other editor's change) can save over it."""

    class StaleForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            self.add_error(
                None,
                "Nothing was saved: someone else changed this since you opened the form, "
                "and saving it would undo their change.",
            )
            for change in changes:
                self.add_error(None, change)
            self.add_error(
                None,
                "Open it again to see their version, then make your change there; what you "
                "typed is still below, to copy.",
            )
            return cleaned_data

    return StaleForm


class ContentAdmin(SimpleHistoryAdmin):
    """Checks the content rules over the whole content after each change, inside the
    admin's own transaction: a change that breaks one is rolled back and the form shown
    again with the reason, exactly as the editor filled it in.

    A change form remembers what it showed when it was opened (roles/stale_forms.py); a
    save from a form that no longer matches the database is refused the same way."""

    form = EditStateForm

    def history_view(self, request, object_id, extra_context=None):
        # simple-history queries with the id as typed, so an address like
        # ".../10/change/history/" would be a 500; Django's own views answer 404.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404(f"No {self.model._meta.verbose_name} has the id “{object_id}”.") from None
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The same 404 for a version id that is not a number. And reverting is switched
        # off, but simple-history would still save a POST here, past the content rules and
        # the stale-form check: only looking is allowed.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        history = self.model.history.model
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            history._meta.pk.to_python(version_id)
        except ValidationError:
            raise Http404(f"No {self.model._meta.verbose_name} version “{version_id}”.") from None
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One transaction around the stale-form check and the save, so the rows the check
        # locks stay as it saw them until the save is written.
        with transaction.atomic(using=router.db_for_write(self.model)):
            if request.method == "POST" and object_id is not None:
                obj = self.get_object(request, unquote(object_id))
                if obj is not None:
                    request.stale_changes = changes_since_opened(
                        request.POST.get("edit_state", ""), obj
                    )
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except ContentRulesBroken as broken:
                # The admin's savepoint has rolled the save back; this second pass validates
                # the same POST and shows it with the problems as form errors.
                request.content_problems = broken.problems
                return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        problems = getattr(request, "content_problems", None)
        if problems:
            form = refusing(form, problems)
        changes = getattr(request, "stale_changes", None)
        if changes:
            form = refusing_stale(form, changes)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if change and obj is not None and not form.is_bound:
            # A freshly opened form: remember the object and the inline rows it shows. A
            # form sent back (refused) keeps the token it was opened with.
            rows = [
                row
                for inline in context.get("inline_admin_formsets", [])
                for row in inline.formset.get_queryset()
            ]
            form.initial["edit_state"] = opened_as(obj, rows)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        request.problems_before_save = problem_keys()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        problems = new_problems(request.problems_before_save)
        if problems:
            raise ContentRulesBroken(problems)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ContentRulesBroken as broken:
            self.refuse_deletion(request, broken.problems)
            opts = self.model._meta
            return redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            )

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except ContentRulesBroken as broken:
            self.refuse_deletion(request, broken.problems)
            return redirect(request.get_full_path())

    def delete_model(self, request, obj):
        with self.keeping_content_rules():
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with self.keeping_content_rules():
            super().delete_queryset(request, queryset)

    @contextmanager
    def keeping_content_rules(self):
        """A savepoint, rolled back if the change inside it adds a content problem."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            before = problem_keys()
            yield
            problems = new_problems(before)
            if problems:
                raise ContentRulesBroken(problems)

    def refuse_deletion(self, request, problems):
        self.message_user(
            request,
            "Nothing was deleted: deleting it would break the content rules. "
            + " ".join(p.message for p in problems),
            messages.ERROR,
        )


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
class RoleAdmin(ContentAdmin):
    list_display = ["title", "abbreviation", "level", "last_updated"]
    list_filter = ["level", "industry_variants__industry", "sources"]
    search_fields = ["title", "abbreviation", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sources"]
    object_history_template = "admin/roles/role/object_history.html"
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

    def get_queryset(self, request):
        return super().get_queryset(request).with_last_update()

    @admin.display(description="last updated")
    def last_updated(self, role):
        return role.last_updated

    def history_view(self, request, object_id, extra_context=None):
        role = self.get_object(request, unquote(object_id))
        context = {"row_changes": row_changes(role) if role else [], **(extra_context or {})}
        return super().history_view(request, object_id, context)


def row_changes(role):
    """Recorded changes to the rows a role's page shows (not the role itself), newest first."""
    changes = []
    for model, keys in models.role_content_rows():
        if model is models.Role:
            continue
        about_role = Q()
        for key in keys:
            about_role |= Q(**{key: role.pk})
        for record in model.history.filter(about_role).select_related("history_user"):
            record.row_kind = model._meta.verbose_name
            changes.append(record)
    return sorted(changes, key=lambda record: record.history_date, reverse=True)


class SourceComparisonInline(admin.TabularInline):
    model = models.SourceComparison
    extra = 0
    autocomplete_fields = ["first_role", "second_role"]


@admin.register(models.SourceComparison)
class SourceComparisonAdmin(ContentAdmin):
    list_display = ["source", "first_role", "second_role"]
    autocomplete_fields = ["source", "first_role", "second_role"]


@admin.register(models.Source)
class SourceAdmin(ContentAdmin):
    # The pairs of roles the article compares: the only pairs the guide states differences for.
    inlines = [SourceComparisonInline]
    list_display = ["title", "publisher", "published_on", "cites"]
    search_fields = ["title", "publisher", "cites", "key"]
    list_filter = ["published_on"]
    # The articles' addresses are https; Django 6 makes that the default.
    formfield_overrides = {django_models.URLField: {"assume_scheme": "https"}}


@admin.register(models.Skill)
class SkillAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Industry)
class IndustryAdmin(ContentAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Certification)
class CertificationAdmin(ContentAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]


@admin.register(models.SalaryFigure)
class SalaryFigureAdmin(ContentAdmin):
    list_display = ["role", "amount", "currency", "measure", "scope", "year", "source"]
    list_filter = ["measure", "source", "role"]
    search_fields = ["role__title", "scope"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.JobOutlook)
class JobOutlookAdmin(ContentAdmin):
    list_display = ["key", "growth_percent", "start_year", "end_year", "scope", "source"]
    list_filter = ["source"]
    search_fields = ["scope", "key"]
    filter_horizontal = ["roles"]


@admin.register(models.CareerMove)
class CareerMoveAdmin(ContentAdmin):
    list_display = ["from_role", "to_role", "kind", "source", "order"]
    list_filter = ["kind", "source"]
    search_fields = ["from_role__title", "to_role__title", "takes"]
    autocomplete_fields = ["from_role", "to_role", "source"]


@admin.register(models.Relationship)
class RelationshipAdmin(ContentAdmin):
    list_display = ["from_role", "kind", "to_role", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["from_role__title", "to_role__title"]
    autocomplete_fields = ["from_role", "to_role", "source"]


@admin.register(models.Responsibility)
class ResponsibilityAdmin(ContentAdmin):
    list_display = ["role", "phase", "area", "text", "source"]
    list_filter = ["phase", "area", "role", "source"]
    search_fields = ["text", "role__title"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.RoleSkill)
class RoleSkillAdmin(ContentAdmin):
    list_display = ["role", "skill", "why", "source"]
    list_filter = ["skill", "role"]
    search_fields = ["why", "role__title", "skill__name"]
    autocomplete_fields = ["role", "skill", "source"]


@admin.register(models.IndustryVariant)
class IndustryVariantAdmin(ContentAdmin):
    list_display = ["role", "industry", "source"]
    list_filter = ["industry", "role"]
    search_fields = ["text", "role__title"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.Education)
class EducationAdmin(ContentAdmin):
    list_display = ["role", "kind", "text", "source"]
    list_filter = ["kind", "role"]
    search_fields = ["text", "role__title"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.RoleCertification)
class RoleCertificationAdmin(ContentAdmin):
    list_display = ["role", "certification", "source"]
    list_filter = ["certification"]
    autocomplete_fields = ["role", "source"]


@admin.register(models.RoleIndustry)
class RoleIndustryAdmin(ContentAdmin):
    list_display = ["role", "industry", "note", "source"]
    list_filter = ["industry", "role"]
    search_fields = ["note", "role__title"]
    autocomplete_fields = ["role", "source"]
