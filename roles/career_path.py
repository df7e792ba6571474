"""The career path page: the steps from the first job upward, laid out for reading.

`CareerPath.load()` reads every role, and every move and relationship as a link between
two of them, and asks the career graph where the path starts and what follows each step;
`show()` fetches whole rows only for the part shown, in a fixed number of queries. Here
the steps are laid out: a run of steps, branching where a step has more than one next
move, each role shown once. An optional step (a move some people make on the way to a
role the step before also leads to directly) sits in the run between the two, so the
direct move is not drawn as a branch of its own. Roles off the path are placed beside the
step they work with (from `Relationship`), as a related career, or listed as other roles.

What a step says about its move (what it takes, what changes) is what the move's source
says, as the `CareerMove` row records it; nothing is worked out by setting one step's
facts against another's.

A long path is shown in parts of `CareerPath.PART_SIZE` steps, in reading order, so a
page's rows, its render and its size stay bounded however long the path grows: the graph
is built from every role and move, and only the part's own rows are fetched. `?at=` opens
the part that holds the step; a link to a step on another part goes to that part.

The page nests each branch inside the step it leaves, and a longer path nests deeper. So
nothing here or in the templates walks the path by recursion: the steps are followed with
a stack of their own, and `CareerPath.layout` hands the template the nested lists as one
flat sequence (open a list, a step, close), which it writes in a single loop. Rendering
then takes the same depth of Python stack however long the path grows.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch, Q, prefetch_related_objects

from .addresses import career_path_url
from .career_graph import CareerGraph, Link, point_at_roles
from .models import CareerMove, Education, Relationship, Role, Source, page_prefetches


@dataclass(frozen=True)
class PathItem:
    """One item of the path as the page writes it, in document order. The nested lists
    of steps and branches come as a flat sequence: each list and each step is opened by
    an item and closed by a later one, after everything nested inside it. The template
    asks the `is_*` flags, so the kinds are named here only."""

    STEPS = "steps"  # open a run of steps; `step` is the branch head it follows, or None
    STEP = "step"  # open one step and show it
    BRANCHES = "branches"  # say that `step` branches, and open the list of its branches
    END_LIST = "end-list"  # close the innermost run or list of branches
    END_STEP = "end-step"  # close the innermost step

    kind: str
    step: "Step | None" = None

    @property
    def is_steps(self):
        return self.kind == self.STEPS

    @property
    def is_step(self):
        return self.kind == self.STEP

    @property
    def is_branches(self):
        return self.kind == self.BRANCHES

    @property
    def is_end_list(self):
        return self.kind == self.END_LIST

    @property
    def is_end_step(self):
        return self.kind == self.END_STEP


@dataclass(eq=False)
class Step:
    role: Role
    previous: "Step | None" = None
    # Every next move into this step, in the data's order.
    moves_in: list = field(default_factory=list)
    # Every step a next move leads to, in the data's order.
    following: list = field(default_factory=list)
    # The following steps shown under this one (the rest are shown elsewhere).
    placed: list = field(default_factory=list)
    # A branch head carries the run of steps that follow it inside its branch.
    then: list = field(default_factory=list)
    related: list = field(default_factory=list)
    # (role, [relationships]) for roles off the path that work beside this step.
    alongside: list = field(default_factory=list)
    # (earlier role, later role) for each direct move this optional step sits beside.
    detours: list = field(default_factory=list)
    # The steps a direct move reaches past an optional step placed under this one.
    past_optional: list = field(default_factory=list)
    is_here: bool = False
    is_next: bool = False
    number: int = 0  # its place in reading order, from 1
    part: int = 1
    href: str = ""  # where a link to this step goes from the part shown

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
    def here_url(self):
        return career_path_url(self.role)

    @property
    def joins(self):
        """Next steps shown elsewhere on the page: linked, not repeated. A step reached
        past an optional one is not among them: the optional step says so."""
        return [
            step
            for step in self.following
            if step not in self.placed and step not in self.past_optional
        ]

    @property
    def branches(self):
        return self.placed if len(self.placed) > 1 else []

    @property
    def is_open(self):
        return self.is_here or self.is_next

    @property
    def is_optional(self):
        """True when the sources give this as a step some people take, not all."""
        return bool(self.detours) or any(move.optional for move in self.moves_in)

    @property
    def experience(self):
        """What the sources say about the experience this role takes (time included)."""
        return self.role.experience_rows

    @property
    def changes(self):
        """The moves in whose source says what changes, each statement once."""
        said = {}
        for move in self.moves_in:
            if move.changes:
                said.setdefault(move.changes, move)
        return list(said.values())

    @property
    def changes_not_given(self):
        """The moves in whose source says nothing about what changes."""
        return [move for move in self.moves_in if not move.changes]


@dataclass
class OffPath:
    """A role the sources name but do not put on the path, and where they do place it:
    beside which steps it works, and from which steps it is a related career."""

    role: Role
    alongside: list  # (step, [relationships])
    related_from: list  # (step, move): the related-career moves that name it

    @property
    def title(self):
        return self.role.title


class CareerPath:
    # Steps a part of the path shows. The real path fits in one part several times over;
    # at 100x the content a part of 50 took two fifths of the page's render in the
    # template alone, and 25 steps, each with its details, is still a long page to read.
    PART_SIZE = 25

    def __init__(self, roles, graph, relationships, sources=()):
        self.roles = roles
        self.graph = graph
        self.here = None
        self.off_path = None
        self.steps = []
        self.by_slug = {}
        self.part = 1
        self.prose_sources = []
        self._sources = {source.pk: source for source in sources}
        self._build(relationships)
        self._number_the_steps()

    @classmethod
    def load(cls):
        """Every role, and every move and relationship as a `Link`: enough to lay out the
        whole path. `show()` fetches whole rows for the part shown only."""
        roles = list(Role.objects.by_level().defer("overview", "work_environment"))
        sources = list(Source.objects.all())
        relationships = Link.load(Relationship.objects.all(), roles)
        return cls(roles, CareerGraph.load(roles), relationships, sources)

    def show(self, at=None, part=None):
        """Mark `at` (a role) as where the reader is, or else pick part `part`, and fetch
        the rows of the part shown: the same queries whichever part it is."""
        if at is not None:
            self.mark(at)
        elif part is not None:
            self.part = part
        steps = self.part_steps
        shown = [step.role for step in steps]
        prefetch_related_objects(
            shown,
            Prefetch(
                "education",
                queryset=Education.objects.filter(kind=Education.Kind.EXPERIENCE),
                to_attr="experience_rows",
            ),
            # Pay as the role page loads it: one declaration of what a page shows.
            *page_prefetches("salary_figures"),
        )
        self._fetch_rows_shown(steps)
        # Only the rows of the part shown cite their sources: at 100x the content, pointing
        # every move and relationship of the path at its source took a tenth of the render.
        # (A source added since the sources were read is left to load itself.)
        for row in self._rows_shown(steps):
            if row.source_id in self._sources:
                row.source = self._sources[row.source_id]
        parts = [self.part_url(number) for number in range(1, self.part_count + 1)]
        for step in self.by_slug.values():
            on_another_part = parts[step.part - 1] if step.part != self.part else ""
            step.href = f"{on_another_part}#step-{step.slug}"
        named = {role.pk for step in steps for role in self._roles_named_by(step)}
        named.update(role.pk for role in self.other_roles)
        if self.off_path:
            named.add(self.off_path.role.pk)
        # The sources the summaries shown draw on.
        self.prose_sources = list(Source.objects.filter(roles__in=named).distinct())

    def _fetch_rows_shown(self, steps):
        """Put whole rows, with what they say, in place of the links the part shown writes
        out: every move and relationship of a role it shows, one query each whatever the
        part, pointed at the roles loaded. A link whose row an editor deleted since it was
        read is left out, like a row added since (see `Link.load`)."""
        roles = [step.role for step in steps]
        if self.off_path:
            roles.append(self.off_path.role)
        touching = Q(from_role__in=roles) | Q(to_role__in=roles)
        # Fetched in no order: they are found by key.
        moves, links = (
            {row.pk: row for row in point_at_roles(rows.filter(touching).order_by(), self.roles)}
            for rows in (CareerMove.objects, Relationship.objects)
        )

        def whole(rows, fetched):
            return [fetched[row.pk] for row in rows if row.pk in fetched]

        for step in steps:
            step.moves_in = whole(step.moves_in, moves)
            step.related = whole(step.related, moves)
            step.alongside = [(role, whole(rows, links)) for role, rows in step.alongside]
        if self.off_path:
            off = self.off_path
            off.related_from = [
                (step, moves[move.pk]) for step, move in off.related_from if move.pk in moves
            ]
            off.alongside = [(step, whole(rows, links)) for step, rows in off.alongside]

    def _rows_shown(self, steps):
        """The moves, relationships and experience rows that the part shown cites."""
        for step in steps:
            yield from step.role.experience_rows
            yield from step.moves_in
            yield from step.related
            for _, links in step.alongside:
                yield from links
        if self.off_path:
            for _, move in self.off_path.related_from:
                yield move
            for _, links in self.off_path.alongside:
                yield from links

    def _roles_named_by(self, step):
        yield step.role
        for other, _ in step.alongside:
            yield other
        for move in step.related:
            yield move.to_role

    def _build(self, relationships):
        for start in self.graph.starts:
            head = self._place(start, None)
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

        for step in self.by_slug.values():
            step.moves_in = self.graph.moves_into(step.role)
            step.following = [
                self.by_slug[move.to_role.slug] for move in self.graph.moves_from(step.role)
            ]
            step.detours = [
                (self.by_slug[earlier.slug], self.by_slug[later.slug])
                for earlier, later in self.graph.detours_through(step.role)
            ]
            step.past_optional = [self.by_slug[role.slug] for role in step.past_optional]

        related_ids = set()
        for step in self.by_slug.values():
            step.related = self.graph.related_from(step.role)
            related_ids.update(move.to_role_id for move in step.related)
        related_ids -= {step.role.pk for step in self.by_slug.values()}

        beside_ids = set()
        self._beside = {}
        for link in relationships:
            from_on_path = link.from_role.slug in self.by_slug
            to_on_path = link.to_role.slug in self.by_slug
            if from_on_path == to_on_path:
                continue
            on, off = (
                (link.from_role, link.to_role) if from_on_path else (link.to_role, link.from_role)
            )
            self._beside.setdefault(off.pk, []).append((self.by_slug[on.slug], link))
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

    def _number_the_steps(self):
        """Number the steps in reading order and give each the part it falls in."""
        for number, item in enumerate((i for i in self.layout if i.is_step), start=1):
            item.step.number = number
            item.step.part = (number - 1) // self.PART_SIZE + 1

    def _place(self, role, previous):
        step = Step(role=role, previous=previous)
        self.by_slug[role.slug] = step
        return step

    def _run_from(self, head):
        """The steps that follow `head` one after another, up to a step that branches or
        ends the path. The caller follows the branches.

        Each role is placed once: a move to a role already on the page is only linked
        (`joins`), so a path where two branches meet again still ends. A move that goes
        straight past an optional step places nothing: the optional step is placed, and
        the role beyond it follows it in the run."""
        run = [head]
        step = head
        while True:
            moves = self.graph.moves_from(step.role)
            past = [
                move.to_role
                for move in moves
                if any(self._is_new(other) for other in self.graph.optional_steps_past(move))
            ]
            for move in moves:
                if move.to_role not in past and self._is_new(move.to_role):
                    step.placed.append(self._place(move.to_role, step))
            step.past_optional = past  # roles for now; steps once every step is placed
            if len(step.placed) != 1:
                return run
            step = step.placed[0]
            run.append(step)

    def _is_new(self, role):
        return role.slug not in self.by_slug

    @property
    def length(self):
        return len(self.by_slug)

    @property
    def optional_count(self):
        return sum(1 for step in self.by_slug.values() if step.is_optional)

    @cached_property
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

    # Parts ---------------------------------------------------------------------------

    @property
    def part_count(self):
        return max(1, (self.length + self.PART_SIZE - 1) // self.PART_SIZE)

    @property
    def part_steps(self):
        return [item.step for item in self.part_layout if item.is_step]

    @property
    def first_step(self):
        """The first step of the part shown."""
        steps = self.part_steps
        return steps[0] if steps else None

    @cached_property
    def part_layout(self):
        """The items of the part shown, nested as on the whole path. A part after the
        first opens with a run of its own (its first step follows one on the part before,
        which `first_step.previous` names), and closes every list and step it opens."""
        items = self.layout
        if self.part_count == 1:
            return items
        starts = [i for i, item in enumerate(items) if item.is_step]
        first = starts[(self.part - 1) * self.PART_SIZE]
        end = len(items) if self.part == self.part_count else starts[self.part * self.PART_SIZE]
        # A list that opens just before a part's first step opens with that part.
        first, end = self._with_openers(items, first), self._with_openers(items, end)
        part, opened = [], []  # opened: how to close each list and step still open
        for item in items[first:end]:
            if item.is_step:
                if not opened:  # its list opened on an earlier part: open one here
                    part.append(PathItem(PathItem.STEPS))
                    opened.append(PathItem.END_LIST)
                opened.append(PathItem.END_STEP)
            elif item.is_steps or item.is_branches:
                # A list opens inside a step, or at the top; never straight inside a list
                # this part opened for steps whose own list began on an earlier part.
                while opened and opened[-1] == PathItem.END_LIST:
                    part.append(PathItem(opened.pop()))
                opened.append(PathItem.END_LIST)
            elif opened:
                opened.pop()
            else:
                continue  # it closes a list or step of an earlier part
            part.append(item)
        part.extend(PathItem(kind) for kind in reversed(opened))
        return part

    @staticmethod
    def _with_openers(items, index):
        while (
            index > 0
            and index < len(items)
            and (items[index - 1].is_steps or items[index - 1].is_branches)
        ):
            index -= 1
        return index

    def part_url(self, number):
        """The address of part `number` of the path."""
        return career_path_url() if number == 1 else f"{career_path_url()}?part={number}"

    @property
    def previous_part_url(self):
        return self.part_url(self.part - 1) if self.part > 1 else None

    @property
    def next_part_url(self):
        return self.part_url(self.part + 1) if self.part < self.part_count else None

    @property
    def last_number(self):
        return min(self.part * self.PART_SIZE, self.length)

    def mark(self, role):
        """Mark `role` as where the reader is: its step and the step's next moves, or,
        for a role off the path, where the sources do place it."""
        step = self.by_slug.get(role.slug)
        if step is None:
            related_from = [
                (step, move)
                for step in self.by_slug.values()
                for move in step.related
                if move.to_role_id == role.pk
            ]
            beside = {}
            for on, link in self._beside.get(role.pk, []):
                beside.setdefault(on.slug, (on, []))[1].append(link)
            self.off_path = OffPath(role, list(beside.values()), related_from)
            # Shown on the part of the first step the sources place it beside.
            near = [step for step, _ in related_from] + [step for step, _ in beside.values()]
            self.part = near[0].part if near else 1
            return
        self.part = step.part
        step.is_here = True
        for following in step.following:
            following.is_next = True
        self.here = step

    @property
    def roles_by_slug(self):
        """Every role, by slug: any of them can be marked as where the reader is."""
        return {role.slug: role for role in self.roles}

    @property
    def here_role(self):
        if self.here:
            return self.here.role
        return self.off_path.role if self.off_path else None

    @property
    def url(self):
        """The whole path, no step marked."""
        return career_path_url()

    @property
    def time_figures(self):
        """[(step, education row)]: what the sources say about experience, step by step,
        on the part shown."""
        return [(step, row) for step in self.part_steps for row in step.experience]

    @property
    def sources(self):
        """Every source the page draws on: the summaries it shows, the moves, the figures,
        the experience rows, the relationships beside a step and what the card of a role
        off the path cites, each once, by title."""
        found = {source.pk: source for source in self.prose_sources}
        for step in self.part_steps:
            rows = [*step.role.salary_figures.all(), *step.experience, *step.related]
            rows += [link for _, links in step.alongside for link in links]
            rows += step.moves_in
            for row in rows:
                found.setdefault(row.source_id, row.source)
        if self.off_path:
            rows = [move for _, move in self.off_path.related_from]
            rows += [link for _, links in self.off_path.alongside for link in links]
            for row in rows:
                found.setdefault(row.source_id, row.source)
        return sorted(found.values(), key=lambda s: s.title)
