"""The rule for every difference the guide states: only an article that compares two roles
can say what differs between them, and absence is not a difference.

The articles describe roles at very different depths: one gives a role twenty duties,
another gives a second role a single clause. Setting those against each other would turn
what an article leaves out into "only this role". So a shared count, an "only this role"
mark or a "same areas" is worked out only over the facts of the sources that compare the
two roles (`SourceComparison`), and only over a kind of fact (skills, areas of work) that
those sources give for both. For any other pair a `Contrast` marks nothing.
"""

from dataclasses import dataclass
from functools import cached_property

SKILLS = "skills"
AREAS = "areas"

ONLY = "only"
BOTH = "both"


def sourced_facts(role, kind, sources=None):
    """[(key, item, source pk)] of one kind for a role, from rows its queryset prefetched:
    skills as `Skill`s, areas of work as their labels (each area once, in duty order);
    only from `sources` (source pks) unless it is None."""
    if kind == SKILLS:
        return [
            (link.skill_id, link.skill, link.source_id)
            for link in role.role_skills.all()
            if sources is None or link.source_id in sources
        ]
    areas = {}
    for duty in role.responsibilities.all():
        if sources is None or duty.source_id in sources:
            areas.setdefault(duty.area, (duty.area, duty.get_area_display(), duty.source_id))
    return list(areas.values())


def _keys(facts):
    return {key for key, _, _ in facts}


@dataclass
class Contrast:
    """Two roles' facts of one kind, set against each other over what the sources that
    compare them give (`sources`), and only when those sources give both roles some.

    The comparing sources' facts are what is compared; what the other role is known to
    have comes from every source, so an article that is silent about the other role's
    share of a fact another article gives it never turns the fact into an "only"."""

    kind: str
    first: object
    second: object
    sources: frozenset  # pks of the sources that compare the two roles
    first_facts: list  # from the comparing sources
    second_facts: list
    first_known: set  # keys of every fact of this kind, from any source
    second_known: set

    @classmethod
    def between(cls, first, second, kind, sources):
        """`sources`: the pks of the sources that compare the two roles."""
        sources = frozenset(sources)
        return cls(
            kind,
            first,
            second,
            sources,
            sourced_facts(first, kind, sources),
            sourced_facts(second, kind, sources),
            _keys(sourced_facts(first, kind)),
            _keys(sourced_facts(second, kind)),
        )

    @property
    def compared(self):
        """True when some source compares the two roles."""
        return bool(self.sources)

    @property
    def comparable(self):
        """True when the comparing sources give both roles facts of this kind."""
        return bool(self.first_facts) and bool(self.second_facts)

    @property
    def missing(self):
        """The roles the comparing sources give nothing of this kind."""
        if not self.compared:
            return []
        return [
            role
            for role, facts in ((self.first, self.first_facts), (self.second, self.second_facts))
            if not facts
        ]

    @property
    def given(self):
        """The role that has facts of this kind when only one does, else None."""
        if len(self.missing) != 1:
            return None
        return self.second if self.missing[0] == self.first else self.first

    @cached_property
    def _compared_keys(self):
        return _keys(self.first_facts) | _keys(self.second_facts)

    @property
    def shared(self):
        """The compared facts both roles have, each once."""
        if not self.comparable:
            return []
        both = self.first_known & self.second_known
        items = {}
        for key, item, _ in self.first_facts + self.second_facts:
            if key in both:
                items.setdefault(key, item)
        return list(items.values())

    @property
    def total(self):
        """How many different facts of this kind the comparing sources give the two."""
        return len(self._compared_keys)

    def _only(self, mine, theirs_known):
        if not self.comparable:
            return []
        return [item for key, item, _ in mine if key not in theirs_known]

    @property
    def only_first(self):
        return self._only(self.first_facts, self.second_known)

    @property
    def only_second(self):
        return self._only(self.second_facts, self.first_known)

    def mark(self, role, key, source_id):
        """ONLY or BOTH for one of `role`'s facts, or "" for no mark: a kind the comparing
        sources give one role nothing of is set against nothing, and neither is a fact
        they do not compare. Only a comparing source's own fact can be "only"."""
        if not self.comparable or key not in self._compared_keys:
            return ""
        other_known = self.second_known if role == self.first else self.first_known
        if key in other_known:
            return BOTH
        return ONLY if source_id in self.sources else ""
