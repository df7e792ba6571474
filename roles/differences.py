"""The rule for every difference the guide states: absence is not a difference.

A shared count, a "new" list or an "only this role" mark is worked out only over a kind
of fact (skills, areas of work) that the sources give for both roles. Where the sources
give one role nothing of that kind, a `Contrast` says so (`missing`) and lists what the
other role has, without calling any of it a difference.
"""

from dataclasses import dataclass

SKILLS = "skills"
AREAS = "areas"
KINDS = (SKILLS, AREAS)


def facts_of(role, kind):
    """[(key, item)] of one kind for a role, from rows its queryset prefetched: skills as
    `Skill`s, areas of work as their labels (each area once, in duty order)."""
    if kind == SKILLS:
        return [(link.skill_id, link.skill) for link in role.role_skills.all()]
    areas = {}
    for duty in role.responsibilities.all():
        areas.setdefault(duty.area, duty.get_area_display())
    return list(areas.items())


@dataclass
class Contrast:
    """Two roles' facts of one kind, set against each other only when both have some."""

    kind: str
    first: object
    second: object
    first_facts: list
    second_facts: list

    @classmethod
    def between(cls, first, second, kind):
        return cls(kind, first, second, facts_of(first, kind), facts_of(second, kind))

    @property
    def comparable(self):
        """True when the sources give both roles facts of this kind."""
        return bool(self.first_facts) and bool(self.second_facts)

    @property
    def missing(self):
        """The roles the sources give nothing of this kind."""
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

    def _keys(self, facts):
        return {key for key, _ in facts}

    @property
    def shared(self):
        if not self.comparable:
            return []
        theirs = self._keys(self.second_facts)
        return [item for key, item in self.first_facts if key in theirs]

    @property
    def total(self):
        """How many different facts of this kind the two have between them."""
        return len(self._keys(self.first_facts) | self._keys(self.second_facts))

    def _only(self, mine, theirs):
        if not self.comparable:
            return []
        theirs = self._keys(theirs)
        return [item for key, item in mine if key not in theirs]

    @property
    def only_first(self):
        return self._only(self.first_facts, self.second_facts)

    @property
    def only_second(self):
        return self._only(self.second_facts, self.first_facts)

    def is_only(self, role, key):
        """True when `key` is one of `role`'s facts the other role lacks, and both roles
        have facts of this kind (otherwise nothing is "only" either role's)."""
        if not self.comparable:
            return False
        other = self.second_facts if role == self.first else self.first_facts
        return key not in self._keys(other)
