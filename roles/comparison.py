"""Two roles side by side: what each has, and the differences the sources allow.

`Comparison.between(a, b)` loads both roles' rows in a fixed number of queries. A
difference is stated only where a source compares the two roles (`SourceComparison`):
skills and areas of work are set against each other through `differences.Contrast`
over that source's facts alone, and what the source itself says differs is shown as
its statement. Every other pair is shown side by side with no difference marked. Facts
that hold for each side stay for every pair: the level, pay through `pay.SalaryPair`
(which only pairs like-for-like figures) and how the two relate (the career graph).
The sentences are in `_compare_result.html`.
"""

from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from .addresses import compare_url
from .career_graph import CareerGraph
from .differences import AREAS, ONLY, SKILLS, Contrast
from .models import (
    Relationship,
    Responsibility,
    SourceComparison,
    cited_sources,
    page_prefetches,
)
from .pay import SalaryPair

# The order in which to prefer one stated relationship over another when the sources
# give more than one between the same two roles.
RELATIONSHIP_PRIORITY = [
    Relationship.Kind.REPORTS_TO,
    Relationship.Kind.SUPPORTS,
    Relationship.Kind.LEADS,
    Relationship.Kind.WORKS_WITH,
]


@dataclass
class Side:
    """One role's column in the comparison."""

    role: object
    skills: list  # (RoleSkill, its mark: differences.ONLY, BOTH or "")
    figures: list
    education: list
    certifications: list
    outlooks: list

    @property
    def skill_sources(self):
        return list(cited_sources([link for link, _ in self.skills]).values())

    @property
    def reports_to_sources(self):
        """The sources of `role.reports_to`: its reports-to relationships, and those of
        the roles that lead it."""
        rows = [r for r in self.role.relationships.all() if r.kind == Relationship.Kind.REPORTS_TO]
        rows += [r for r in self.role.relationships_in.all() if r.kind == Relationship.Kind.LEADS]
        return list(cited_sources(rows).values())

    @property
    def education_sources(self):
        return list(cited_sources(self.education, self.certifications).values())


@dataclass
class DutyCell:
    """One role's duties in one phase: (duty, does only this role work in that area, by
    the sources that compare the two?)."""

    role: object
    duties: list

    @property
    def sources(self):
        return list(cited_sources([duty for duty, _ in self.duties]).values())


class Comparison:
    """Two different roles side by side. Build it with `Comparison.between(a, b)`."""

    def __init__(self, first, second, graph, articles=()):
        self.first, self.second = first, second
        # The sources that compare these two roles: the only ones a difference may follow.
        self.articles = list(articles)
        followed = {article.source_id for article in self.articles}
        self.skills = Contrast.between(first, second, SKILLS, followed)
        self.areas = Contrast.between(first, second, AREAS, followed)
        self.path = graph.relation(first, second)
        earlier = self.path.earlier
        self.path_link_role = earlier if earlier and graph.is_step(earlier) else None
        self.first_side = self._side(first)
        self.second_side = self._side(second)

    @classmethod
    def between(cls, first, second, roles=None):
        """Load everything both roles show in a fixed number of queries, whatever the size
        of the guide: the role page's rows for the two roles, the sources that compare
        them, and the career path (its moves pointed at `roles` when the page has every
        role loaded already)."""
        prefetch_related_objects([first, second], *page_prefetches())
        articles = SourceComparison.objects.of_pair(first, second).select_related("source")
        return cls(first, second, CareerGraph.load(roles), articles)

    def _side(self, role):
        return Side(
            role=role,
            skills=[
                (link, self.skills.mark(role, link.skill_id, link.source_id))
                for link in role.role_skills.all()
            ],
            figures=list(role.salary_figures.all()),
            education=list(role.education.all()),
            certifications=list(role.role_certifications.all()),
            outlooks=list(role.job_outlooks.all()),
        )

    @property
    def compared(self):
        """True when a source compares the two roles, so the page may say what differs."""
        return bool(self.articles)

    @property
    def sides(self):
        return [self.first_side, self.second_side]

    @property
    def canonical_pair(self):
        """One order for the pair whichever way round it was asked: alphabetical by slug,
        which never changes when a role's level or title is edited."""
        return tuple(sorted((self.first.slug, self.second.slug)))

    @property
    def canonical_url(self):
        return compare_url(*self.canonical_pair)

    @property
    def swapped_url(self):
        return compare_url(self.second, self.first)

    @property
    def duty_rows(self):
        """One row per production phase either role works in: (phase label, [DutyCell])."""
        rows = []
        for phase, label in Responsibility.Phase.choices:
            cells = [
                DutyCell(
                    role,
                    [
                        (duty, self.areas.mark(role, duty.area, duty.source_id) == ONLY)
                        for duty in role.responsibilities.all()
                        if duty.phase == phase
                    ],
                )
                for role in (self.first, self.second)
            ]
            if any(cell.duties for cell in cells):
                rows.append((label, cells))
        return rows

    @property
    def industry_rows(self):
        """One row per industry either role's work is said to change in."""
        industries = {}
        for index, role in enumerate((self.first, self.second)):
            for variant in role.industry_variants.all():
                cells = industries.setdefault(variant.industry, [None, None])
                cells[index] = variant
        return sorted(industries.items(), key=lambda item: (item[0].order, item[0].name))

    @property
    def salary_pairs(self):
        return SalaryPair.all_between(self.first, self.second)

    @property
    def has_figures_for_both(self):
        return bool(self.first_side.figures and self.second_side.figures)

    @property
    def relationship(self):
        """The working relationship the sources state between the two, or None."""
        stated = [
            rel for rel in self.first.relationships.all() if rel.to_role_id == self.second.pk
        ] + [rel for rel in self.second.relationships.all() if rel.to_role_id == self.first.pk]
        if not stated:
            return None
        return min(stated, key=lambda rel: _priority(rel.kind))

    @property
    def sources(self):
        """Every source the page cites for the two roles, each once, by title."""
        found = {s.pk: s for role in (self.first, self.second) for s in role.page_sources()}
        found |= {article.source_id: article.source for article in self.articles}
        return sorted(found.values(), key=lambda s: s.title)


def _priority(kind):
    # A kind added to the model after this list still sorts, last.
    return RELATIONSHIP_PRIORITY.index(kind) if kind in RELATIONSHIP_PRIORITY else 99
