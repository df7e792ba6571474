"""Rules the guide's content must follow beyond what one row's constraints can say."""

from dataclasses import dataclass

from .models import CareerMove, Role


@dataclass(frozen=True)
class Problem:
    code: str
    record: object
    message: str


def content_problems():
    return [
        *_roles_without_summary(),
        *_roles_citing_no_source(),
        *_path_problems(),
        *_entry_role_problems(),
    ]


def _roles_without_summary():
    for role in Role.objects.filter(summary__regex=r"^\s*$"):
        yield Problem("roles.E001", role, f"The role “{role.slug}” has no one-line summary.")


def _roles_citing_no_source():
    # Figures and every other fact row cannot be saved without a source (NOT NULL), so
    # the gap that can still open is prose: a role whose overview cites nothing.
    for role in Role.objects.filter(sources__isnull=True):
        yield Problem(
            "roles.E002",
            role,
            f"The role “{role.slug}” cites no source for its summary and overview.",
        )


def _path_problems():
    moves = list(CareerMove.objects.select_related("from_role", "to_role"))
    next_moves = [m for m in moves if m.kind == CareerMove.Kind.NEXT]
    if not next_moves:
        return
    following = {}
    for move in next_moves:
        following.setdefault(move.from_role.slug, []).append(move.to_role.slug)

    cycle = find_cycle(following)
    if cycle:
        yield Problem(
            "roles.E003",
            next_moves[0],
            "The career path goes round in a circle: " + " → ".join(cycle) + ".",
        )
        return

    targets = {m.to_role.slug for m in next_moves}
    starts = sorted(set(following) - targets)
    if len(starts) > 1:
        for slug in starts[1:]:
            move = next(m for m in next_moves if m.from_role.slug == slug)
            yield Problem(
                "roles.E004",
                move,
                f"The step “{slug}” cannot be reached from the start of the career path "
                f"(“{starts[0]}”): no move leads to it.",
            )
    on_path = set(following) | targets
    for move in moves:
        if move.kind == CareerMove.Kind.RELATED and move.from_role.slug not in on_path:
            yield Problem(
                "roles.E004",
                move,
                f"The related career {move} branches from “{move.from_role.slug}”, "
                "which is not on the career path.",
            )


def _entry_role_problems():
    """The career path begins at the entry-level role: no next step leads into it, and
    when the content has an entry-level role, the path starts there."""
    next_moves = list(
        CareerMove.objects.filter(kind=CareerMove.Kind.NEXT).select_related("from_role", "to_role")
    )
    for move in next_moves:
        if move.to_role.level == Role.Level.ENTRY:
            yield Problem(
                "roles.E005",
                move,
                f"The next step {move} leads into “{move.to_role.slug}”, an entry-level "
                "role: the career path starts there, so no step may lead into it.",
            )
    if not Role.objects.filter(level=Role.Level.ENTRY).exists():
        return
    targets = {m.to_role_id for m in next_moves}
    starts = {m.from_role_id: m for m in next_moves if m.from_role_id not in targets}
    for move in starts.values():
        if move.from_role.level != Role.Level.ENTRY:
            yield Problem(
                "roles.E006",
                move,
                f"The career path starts at “{move.from_role.slug}”, which is not an "
                "entry-level role: it must start at the entry role.",
            )


def find_cycle(following):
    """Return the roles of one cycle in a {role: [next roles]} graph, or an empty list."""
    visiting, done = [], set()

    def visit(node):
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return []
        visiting.append(node)
        for nxt in following.get(node, []):
            cycle = visit(nxt)
            if cycle:
                return cycle
        visiting.pop()
        done.add(node)
        return []

    for start in sorted(following):
        cycle = visit(start)
        if cycle:
            return cycle
    return []
