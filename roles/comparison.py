"""Comparing two roles: reading the pair from the address, and what changes between them.

`PairChoice` turns the query string into two roles or a plain message saying what was
wrong. `Comparison` loads both roles' rows in a fixed number of queries and works out
the differences the page shows: shared skills, duty areas only one role covers, salary
differences between like-for-like figures only, and how the two roles relate.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.text import capfirst

from .models import CareerMove, Relationship, Responsibility, Role, SalaryFigure, page_details

# The source articles are themselves comparisons of these pairs, so they are the first
# questions people bring.
SOURCE_PAIRS = [
    ("associate-producer", "assistant-producer", "compared in one of the source articles"),
    ("associate-producer", "executive-producer", "compared in another source article"),
]

SIDE_NAMES = {"a": "first", "b": "second"}


def compare_url(first_slug, second_slug):
    return reverse("roles:compare") + "?" + urlencode({"a": first_slug, "b": second_slug})


# Reading the pair from the address ---------------------------------------------------


@dataclass
class PairChoice:
    """The two roles the address asks for, as far as it could be understood."""

    first: object = None
    second: object = None
    problems: list = field(default_factory=list)
    status: int = 200
    asked: bool = False

    @classmethod
    def from_query(cls, query, roles):
        """Read `a` and `b` from a QueryDict, resolving slugs against `roles`."""
        by_slug = {role.slug: role for role in roles}
        given = {key: [value for value in query.getlist(key) if value] for key in SIDE_NAMES}
        choice = cls(asked=any(given.values()))
        chosen, bad_request, not_found = {}, False, False
        for key, side in SIDE_NAMES.items():
            values = given[key]
            if len(values) > 1:
                choice.problems.append(
                    f"The address names more than one {side} role; pick one for each side."
                )
                bad_request = True
            elif values and Role.clean_slug_param(values[0]) is None:
                choice.problems.append(
                    f"The {side} role in the address is not a role name the guide could use."
                )
                bad_request = True
            elif values:
                role = by_slug.get(values[0])
                if role is None:
                    choice.problems.append(f"There is no role called “{values[0]}” in the guide.")
                    not_found = True
                chosen[key] = role

        choice.first, choice.second = chosen.get("a"), chosen.get("b")
        missing = [side for key, side in SIDE_NAMES.items() if not given[key]]
        if choice.asked and missing:
            known = choice.first or choice.second
            with_whom = f" to compare with the {known.title}" if known else ""
            choice.problems.append(f"Choose a {missing[0]} role{with_whom}.")
            bad_request = True
        elif choice.asked and not choice.problems and choice.first == choice.second:
            choice.problems.append(
                f"You chose the {choice.first.title} twice; choose a different role for one side."
            )
            bad_request = True
        if bad_request:
            choice.status = 400
        elif not_found:
            choice.status = 404
        return choice

    @property
    def is_complete(self):
        return self.first is not None and self.second is not None and not self.problems

    @property
    def first_slug(self):
        return self.first.slug if self.first else ""

    @property
    def second_slug(self):
        return self.second.slug if self.second else ""

    @property
    def page_title(self):
        if self.is_complete:
            return f"{self.first.title} vs. {self.second.title}: compare the two roles"
        return "Compare two roles"

    @property
    def announcement(self):
        """What the live region says after the comparison part is swapped in."""
        if self.is_complete:
            return f"Now comparing {self.first.title} and {self.second.title}."
        if self.problems:
            return " ".join(self.problems)
        return "Choose two roles to compare."


# Suggestions for an empty page -------------------------------------------------------


@dataclass(frozen=True)
class SuggestedPair:
    first: object
    second: object
    why: str

    @property
    def url(self):
        return compare_url(self.first.slug, self.second.slug)


def suggested_pairs(roles):
    """The pairs the sources compare, then every next step on the career path."""
    by_id = {role.pk: role for role in roles}
    by_slug = {role.slug: role for role in roles}
    pairs = [
        SuggestedPair(by_slug[first], by_slug[second], why)
        for first, second, why in SOURCE_PAIRS
        if first in by_slug and second in by_slug
    ]
    seen = {frozenset((pair.first.pk, pair.second.pk)) for pair in pairs}
    moves = CareerMove.objects.filter(kind=CareerMove.Kind.NEXT).values_list(
        "from_role_id", "to_role_id"
    )
    for from_id, to_id in moves:
        if frozenset((from_id, to_id)) not in seen and from_id in by_id and to_id in by_id:
            seen.add(frozenset((from_id, to_id)))
            pairs.append(SuggestedPair(by_id[from_id], by_id[to_id], "one step up the career path"))
    return pairs


# The comparison itself ---------------------------------------------------------------


@dataclass(frozen=True)
class SalaryPair:
    """Two like-for-like figures, one for each role, and the difference between them."""

    first: SalaryFigure
    second: SalaryFigure
    first_role: object
    second_role: object

    @property
    def difference(self):
        return abs(self.first.amount - self.second.amount)

    @property
    def higher_role(self):
        return self.first_role if self.first.amount >= self.second.amount else self.second_role

    @property
    def lower_role(self):
        return self.second_role if self.higher_role == self.first_role else self.first_role

    @property
    def lower_amount(self):
        return min(self.first.amount, self.second.amount)

    @property
    def percent_more(self):
        """How much more the higher figure is, as a percentage of the lower one."""
        percent = Decimal(self.difference) * 100 / Decimal(self.lower_amount)
        return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def difference_text(self):
        return SalaryFigure.money(self.difference, self.first.currency)

    @property
    def lower_amount_text(self):
        return SalaryFigure.money(self.lower_amount, self.first.currency)

    @property
    def measure_text(self):
        """What both figures measure: 'median salary a year, 2020'. Scope may differ."""
        first = self.first
        year = first.year or "no year given"
        return f"{first.get_measure_display()} salary {first.get_period_display()}, {year}"

    @property
    def scope_note(self):
        """Where the two figures cover different ground, say so; else ''."""
        if self.first.scope == self.second.scope:
            return ""
        covers = [
            f"the {role.title} figure covers {figure.scope}"
            if figure.scope
            else f"the source gives no scope for the {role.title} figure"
            for role, figure in ((self.first_role, self.first), (self.second_role, self.second))
        ]
        return f"{capfirst(covers[0])}; {covers[1]}."

    @property
    def bars(self):
        """Bar lengths for the chart, out of 100, the higher figure filling the width."""
        top = max(self.first.amount, self.second.amount)
        return [
            (role, figure.amount_text, round(figure.amount * 100 / top))
            for role, figure in ((self.first_role, self.first), (self.second_role, self.second))
        ]


@dataclass
class Side:
    """One role's column in the comparison, marked against the other role."""

    role: object
    skills: list  # (RoleSkill, shared with the other role?)
    areas: list  # (area label, shared with the other role?)
    duty_areas: set
    figures: list
    education: list
    certifications: list
    outlooks: list


