"""The role directory's filter: which roles `/roles/?industry=…&q=…&page=…` lists, and why.

The search (`q`) is `roles.search`: it reads every text a role page shows and says where
each role matched. The industry filter keeps roles a source places in that industry or
says how they work there.

The roles come PER_PAGE to a page, so a page stays small however many roles match; each
page links to the one before and after it, with the same filter.

Bad input is reported, never raised: a field that does not validate is left out of the
filter and its message is shown, so the page still renders (with status 400). A page
past the last is a 404 that shows the last page, with a note.
"""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.urls import reverse

from .forms import PageField, QueryForm, SlugChoiceField
from .models import Industry, Role
from .search import search

MAX_QUERY_LENGTH = 100
DETAIL_FIELDS = ("slug", "title", "abbreviation", "summary", "level", "level_source")
PER_PAGE = 24


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
    page = PageField()
    # Well formed, but the results end before it.
    not_found_codes = frozenset({"past_last"})

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
        """The roles that pass the valid parts of the filter, entry level first: a
        queryset, or a list of search results."""
        self.is_valid()
        roles = Role.objects.by_level().only(*DETAIL_FIELDS)
        if self.chosen_industry:
            roles = roles.in_industry(self.chosen_industry)
        if self.query:
            # The search reads the long texts too; a plain list leaves them in the database.
            return search(roles.only(*DETAIL_FIELDS, "overview", "work_environment"), self.query)
        return roles

    def results(self):
        """The asked-for page of `roles()` (a `Page`). A page past the last is reported
        on the `page` field, and the last page is given instead."""
        # Read whole: counting the roles first would compile the filter twice, for less
        # than the rows of a page cost.
        paginator = Paginator(list(self.roles()), PER_PAGE)
        number = self.cleaned_data.get("page") or 1
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            self.add_error(
                "page",
                ValidationError(
                    "There is no page %(number)d of these roles: they end at page %(last)d, "
                    "shown here.",
                    code="past_last",
                    params={"number": number, "last": paginator.num_pages},
                ),
            )
            self.page = paginator.page(paginator.num_pages)
        return self.page

    def page_url(self, number):
        """The address of page `number` of these results: the same valid filter."""
        params = {}
        if self.chosen_industry:
            params["industry"] = self.chosen_industry.slug
        if self.query:
            params["q"] = self.query
        if number != 1:
            params["page"] = number
        url = reverse("roles:list")
        return f"{url}?{urlencode(params)}" if params else url

    @property
    def previous_page_url(self):
        return self.page_url(self.page.previous_page_number())

    @property
    def next_page_url(self):
        return self.page_url(self.page.next_page_number())
