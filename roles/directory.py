"""The role directory's filter: which roles `/roles/?industry=…&q=…` lists, and why.

The search (`q`) is `roles.search`: it reads every text a role page shows and says where
each role matched. The industry filter keeps roles a source places in that industry or
says how they work there.

Bad input is reported, never raised: a field that does not validate is left out of the
filter and its message is shown, so the page still renders (with status 400).
"""

from django import forms

from .forms import QueryForm, SlugChoiceField
from .models import Industry, Role
from .search import search

MAX_QUERY_LENGTH = 100
DETAIL_FIELDS = ("slug", "title", "abbreviation", "summary", "level", "level_source")


class DirectoryFilter(QueryForm):
    industry = SlugChoiceField(
        label="Industry",
        error_messages={
            "multiple": "Pick one industry, or show every industry.",
            "invalid": "That is not an industry the guide lists. "
            "Pick one from the list, or show every industry.",
            "unknown": "We have no industry called “%(value)s”. "
            "Pick one from the list, or show every industry.",
        },
    )
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        label="Search the roles",
        error_messages={
            "max_length": "Searches can be up to %(limit_value)d characters long; "
            "yours has %(show_value)d. Try a word or two."
        },
    )

    def __init__(self, data):
        super().__init__(data)
        # One query for the industries, reused for the choices and the page.
        self.industries = list(Industry.objects.all())
        self.fields["industry"].objects = {i.slug: i for i in self.industries}
        self.fields["industry"].choices = [("", "All industries")] + [
            (industry.slug, industry.name) for industry in self.industries
        ]

    @property
    def chosen_industry(self):
        return self.chosen("industry")

    @property
    def query(self):
        return self.cleaned_data.get("q", "") if hasattr(self, "cleaned_data") else ""

    @property
    def is_filtered(self):
        """True when a valid part of the filter narrows the list."""
        return bool(self.chosen_industry or self.query)

    def roles(self):
        """The roles that pass the valid parts of the filter, entry level first."""
        self.is_valid()
        roles = Role.objects.by_level().only(*DETAIL_FIELDS)
        if self.chosen_industry:
            roles = roles.in_industry(self.chosen_industry)
        if self.query:
            # The search reads the long texts too; a plain list leaves them in the database.
            return search(roles.only(*DETAIL_FIELDS, "overview", "work_environment"), self.query)
        return roles
