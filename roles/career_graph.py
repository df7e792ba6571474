"""The career graph: the `CareerMove` rows as one object, built once per request.

This is the only code that walks the moves. The career path page asks it where the path
starts and what follows each step; the comparison asks how two roles relate on it; the
role page asks for one role's moves; the content rules ask it for cycles, steps that
cannot be reached and moves back into an entry-level role.
"""

from dataclasses import dataclass

from .models import CareerMove, Role


@dataclass(frozen=True)
class Position:
    """Where one role sits: the moves into it and out of it, and its related careers."""

    previous_moves: list
    next_moves: list
    related: list  # (other role, move)
    is_step: bool


@dataclass(frozen=True)
class PathRelation:
    """How two roles sit on the career path. `kind` is one of the names below;
    `earlier` and `later` are set when one comes before the other (or, for a related
    career, when one names the other), `steps` when one follows the other: the fewest
    next steps between them. Where the way up passes optional steps, `steps_with_optional`
    counts them too and `optional_steps` names them; `optional` is True when `later` is
    itself an optional next step from `earlier`."""

    NEXT = "next"  # `later` is one next step up from `earlier`
    LATER = "later"  # `later` comes `steps` next steps after `earlier`
    RELATED = "related"  # the sources name `later` as a related career of `earlier`
    BRANCHES = "branches"  # both on the path, neither leads to the other
    UNLINKED = "unlinked"  # at least one of them is not on the path

    kind: str
    earlier: Role | None = None
    later: Role | None = None
    steps: int | None = None
    steps_with_optional: int | None = None
    optional_steps: tuple = ()
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A move or a relationship as a layout reads it: the two roles it joins, and how.
    At 100x the content, building every move and relationship of the path as a model
    instance, and pointing each at its roles, took about a quarter of the career path's
    render; a page fetches whole rows only for what it shows."""

    pk: int
    from_role_id: int
    to_role_id: int
    from_role: Role
    to_role: Role
    kind: str
    optional: bool = False

    @classmethod
    def load(cls, queryset, roles, *also):
        """The rows of `queryset` (of moves or relationships) as links between `roles`,
        in the queryset's order; `also` names the other fields to read ("optional" for a
        move). A row that joins a role `roles` lacks is left out: one an editor added
        after the roles were read, which the page leaves to its next render (the page
        cache keeps this one at the content version read before it)."""
        by_pk = {role.pk: role for role in roles}
        return [
            cls(pk, from_pk, to_pk, by_pk[from_pk], by_pk[to_pk], *rest)
            for pk, from_pk, to_pk, *rest in queryset.values_list(
                "pk", "from_role", "to_role", "kind", *also
            )
            if from_pk in by_pk and to_pk in by_pk
        ]


class CareerGraph:
    def __init__(self, moves):
        """`moves`: `CareerMove` rows with `from_role` and `to_role` loaded, or `Link`s, in
        the order the data gives them (`CareerMove.Meta.ordering`)."""
        self.moves = list(moves)
        self._out, self._in, self._related = {}, {}, {}
        self._roles = {}
        # (from, to) -> the optional steps between them: the roles an optional move from
        # `from` leads to, from which a next move goes on to `to`, beside a direct move.
        self._detours = {}
        self._detours_through = {}  # optional step -> [(from, to)]
        for move in self.moves:
            self._roles[move.from_role_id] = move.from_role
            self._roles[move.to_role_id] = move.to_role
            if move.kind == CareerMove.Kind.NEXT:
                self._out.setdefault(move.from_role_id, []).append(move)
                self._in.setdefault(move.to_role_id, []).append(move)
            else:
                self._related.setdefault(move.from_role_id, []).append(move)
                self._related.setdefault(move.to_role_id, []).append(move)
        for move in self.moves:
            if move.kind != CareerMove.Kind.NEXT or not move.optional:
                continue
            direct = {m.to_role_id for m in self._out.get(move.from_role_id, [])}
            for onward in self._out.get(move.to_role_id, []):
                if onward.to_role_id in direct:
                    key = (move.from_role_id, onward.to_role_id)
                    self._detours.setdefault(key, []).append(move.to_role)
                    self._detours_through.setdefault(move.to_role_id, []).append(
                        (move.from_role, onward.to_role)
                    )

    @classmethod
    def load(cls, roles=None):
        """Every move, in one query. A page that has loaded every role already passes
        them as `roles`, and the moves come as `Link`s between those (at 100x the content,
        whole rows and copies of their roles would be two thirds of what the page builds)."""
        if roles is None:
            return cls(CareerMove.objects.select_related("from_role", "to_role", "source"))
        return cls(Link.load(CareerMove.objects.all(), roles, "optional"))

    @classmethod
    def around(cls, role):
        """One role's own moves, from rows `Role.objects.with_page_details()` prefetched:
        enough to answer what comes before, after and beside that role, and no more."""
        return cls(sorted([*role.moves_out.all(), *role.moves_in.all()], key=_data_order))

    # One role's neighbours -------------------------------------------------------------

    def moves_from(self, role):
        """The next steps up from `role`, in the data's order."""
        return self._out.get(role.pk, [])

    def moves_into(self, role):
        """The next moves that lead to `role`."""
        return self._in.get(role.pk, [])

    def related_to(self, role):
        """[(other role, move)]: related careers named on either side of a move, each once."""
        related = {}
        for move in self._related.get(role.pk, []):
            other = move.to_role if move.from_role_id == role.pk else move.from_role
            related.setdefault(other.pk, (other, move))
        return list(related.values())

    def related_from(self, role):
        """The related-career moves that start at `role`, in the data's order."""
        return [move for move in self._related.get(role.pk, []) if move.from_role_id == role.pk]

    def position(self, role):
        return Position(
            previous_moves=self.moves_into(role),
            next_moves=self.moves_from(role),
            related=self.related_to(role),
            is_step=self.is_step(role),
        )

    def optional_steps_past(self, move):
        """The optional steps a next move goes straight past (for a PA's move to associate
        producer, the coordinator role a PA might take first); [] for most moves."""
        return self._detours.get((move.from_role_id, move.to_role_id), [])

    def detours_through(self, role):
        """[(earlier, later)]: the moves that `role`, as an optional step, sits between."""
        return self._detours_through.get(role.pk, [])

    def is_step(self, role):
        """True when `role` is a step on the path (a next move leads to it or from it)."""
        return role.pk in self._out or role.pk in self._in

    # The whole path --------------------------------------------------------------------

    @property
    def starts(self):
        """Roles the path starts from (a next move leaves them, none arrives), lowest
        level first. A well-formed path has exactly one."""
        roles = [self._roles[pk] for pk in self._out if pk not in self._in]
        return sorted(roles, key=lambda role: (role.level, role.title))

    def steps_between(self, earlier, later, with_optional=False):
        """How many next steps lead from `earlier` up to `later`, or None: the fewest, or,
        `with_optional`, the fewest on a way that takes every optional step it passes."""
        frontier, seen, steps = [earlier.pk], {earlier.pk}, 0
        while frontier:
            steps += 1
            reached = [
                move.to_role_id
                for pk in frontier
                for move in self._out.get(pk, [])
                if not (with_optional and (pk, move.to_role_id) in self._detours)
            ]
            if later.pk in reached:
                return steps
            frontier = [pk for pk in reached if pk not in seen]
            seen.update(frontier)
        return None

    def relation(self, first, second):
        """How `first` and `second` relate on the path, as a `PathRelation`."""
        for earlier, later in ((first, second), (second, first)):
            steps = self.steps_between(earlier, later)
            if steps:
                kind = PathRelation.NEXT if steps == 1 else PathRelation.LATER
                longer = self.steps_between(earlier, later, with_optional=True)
                return PathRelation(
                    kind,
                    earlier,
                    later,
                    steps,
                    steps_with_optional=longer if longer != steps else None,
                    optional_steps=tuple(self._optional_steps_between(earlier, later)),
                    optional=any(
                        move.optional and move.to_role_id == later.pk
                        for move in self._out.get(earlier.pk, [])
                    ),
                )
        for earlier, later in ((first, second), (second, first)):
            if any(move.to_role_id == later.pk for move in self._related.get(earlier.pk, [])):
                return PathRelation(PathRelation.RELATED, earlier, later)
        if self.is_step(first) and self.is_step(second):
            return PathRelation(PathRelation.BRANCHES)
        return PathRelation(PathRelation.UNLINKED)

    def _optional_steps_between(self, earlier, later):
        """The optional steps that some way from `earlier` up to `later` may pass."""
        found = []
        for (first, last), steps in self._detours.items():
            for step in steps:
                before = first == earlier.pk or self.steps_between(earlier, self._roles[first])
                after = last == later.pk or self.steps_between(self._roles[last], later)
                if before and after and step not in found and step.pk != later.pk:
                    found.append(step)
        return found

    # What the content rules need -------------------------------------------------------

    def cycle(self):
        """The roles of one cycle of next moves ([a, b, a]), or [] when there is none."""
        # A depth-first walk with its own stack rather than recursion, so a path of any
        # length is checked (Python's recursion limit would stop at about a thousand steps).
        done = set()
        for start in sorted(self._out, key=lambda pk: self._roles[pk].slug):
            if start in done:
                continue
            path, on_path = [start], {start}
            pending = [iter(self._out.get(start, []))]
            while pending:
                move = next(pending[-1], None)
                if move is None:  # every move from the last role on the path is walked
                    finished = path.pop()
                    on_path.discard(finished)
                    done.add(finished)
                    pending.pop()
                    continue
                pk = move.to_role_id
                if pk in on_path:
                    return [self._roles[p] for p in [*path[path.index(pk) :], pk]]
                if pk not in done:
                    path.append(pk)
                    on_path.add(pk)
                    pending.append(iter(self._out.get(pk, [])))
        return []

    def unreachable_starts(self):
        """Every start after the first: steps no move from the path's start leads to."""
        return self.starts[1:]

    def related_off_path(self):
        """Related-career moves that branch from a role that is not a step on the path."""
        return [
            move
            for move in self.moves
            if move.kind == CareerMove.Kind.RELATED and not self.is_step(move.from_role)
        ]

    def moves_into_entry_level(self):
        """Next moves that lead into an entry-level role: the path goes up, never back
        to a first job."""
        return [
            move
            for moves in self._in.values()
            for move in moves
            if move.to_role.level == Role.Level.ENTRY
        ]


def point_at_roles(rows, roles):
    """The moves (or relationships) of `rows` whose roles are both in `roles`, with their
    `from_role` and `to_role` set to those instances, so a page reads the roles it
    loaded. The rest are left out, as `Link.load` leaves them."""
    by_pk = {role.pk: role for role in roles}
    joined = []
    for row in rows:
        if row.from_role_id in by_pk and row.to_role_id in by_pk:
            row.from_role = by_pk[row.from_role_id]
            row.to_role = by_pk[row.to_role_id]
            joined.append(row)
    return joined


def _data_order(move):
    return (move.from_role.level, move.order, move.pk)