@dataclass
class Relation:
    """How the two roles relate, as far as the sources say."""

    sentence: str
    path_sentence: str
    path_link_role: object = None

    @property
    def path_url(self):
        if self.path_link_role is None:
            return ""
        return reverse("roles:career_path") + "?" + urlencode({"at": self.path_link_role.slug})


# The order in which to prefer one stated relationship over another when the sources
# give more than one between the same two roles.
RELATIONSHIP_PRIORITY = [
    Relationship.Kind.REPORTS_TO,
    Relationship.Kind.SUPPORTS,
    Relationship.Kind.LEADS,
    Relationship.Kind.WORKS_WITH,
]


class Comparison:
    """Two different roles side by side. Build it with `Comparison.between(a, b)`."""

    def __init__(self, first, second, moves):
        self.first, self.second = first, second
        self.moves = moves
        self.first_side = self._side(first, second)
        self.second_side = self._side(second, first)

    @classmethod
    def between(cls, first, second):
        """Load everything both roles show in a fixed number of queries, whatever the size
        of the guide: the role page's rows for the two roles, and one for the career path."""
        prefetch_related_objects([first, second], *page_details())
        moves = list(CareerMove.objects.values_list("from_role_id", "to_role_id", "kind"))
        return cls(first, second, moves)

    # Naming ------------------------------------------------------------------------

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
        return compare_url(self.second.slug, self.first.slug)

    # Skills and duties -------------------------------------------------------------

    @staticmethod
    def _skill_ids(role):
        return {link.skill_id for link in role.role_skills.all()}

    @property
    def shared_skill_count(self):
        return len(self._skill_ids(self.first) & self._skill_ids(self.second))

    @property
    def skill_count(self):
        return len(self._skill_ids(self.first) | self._skill_ids(self.second))

    def _side(self, role, other):
        other_skills = self._skill_ids(other)
        other_areas = {duty.area for duty in other.responsibilities.all()}
        areas = []
        for duty in role.responsibilities.all():
            if duty.area not in [area for area, _ in areas]:
                areas.append((duty.area, duty.area in other_areas))
        labels = dict(Responsibility.Area.choices)
        return Side(
            role=role,
            skills=[(link, link.skill_id in other_skills) for link in role.role_skills.all()],
            areas=[(labels[area], shared) for area, shared in areas],
            duty_areas={area for area, _ in areas},
            figures=list(role.salary_figures.all()),
            education=list(role.education.all()),
            certifications=list(role.role_certifications.all()),
            outlooks=list(role.job_outlooks.all()),
        )

    def _only_areas(self, side, other):
        labels = dict(Responsibility.Area.choices)
        return [labels[area] for area in Responsibility.Area.values
                if area in side.duty_areas and area not in other.duty_areas]  # fmt: skip

    @property
    def areas_only_first(self):
        return self._only_areas(self.first_side, self.second_side)

    @property
    def areas_only_second(self):
        return self._only_areas(self.second_side, self.first_side)

    @property
    def duty_rows(self):
        """One row per production phase either role works in: (phase label, [cells]),
        each cell a list of (duty, whether the other role has no duty in that area)."""
        rows = []
        for phase, label in Responsibility.Phase.choices:
            cells = []
            for side, other in ((self.first_side, self.second_side),
                                (self.second_side, self.first_side)):  # fmt: skip
                cells.append([
                    (duty, duty.area not in other.duty_areas)
                    for duty in side.role.responsibilities.all()
                    if duty.phase == phase
                ])  # fmt: skip
            if any(cells):
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

    # Pay ---------------------------------------------------------------------------

    @property
    def salary_pairs(self):
        return [
            SalaryPair(mine, theirs, self.first, self.second)
            for mine in self.first_side.figures
            for theirs in self.second_side.figures
            if mine.is_comparable_with(theirs)
        ]

    @property
    def has_figures_for_both(self):
        return bool(self.first_side.figures and self.second_side.figures)

    # How they relate ---------------------------------------------------------------

    @property
    def relation(self):
        return Relation(self._relationship_sentence(), *self._path_sentence())

    def _relationship_sentence(self):
        stated = [
            rel for rel in self.first.relationships.all() if rel.to_role_id == self.second.pk
        ] + [rel for rel in self.second.relationships.all() if rel.to_role_id == self.first.pk]
        if not stated:
            return "The sources state no working relationship between these two roles."
        rel = min(stated, key=lambda rel: RELATIONSHIP_PRIORITY.index(rel.kind))
        return f"The {rel.from_role.title} {rel.get_kind_display()} the {rel.to_role.title}."

    def _steps_between(self, start, goal):
        """How many next steps lead from `start` to `goal` on the career path, or None."""
        following = {}
        for from_id, to_id, kind in self.moves:
            if kind == CareerMove.Kind.NEXT:
                following.setdefault(from_id, []).append(to_id)
        frontier, seen, steps = [start.pk], {start.pk}, 0
        while frontier:
            steps += 1
            reached = [to_id for from_id in frontier for to_id in following.get(from_id, [])]
            if goal.pk in reached:
                return steps
            frontier = [to_id for to_id in reached if to_id not in seen]
            seen.update(frontier)
        return None

    def _path_sentence(self):
        first, second = self.first, self.second
        for earlier, later in ((first, second), (second, first)):
            steps = self._steps_between(earlier, later)
            if steps == 1:
                return f"The {later.title} is a next step up from the {earlier.title}.", earlier
            if steps:
                return (
                    f"The {later.title} comes {steps} steps after the {earlier.title} "
                    "on the career path.",
                    earlier,
                )
        for earlier, later in ((first, second), (second, first)):
            if (earlier.pk, later.pk, CareerMove.Kind.RELATED) in self.moves:
                return (
                    f"The sources name the {later.title} as a related career to move to "
                    f"from the {earlier.title} role.",
                    earlier,
                )
        on_path = {pk for from_id, to_id, kind in self.moves
                   if kind == CareerMove.Kind.NEXT for pk in (from_id, to_id)}  # fmt: skip
        if first.pk in on_path and second.pk in on_path:
            return "They sit on different branches of the career path.", None
        return "The career path in the sources does not link these two roles.", None
