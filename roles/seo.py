"""Structured data for search engines: a role page as a schema.org `Occupation`.

It says only what the page says. A median figure is a `MonetaryAmountDistribution` with
`median`. schema.org's distribution has no property for an average, so an average is a
plain `MonetaryAmount` whose `value` is the yearly amount: calling it a median would claim
something the source does not. Each figure's `name` and `description` carry the measure,
scope, year and source as the page shows them.
"""

import json

from django.utils.safestring import mark_safe

from .models import Education

# Experience and routes in are shown on the page but are not education requirements.
SCHOOLING = {Education.Kind.MINIMUM, Education.Kind.COMMON, Education.Kind.PREFERRED}

# Characters that could end the <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def estimated_salary(figure):
    description = f"{figure.measure_text}. Source: “{figure.source.title}”."
    if figure.note:
        description += f" {figure.note}"
    if figure.measure == figure.Measure.MEDIAN:
        return {
            "@type": "MonetaryAmountDistribution",
            "name": "median",
            "description": description,
            "currency": figure.currency,
            "duration": "P1Y",
            "median": figure.amount,
        }
    return {
        "@type": "MonetaryAmount",
        "name": figure.get_measure_display(),
        "description": description,
        "currency": figure.currency,
        "value": {"@type": "QuantitativeValue", "value": figure.amount, "unitText": "YEAR"},
    }


def occupation(role, page_url):
    """The `Occupation` dict for a role fetched with `with_page_details()`."""
    figures = list(role.salary_figures.all())
    data = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": page_url,
            "url": page_url,
        },
    }
    if role.last_updated:
        data["mainEntityOfPage"]["dateModified"] = role.last_updated.date().isoformat()
    if role.abbreviation:
        data["alternateName"] = role.abbreviation
    if figures:
        data["estimatedSalary"] = [estimated_salary(f) for f in figures]
    regions = sorted({f.region for f in figures if f.region})
    if regions:
        data["occupationLocation"] = [{"@type": "Country", "name": r} for r in regions]
    education = [row.text for row in role.education.all() if row.kind in SCHOOLING]
    if education:
        data["educationRequirements"] = education
    skills = [link.skill.name for link in role.role_skills.all()]
    if skills:
        data["skills"] = skills
    duties = [duty.text for duty in role.responsibilities.all()]
    if duties:
        data["responsibilities"] = duties
    return data


def json_ld(data):
    """`data` as JSON that is safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))
