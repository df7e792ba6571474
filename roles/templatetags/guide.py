"""Template tags for page addresses and citations: `{% load guide %}`."""

from itertools import groupby

from django import template
from django.utils.html import format_html_join

from .. import addresses
from ..models import cited_sources

register = template.Library()


@register.simple_tag
def compare_url(first, second):
    return addresses.compare_url(first, second)


@register.simple_tag
def career_path_url(at=None):
    return addresses.career_path_url(at)


@register.filter
def sources_of(rows):
    """The sources a list of fact rows cites, each once, in the rows' order."""
    return list(cited_sources(rows).values())


@register.simple_tag
def role_options(roles, chosen=None):
    """A picker's options: `roles` (in level order) grouped by level, `chosen` (a slug)
    selected. Built here rather than in a template loop because the compare page has two
    pickers of every role, and at 100x the content the template engine took a third of
    the page's render over their two thousand options."""
    return format_html_join(
        "\n",
        '<optgroup label="{}">{}</optgroup>',
        (
            (
                label,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    (
                        (role.slug, " selected" if role.slug == chosen else "", role.display_name)
                        for role in group
                    ),
                ),
            )
            for label, group in groupby(roles, key=lambda role: role.level_label)
        ),
    )
