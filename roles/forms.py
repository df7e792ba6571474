"""Query strings, read by one Django form per page with one shared slug field.

Every slug a page reads from its address (`?a=`, `?b=`, `?at=`, `?industry=`) goes
through `SlugChoiceField`: one value, a well-formed slug, one of the rows the page
offers. A page of a long list (`?page=`) goes through `PageField`: one whole number from
1, and 1 when the address gives none. The messages a reader sees when that fails live on
each form's fields. A view turns an invalid form into its status with `form.status`: 404
when the only trouble is a well-formed name nothing answers to (where the form says so),
else 400.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from .models import Role

# A role's slug column is the longest any slug the guide uses can be.
SLUG_MAX_LENGTH = Role._meta.get_field("slug").max_length


class AllValues(forms.HiddenInput):
    """Hands the field every value the query string gives for its name, so a field can
    tell `?at=a&at=b` apart from `?at=b` instead of silently keeping the last."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class SlugChoiceField(forms.Field):
    """One slug from the query string, resolved to one of `objects` ({slug: row}).

    Blank values are ignored; a malformed value is refused before it is looked up (it
    may hold a NUL byte or markup), so no message ever echoes it. A well-formed slug
    nothing answers to is refused with code "unknown", and the message may quote it.
    """

    widget = AllValues
    default_error_messages = {
        "multiple": "Give one value, not several.",
        "invalid": "That is not a name the guide could use.",
        "unknown": "There is nothing called “%(value)s” here.",
    }

    def __init__(self, *, objects=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.objects = objects or {}

    def to_python(self, value):
        values = value if isinstance(value, list) else [value]
        values = [v for v in values if v not in (None, "")]
        if len(values) > 1:
            raise ValidationError(self.error_messages["multiple"], code="multiple")
        return values[0] if values else ""

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        try:
            if len(value) > SLUG_MAX_LENGTH:
                raise ValidationError("too long")
            validate_slug(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if value not in self.objects:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )

    def clean(self, value):
        slug = super().clean(value)
        return self.objects[slug] if slug else None


class PageField(forms.IntegerField):
    """Which page of a long list to show: one whole number from 1; 1 when not given, so
    `?page=1` and no `?page=` are the same page."""

    widget = AllValues
    default_error_messages = {
        "multiple": "Give one page number, not several.",
        "invalid": "Page numbers are whole numbers, starting from 1.",
        "min_value": "Page numbers are whole numbers, starting from 1.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("initial", 1)
        super().__init__(**kwargs)

    def to_python(self, value):
        values = value if isinstance(value, list) else [value]
        values = [v for v in values if v not in (None, "")]
        if len(values) > 1:
            raise ValidationError(self.error_messages["multiple"], code="multiple")
        number = super().to_python(values[0] if values else None)
        return 1 if number is None else number


class QueryForm(forms.Form):
    """A form over a page's query string."""

    # The error codes that mean "well formed, but no such thing": a 404, not a 400.
    not_found_codes = frozenset()

    @property
    def status(self):
        if self.is_valid():
            return 200
        codes = {error.code for errors in self.errors.as_data().values() for error in errors}
        return 404 if codes <= self.not_found_codes else 400

    @property
    def problems(self):
        """Every message, the fields' first, in field order, then the form's own."""
        return [message for messages in self.errors.values() for message in messages]

    def chosen(self, name):
        """The cleaned value of `name`, or None when it did not clean."""
        self.is_valid()
        return self.cleaned_data.get(name)


def side_field(side):
    """The slug field for one side of the comparison ("first" or "second")."""
    return SlugChoiceField(
        error_messages={
            "multiple": f"The address names more than one {side} role; pick one for each side.",
            "invalid": f"The {side} role in the address is not a role name the guide could use.",
            "unknown": "There is no role called “%(value)s” in the guide.",
        }
    )


class CompareForm(QueryForm):
    a = side_field("first")
    b = side_field("second")
    not_found_codes = frozenset({"unknown"})
    SIDES = {"a": "first", "b": "second"}

    def __init__(self, data, roles):
        super().__init__(data)
        by_slug = {role.slug: role for role in roles}
        for name in self.SIDES:
            self.fields[name].objects = by_slug

    @property
    def asked(self):
        """True when the address names any role at all."""
        return any(value for name in self.SIDES for value in self.data.getlist(name))

    def clean(self):
        data = super().clean()
        given = {name: self.data.getlist(name) for name in self.SIDES}
        missing = [side for name, side in self.SIDES.items() if not any(given[name])]
        if self.asked and missing:
            known = data.get("a") or data.get("b")
            with_whom = f" to compare with the {known.title}" if known else ""
            raise ValidationError(f"Choose a {missing[0]} role{with_whom}.", code="missing")
        if data.get("a") and data.get("a") == data.get("b"):
            raise ValidationError(
                f"You chose the {data['a'].title} twice; choose a different role for one side.",
                code="twice",
            )
        return data

    @property
    def first(self):
        return self.chosen("a")

    @property
    def second(self):
        return self.chosen("b")

    @property
    def is_complete(self):
        return self.is_valid() and self.first is not None and self.second is not None


class CareerPathForm(QueryForm):
    # A step that is not on the path still gets the path, with a note: a 400.
    at = SlugChoiceField(
        error_messages={
            "multiple": "Pick one step to mark, not several. Here is the path from its start.",
            "invalid": "That is not a step on this path. Here is the path from its start.",
            "unknown": "There is no step “%(value)s” on this path. Here is the path from its "
            "start.",
        }
    )
    # A long path comes in parts; `?at=` opens the part that holds its step.
    part = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "That is not a part of this path. Here is the path from its start.",
            "min_value": "That is not a part of this path. Here is the path from its start.",
        },
    )

    def __init__(self, data, steps, parts=1):
        super().__init__(data)
        self.fields["at"].objects = steps
        self.parts = parts

    def clean_part(self):
        part = self.cleaned_data.get("part")
        if part is not None and part > self.parts:
            raise ValidationError(
                f"There is no part {part} of this path. Here is the path from its start.",
                code="unknown",
            )
        return part

    @property
    def problem(self):
        return " ".join(self.problems)
