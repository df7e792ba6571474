"""The career path page: the steps from the first job upward, laid out for reading.

`CareerPath.load()` reads every role and its rows in a fixed number of queries and asks
the career graph where the path starts and what follows each step. Here the steps are
laid out: a run of steps, branching where a step has more than one next move, each role
shown once. Roles off the path are placed beside the step they work with (from
`Relationship`), as a related career, or listed as other roles.

The page nests each branch inside the step it leaves, and a longer path nests deeper. So
nothing here or in the templates walks the path by recursion: the steps are followed with
a stack of their own, and `CareerPath.layout` hands the template the nested lists as one
flat sequence (open a list, a step, close), which it writes in a single loop. Rendering
then takes the same depth of Python stack however long the path grows.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch

from .career_graph import CareerGraph
from .differences import AREAS, SKILLS, Contrast, facts_of
from .models import CareerMove, Education, Relationship, Role, RoleSkill, SalaryFigure


@dataclass
class StepChange:
    """What a step adds, of one kind of fact, to the nearest earlier step the sources
    give that kind for. `baseline` is None when no earlier step has any."""

    kind: str
    own: list  # this step's facts of the kind (area labels, or skills)
    baseline: "Step | None"
    new: list
    skipped: bool  # the baseline is not the step just before

    @property
    def has_own(self):
        return bool(self.own)


@dataclass(frozen=True)
class PathItem:
    """One item of the path as the page writes it, in document order. The nested lists
    of steps and branches come as a flat sequence: each list and each step is opened by
    an item and closed by a later one, after everything nested inside it."""

    STEPS = "steps"  # open a run of steps; `step` is the branch head it follows, or None
    STEP = "step"  # open one step and show it
    BRANCHES = "branches"  # say that `step` branches, and open the list of its branches
    END_LIST = "end-list"  # close the innermost run or list of branches
    END_STEP = "end-step"  # close the innermost step

    kind: str
    step: "Step | None" = None


@dataclass(eq=False)
class Step:
    role: Role
    move_in: CareerMove | None = None
    previous: "Step | None" = None
    # Every step a next move leads to, in the data's order.
    following: list = field(default_factory=list)
    # The following steps shown under this one (the rest are shown elsewhere).
    placed: list = field(default_factory=list)
    # A branch head carries the run of steps that follow it inside its branch.
    then: list = field(default_factory=list)
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
    def joins(self):
        """Next steps shown elsewhere on the page: linked, not repeated."""
        return [step for step in self.following if step not in self.placed]

    @property
    def branches(self):
        return self.placed if len(self.placed) > 1 else []

    @property
    def is_open(self):
        return self.is_here or self.is_next

    @property
    def experience(self):
        """What the sources say about the experience this role takes (time included)."""
        return [row for row in self.role.education.all() if row.kind == Education.Kind.EXPERIENCE]

    def _change(self, kind):
        own = [item for _, item in facts_of(self.role, kind)]
        baseline = self.previous
        while baseline is not None and not facts_of(baseline.role, kind):
            baseline = baseline.previous
        new = []
        if own and baseline is not None:
            new = Contrast.between(baseline.role, self.role, kind).only_second
        return StepChange(kind, own, baseline, new, skipped=baseline is not self.previous)

    @cached_property
    def changes(self):
        """[StepChange] for areas of work, then skills; None for the first step."""
        if self.previous is None:
            return None
        return [self._change(AREAS), self._change(SKILLS)]


class CareerPath:
    def __init__(self, roles, graph, relationships):
        self.roles = roles
        self.graph = graph
        self.here = None
        self.steps = []
        self.by_slug = {}
        self._build(relationships)

    @classmethod
    def load(cls):
        roles = list(
            Role.objects.by_level().prefetch_related(
                "sources",
                Prefetch("role_skills", queryset=RoleSkill.objects.select_related("skill")),
                "responsibilities",
                Prefetch("education", queryset=Education.objects.select_related("source")),
                Prefetch("salary_figures", queryset=SalaryFigure.objects.select_related("source")),
            )
        )
        role_by_id = {role.pk: role for role in roles}
        moves = list(CareerMove.objects.select_related("source"))
        # Point each move at the prefetched roles, which carry the skills, duties and pay.
        for move in moves:
            move.from_role = role_by_id[move.from_role_id]
            move.to_role = role_by_id[move.to_role_id]
        relationships = list(Relationship.objects.select_related("source"))
        for link in relationships:
            link.from_role = role_by_id[link.from_role_id]
            link.to_role = role_by_id[link.to_role_id]
        return cls(roles, CareerGraph(moves), relationships)

    def _build(self, relationships):
        for start in self.graph.starts:
            head = self._place(start, None, None)
            # Branches are followed depth-first in the data's order, as a recursive walk
            # would, with a stack of their own so a long path needs no deeper call stack.
            heads = [head]
            while heads:
                branch = heads.pop()
                run = self._run_from(branch)
                if branch is head:
                    self.steps.extend(run)
                else:
                    branch.then = run[1:]
                heads.extend(reversed(run[-1].branches))

        related_ids = set()
        for step in self.by_slug.values():
            step.related = self.graph.related_from(step.role)
            related_ids.update(move.to_role_id for move in step.related)
        related_ids -= {step.role.pk for step in self.by_slug.values()}

        beside_ids = set()
        for link in relationships:
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

    def _run_from(self, head):
        """The steps that follow `head` one after another, up to a step that branches or
        ends the path. The caller follows the branches.

        Each role is placed once: a move to a role already on the page is only linked
        (`joins`), so a path where two branches meet again still ends."""
        run = [head]
        step = head
        while True:
            for move in self.graph.moves_from(step.role):
                shown = self.by_slug.get(move.to_role.slug)
                if shown is None:
                    shown = self._place(move.to_role, move, step)
                    step.placed.append(shown)
                step.following.append(shown)
            if len(step.placed) != 1:
                return run
            step = step.placed[0]
            run.append(step)

    @property
    def length(self):
        return len(self.by_slug)

    @property
    def layout(self):
        """[PathItem]: the steps with their branches and runs, flattened in document order
        for the template to write in one loop (see the module's docstring)."""
        items = []
        # What is left to write, next last: a Step still to expand, or an item as it is.
        todo = [PathItem(PathItem.END_LIST), *reversed(self.steps), PathItem(PathItem.STEPS)]
        while todo:
            next_up = todo.pop()
            if isinstance(next_up, PathItem):
                items.append(next_up)
                continue
            step = next_up
            inside = [PathItem(PathItem.STEP, step)]
            if step.branches:
                inside += [PathItem(PathItem.BRANCHES, step), *step.branches]
                inside.append(PathItem(PathItem.END_LIST))
            if step.then:
                inside += [PathItem(PathItem.STEPS, step), *step.then, PathItem(PathItem.END_LIST)]
            inside.append(PathItem(PathItem.END_STEP))
            todo.extend(reversed(inside))
        return items

    def mark(self, step):
        """Mark `step` as where the reader is, and its next moves as next."""
        step.is_here = True
        for following in step.following:
            following.is_next = True
        self.here = step

    @property
    def time_figures(self):
        """[(step, education row)]: what the sources say about experience, step by step."""
        return [(step, row) for step in self.by_slug.values() for row in step.experience]

    @property
    def sources(self):
        """Every source the page draws on: the summaries it shows, the moves, the figures,
        the experience rows and the relationships beside a step, each once, by title."""
        found = {}
        for role in [step.role for step in self.by_slug.values()] + self.other_roles:
            for source in role.sources.all():
                found.setdefault(source.pk, source)
        for step in self.by_slug.values():
            rows = [*step.role.salary_figures.all(), *step.experience, *step.related]
            rows += [link for _, links in step.alongside for link in links]
            if step.move_in:
                rows.append(step.move_in)
            for row in rows:
                found.setdefault(row.source_id, row.source)
        return sorted(found.values(), key=lambda s: s.title)
