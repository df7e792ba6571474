"""The open-data downloads: every role with its facts, figures and career moves, each
with the source it comes from, built from exactly the rows the role pages show.

roles.json holds everything, so it grows with the guide, past what the page cache keeps.
It is built once per content version (and site address) and kept in the cache, so only
the first download after an edit waits for it.
"""

import hashlib
import json
import logging

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder

from careerguide.page_cache.models import content_version

from .models import Role, Source, SourceComparison

logger = logging.getLogger(__name__)

# One kept roles.json per site address, replaced when the content version moves on.
ROLES_JSON_KEY = "open-data:roles.json:{site}"
ROLES_JSON_SECONDS = 24 * 60 * 60

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": (
        "Credit Careerguide and, for each fact or figure you use, the source it names."
    ),
}

SALARY_COLUMNS = [
    "role",
    "amount",
    "currency",
    "measure",
    "period",
    "year",
    "scope",
    "region",
    "source",
    "source_title",
    "source_publisher",
    "source_url",
]


def roles_for_json():
    """The roles in the directory's order, with every row their pages show (roles.json
    gives each role's rows and every source they cite), loaded as their pages load them."""
    return list(Role.objects.with_page_details().with_last_update().by_level())


def roles_for_salaries():
    """The roles in the directory's order, with their salary figures and the figures'
    sources, loaded as their pages load them."""
    return list(Role.objects.with_page_details("salary_figures").by_level())


def roles_json(site_url):
    """The bytes of roles.json for a site at `site_url`: the kept copy when it was built
    at the current content version, else built now and kept."""
    # Read before building, as the page cache does: the copy is then at least as new as
    # the version it is kept under, never older.
    version = content_version()
    key = ROLES_JSON_KEY.format(
        site=hashlib.md5(site_url.encode(), usedforsecurity=False).hexdigest()
    )
    try:
        kept = cache.get(key)
    except Exception as error:  # A cache that is down costs a build, not the download.
        logger.warning("The kept roles.json could not be read (%s).", error)
        kept = None
    if kept is not None and version is not None and kept[0] == version:
        return kept[1]
    document = roles_document(roles_for_json(), url_for=lambda path: site_url + path)
    content = json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()
    if version is not None:
        try:
            cache.set(key, (version, content), ROLES_JSON_SECONDS)
        except Exception as error:
            logger.warning("roles.json could not be kept (%s).", error)
    return content


def roles_document(roles, url_for):
    """The whole of `roles.json`; `url_for(path)` makes an address absolute."""
    return {
        "licence": LICENCE,
        "sources": [source_entry(s) for s in Source.objects.all()],
        # The pairs of roles each source compares: the only pairs the guide states
        # differences for.
        "comparisons": [
            {"source": c.source.key, "roles": [c.first_role.slug, c.second_role.slug]}
            for c in SourceComparison.objects.select_related("source", "first_role", "second_role")
        ],
        "roles": [role_entry(role, url_for) for role in roles],
    }


def source_entry(source):
    return {
        "key": source.key,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "cites": source.cites,
    }


def role_entry(role, url_for):
    return {
        "slug": role.slug,
        "title": role.title,
        "abbreviation": role.abbreviation,
        "url": url_for(role.get_absolute_url()),
        "level": role.get_level_display(),
        # None where no source ranks the role: the level is then the guide's placement.
        "level_source": role.level_source_id and role.level_cited_source.key,
        "summary": role.summary,
        "overview": role.overview,
        "work_environment": role.work_environment,
        "prose_passages": [
            {"field": p.field, "source": p.source.key, **passage(p)}
            for p in role.prose_passages.all()
        ],
        "sources": [s.key for s in role.page_sources()],
        "last_updated": role.last_updated.isoformat() if role.last_updated else None,
        "duties": [
            {
                "phase": d.get_phase_display(),
                "area": d.area,
                "text": d.text,
                "source": d.source.key,
                **passage(d),
            }
            for d in role.responsibilities.all()
        ],
        "skills": [
            {"skill": link.skill.name, "why": link.why, "source": link.source.key, **passage(link)}
            for link in role.role_skills.all()
        ],
        "education": [
            {
                "kind": row.get_kind_display(),
                "text": row.text,
                "source": row.source.key,
                **passage(row),
            }
            for row in role.education.all()
        ],
        "certifications": [
            {
                "certification": str(link.certification),
                "note": link.note,
                "source": link.source.key,
                **passage(link),
            }
            for link in role.role_certifications.all()
        ],
        "industry_variants": [
            {"industry": v.industry.name, "text": v.text, "source": v.source.key, **passage(v)}
            for v in role.industry_variants.all()
        ],
        "relationships": [
            {
                "kind": r.get_kind_display(),
                "role": r.to_role.slug,
                "note": r.note,
                "source": r.source.key,
                **passage(r),
            }
            for r in role.relationships.all()
        ],
        "salary_figures": [salary_entry(f) for f in role.salary_figures.all()],
        "job_outlooks": [
            {
                "growth_percent": float(o.growth_percent),
                "start_year": o.start_year,
                "end_year": o.end_year,
                "scope": o.scope,
                "region": o.region,
                "note": o.note,
                "source": o.source.key,
                **passage(o),
            }
            for o in role.job_outlooks.all()
        ],
        "career_moves": [
            {
                "kind": m.get_kind_display(),
                "to": m.to_role.slug,
                "takes": m.takes,
                "source": m.source.key,
                **passage(m),
            }
            for m in role.moves_out.all()
        ],
    }


def passage(row):
    """Where in its source a fact is stated: the text fragment, and the link to it."""
    return {
        "passage_start": row.passage_start,
        "passage_end": row.passage_end,
        "passage_url": row.passage_url,
    }


def salary_entry(figure):
    return {
        "amount": figure.amount,
        "currency": figure.currency,
        "measure": figure.measure,
        "period": figure.period,
        "year": figure.year,
        "scope": figure.scope,
        "region": figure.region,
        "note": figure.note,
        "source": figure.source.key,
        **passage(figure),
    }


def salary_rows(roles):
    """One row per salary figure, in `SALARY_COLUMNS` order; blanks where a source gives none."""
    for role in roles:
        for figure in role.salary_figures.all():
            entry = salary_entry(figure)
            yield [
                role.slug,
                entry["amount"],
                entry["currency"],
                entry["measure"],
                entry["period"],
                entry["year"] or "",
                entry["scope"],
                entry["region"],
                figure.source.key,
                figure.source.title,
                figure.source.publisher,
                figure.source.url,
            ]
