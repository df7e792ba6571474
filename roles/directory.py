"""The role directory's filter: which roles `/roles/?industry=…&q=…` lists, and why.

The search (`q`) matches a role when a word starting with the text appears in its title,
its one-line summary, the name of a skill it lists ("budget" finds the roles that need
budgeting) or one of its duties ("script" finds the roles that write scripts), or when it
is the role's abbreviation exactly ("AP", "ep"). The card says which skill or duty
matched, so no result is a mystery. The industry filter keeps roles a source places in that
industry or says how they work there.

Bad input is reported, never raised: a field that does not validate is left out of the
filter and its message is shown, so the page still renders (with status 400).
"""

import re

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q

from .forms import QueryForm, SlugChoiceField
from .models import Industry, Responsibility, Role, RoleSkill

MAX_QUERY_LENGTH = 100


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
        label="Search titles and skills",
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
        roles = Role.objects.by_level().only("slug", "title", "abbreviation", "summary", "level")
        if self.chosen_industry:
            roles = roles.in_industry(self.chosen_industry)
        if self.query:
            # Matches at the start of a word, so "ap" finds "AP" but not "shape". `\W` means
            # the same in SQLite's (Python's) and PostgreSQL's regular expressions.
            word = rf"(^|\W){re.escape(self.query)}"
            skill_matches = RoleSkill.objects.filter(skill__name__iregex=word)
            duty_matches = Responsibility.objects.filter(text__iregex=word)
            roles = roles.filter(
                Q(title__iregex=word)
                | Q(summary__iregex=word)
                | Q(abbreviation__iexact=self.query)
                | Exists(skill_matches.filter(role=OuterRef("pk")))
                | Exists(duty_matches.filter(role=OuterRef("pk")))
            ).prefetch_related(
                Prefetch(
                    "role_skills", skill_matches.select_related("skill"), to_attr="matching_skills"
                ),
                Prefetch("responsibilities", duty_matches, to_attr="matching_duties"),
            )
        return roles
