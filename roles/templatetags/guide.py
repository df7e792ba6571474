"""Template tags for page addresses and citations: `{% load guide %}`."""

from html import escape
from itertools import groupby

from django import template
from django.utils.safestring import mark_safe

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
    selected. Built here rather than in a template loop, and escaped with the standard
    library's `html.escape` rather than format_html: the compare page has two pickers of
    every role, and at 100x the content their two thousand options took a third of its
    render through the template engine, and a fifth through format_html."""
    groups = []
    for label, group in groupby(roles, key=lambda role: role.level_label):
        options = "".join(
            f'<option value="{escape(role.slug)}"{" selected" if role.slug == chosen else ""}>'
            f"{escape(role.display_name)}</option>"
            for role in group
        )
        groups.append(f'<optgroup label="{escape(label)}">{options}</optgroup>')
    return mark_safe("\n".join(groups))  # every value above is escaped
