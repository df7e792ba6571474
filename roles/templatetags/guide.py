"""Template tags for page addresses and citations: `{% load guide %}`."""

from django import template

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
