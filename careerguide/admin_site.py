"""The admin site the editors sign in to: Django's, with every registered model's pages
checking the ids a request names before any query uses them.

The admin itself answers a bad id in the address with a 404, but two kinds of input reach
a query unchecked and end in a 500: an add form's initial values from the query string
(`?role=abc` for a field shown as an autocomplete) and the ids an action is asked to run
on (`_selected_action=abc`). Registering through this site gives every model admin,
ours and those of django.contrib.auth and django-axes, the same checks, in one place.
And no admin input may hold a NUL character.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError


def check_key(field, value, what):
    """A 400 unless `value` is a key `field` could hold: of its type, in the database's
    range for it, and without a NUL (PostgreSQL refuses one in a query)."""
    try:
        if "\x00" in value:
            raise ValidationError("NUL")
        field.run_validators(field.to_python(value))
    except ValidationError:
        raise BadRequest(f"{what} “{value}” is not an id.") from None


class AdminInputChecks:
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in initial.items():
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and field.concrete:
                for key in value if isinstance(value, list) else [value]:
                    check_key(field.target_field, key, f"The {name}")
        return initial

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            for key in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                check_key(self.opts.pk, key, "The selected")
        return super().changelist_view(request, extra_context)


def refuse_nul(query):
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            raise BadRequest("A NUL character is never part of the admin's input.")


class EditorsAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        # A NUL in a filter, a search or a form field would reach PostgreSQL, which
        # refuses it with an error; no admin input ever holds one.
        checked_view = super().admin_view(view, cacheable)

        @wraps(checked_view)
        def inner(request, *args, **kwargs):
            refuse_nul(request.GET)
            if request.method == "POST":
                refuse_nul(request.POST)
            return checked_view(request, *args, **kwargs)

        return inner

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AdminInputChecks):
            admin_class = type(admin_class.__name__, (AdminInputChecks, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


class AdminConfig(DjangoAdminConfig):
    default_site = "careerguide.admin_site.EditorsAdminSite"
