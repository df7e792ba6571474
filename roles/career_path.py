"""The career path: the steps from the first job upward, built from `CareerMove` rows.

`CareerPath.load()` reads every role, move and working relationship in a fixed number
of queries, then builds the path in Python: a run of steps, with branches where a step
has more than one next move. Roles off the path are placed beside the step they work
with (from `Relationship`), as a related career, or listed as other roles.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch

from .models import CareerMove, Relationship, Role, RoleSkill, SalaryFigure


@dataclass
class Changes:
    """What a step adds to the one before it, as far as the data says."""

    new_skills: list
    new_areas: list
    has_skills: bool
    has_areas: bool


@dataclass(eq=False)
class Step:
    role: Role
    move_in: CareerMove | None = None
    previous: "Step | None" = None
    # Every step a next move leads to, in the data's order.
    next_steps: list = field(default_factory=list)
    # The next steps shown under this one; a step already shown elsewhere is only linked.
    children: list = field(default_factory=list)
    # A branch head carries the run of steps that follow it inside its branch.
    then: list = field(default_factory=list)
    # Next steps already shown elsewhere on the page, linked rather than repeated.
    joins: list = field(default_factory=list)
    related: list = field(default_factory=list)
    # (role, [relationships]) for roles off the path that work beside this step.
    alongside: list = field(default_factory=list)
    is_here: bool = False
    is_next: bool = False

    def add_alongside(self, role, link):
        for other, links in self.alongside:
            if other == role:
                links.append(link)
                return
        self.alongside.append((role, [link]))

    @property
    def slug(self):
        return self.role.slug

    @property
    def branches(self):
        return self.children if len(self.children) > 1 else []

    @property
    def is_open(self):
        return self.is_here or self.is_next

    @cached_property
    def changes(self):
        if self.previous is None:
            return None
        role, before = self.role, self.previous.role
        skills_before = {link.skill_id for link in before.role_skills.all()}
        new_skills = [
            link.skill for link in role.role_skills.all() if link.skill_id not in skills_before
        ]
        areas_before = {duty.area for duty in before.responsibilities.all()}
        new_areas = []
        for duty in role.responsibilities.all():
            label = duty.get_area_display()
            if duty.area not in areas_before and label not in new_areas:
                new_areas.append(label)
        return Changes(
            new_skills=new_skills,
            new_areas=new_areas,
            has_skills=bool(role.role_skills.all()),
            has_areas=bool(role.responsibilities.all()),
        )


class CareerPath:
    def __init__(self, roles, moves, relationships):
        self.roles = roles
        self.here = None
        self.steps = []
        self.by_slug = {}
        self._build(moves, relationships)

    @classmethod
    def load(cls):
        roles = list(
            Role.objects.by_level().prefetch_related(
                Prefetch("role_skills", queryset=RoleSkill.objects.select_related("skill")),
                "responsibilities",
                Prefetch("salary_figures", queryset=SalaryFigure.objects.select_related("source")),
            )
        )
        moves = list(CareerMove.objects.select_related("source"))
        relationships = list(Relationship.objects.select_related("source"))
        return cls(roles, moves, relationships)

    def _build(self, moves, relationships):
        role_by_id = {role.pk: role for role in self.roles}
        # Point each move at the prefetched roles, which carry the skills, duties and pay.
        for move in moves:
            move.from_role = role_by_id[move.from_role_id]
            move.to_role = role_by_id[move.to_role_id]
        next_moves = [m for m in moves if m.kind == CareerMove.Kind.NEXT]
        moves_out = {}
        for move in next_moves:
            moves_out.setdefault(move.from_role_id, []).append(move)
        reached = {m.to_role_id for m in next_moves}
        starts = [role for role in self.roles if role.pk in moves_out and role.pk not in reached]

        for start in starts:
            head = self._place(start, None, None)
            self.steps.extend(self._run_from(head, moves_out))

        for move in moves:
            if move.kind == CareerMove.Kind.RELATED and move.from_role.slug in self.by_slug:
                self.by_slug[move.from_role.slug].related.append(move)

        related_ids = {
            m.to_role_id
            for m in moves
            if m.kind == CareerMove.Kind.RELATED and m.to_role.slug not in self.by_slug
        }
        beside_ids = set()
        for link in relationships:
            link.from_role = role_by_id[link.from_role_id]
            link.to_role = role_by_id[link.to_role_id]
            from_on_path = link.from_role.slug in self.by_slug
            to_on_path = link.to_role.slug in self.by_slug
            if from_on_path == to_on_path:
                continue
            on, off = (
                (link.from_role, link.to_role) if from_on_path else (link.to_role, link.from_role)
            )
            # A related career already sits beside its step; say it once.
            if off.pk in related_ids:
                continue
            self.by_slug[on.slug].add_alongside(off, link)
            beside_ids.add(off.pk)
        self.other_roles = [
            role
            for role in self.roles
            if role.slug not in self.by_slug
            and role.pk not in related_ids
            and role.pk not in beside_ids
        ]

    def _place(self, role, move_in, previous):
        step = Step(role=role, move_in=move_in, previous=previous)
        self.by_slug[role.slug] = step
        return step

    def _run_from(self, head, moves_out):
        """The steps that follow `head` one after another, branching where the data does.

        Each role is placed once: a move to a role already on the page is kept as a
        pointer (`joins`), so a path where two branches meet again still ends."""
        run = [head]
        step = head
        while True:
            following = []
            for move in moves_out.get(step.role.pk, []):
                if move.to_role.slug in self.by_slug:
                    step.joins.append(self.by_slug[move.to_role.slug])
                    step.next_steps.append(self.by_slug[move.to_role.slug])
                else:
                    following.append(self._place(move.to_role, move, step))
                    step.next_steps.append(following[-1])
            step.children = following
            if len(following) == 1:
                step = following[0]
                run.append(step)
                continue
            for branch in following:
                branch.then = self._run_from(branch, moves_out)[1:]
            return run

    @property
    def length(self):
        return len(self.by_slug)

    def mark(self, at_slug):
        """Mark the step at `at_slug` and its next moves; False when no step has that slug."""
        step = self.by_slug.get(at_slug)
        if step is None:
            return False
        step.is_here = True
        for following in step.next_steps:
            following.is_next = True
        self.here = step
        return True

    def mark_from_query(self, values):
        """Mark the step the `?at=` values name. Returns why it could not, or None; the
        page shows the whole path either way."""
        values = [value for value in values if value]
        if not values:
            return None
        if len(values) > 1:
            return "Pick one step to mark, not several. Here is the whole path."
        at = Role.clean_slug_param(values[0])
        if at is None:
            return "That is not a step on this path. Here is the whole path."
        if not self.mark(at):
            return f"There is no step “{at}” on this path. Here is the whole path."
        return None
