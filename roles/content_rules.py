"""Rules the guide's content must follow beyond what one row's constraints can say."""

from dataclasses import dataclass

from .career_graph import CareerGraph
from .models import CareerMove, Education, Relationship, Responsibility, Role, SalaryFigure

# The rows whose labels pages word or compare by (a duty's area, a relationship's kind).
LABELLED_MODELS = [Responsibility, Relationship, Education, CareerMove, SalaryFigure]


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
        *_labels_not_in_the_list(),
        *_duty_problems(),
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


def _labels_not_in_the_list():
    # Choices are not enforced by the database: a fixture or a script can store a label
    # (a duty's area, a relationship's kind) that no page knows how to word or compare.
    for model in LABELLED_MODELS:
        for field in model._meta.fields:
            if not field.choices or field.get_internal_type() != "CharField":
                continue
            known = [value for value, _ in field.flatchoices]
            for row in model.objects.exclude(**{f"{field.name}__in": known}):
                yield Problem(
                    "roles.E006",
                    row,
                    f"“{row}” has the {field.verbose_name} “{getattr(row, field.attname)}”, "
                    "which is not one of the labels the guide knows.",
                )


def _duty_problems():
    duties = Responsibility.objects.select_related("role", "source")
    for duty in duties.filter(phase__in=Responsibility.NAMED_PHASES, source__gives_phases=False):
        yield Problem(
            "roles.E007",
            duty,
            f"The duty “{duty.text}” of “{duty.role.slug}” is placed in "
            f"{duty.get_phase_display().lower()}, but its source (“{duty.source.key}”) ties no "
            "duty to a production phase: use “throughout the project” only where the source "
            "says so, otherwise “phase not given”.",
        )


def _path_problems():
    graph = CareerGraph.load()
    cycle = graph.cycle()
    if cycle:
        first_move = next(m for m in graph.moves_from(cycle[0]) if m.to_role == cycle[1])
        yield Problem(
            "roles.E003",
            first_move,
            "The career path goes round in a circle: "
            + " → ".join(role.slug for role in cycle)
            + ".",
        )
        return

    starts = graph.starts
    for role in graph.unreachable_starts():
        yield Problem(
            "roles.E004",
            graph.moves_from(role)[0],
            f"The step “{role.slug}” cannot be reached from the start of the career path "
            f"(“{starts[0].slug}”): no move leads to it.",
        )
    for move in graph.related_off_path():
        yield Problem(
            "roles.E009",
            move,
            f"The related career {move} branches from “{move.from_role.slug}”, "
            "which is not on the career path.",
        )
    # Small test data may have no entry-level role at all; real content always has one.
    first = starts[0] if starts else None
    if (
        first
        and first.level != Role.Level.ENTRY
        and Role.objects.filter(level=Role.Level.ENTRY).exists()
    ):
        yield Problem(
            "roles.E008",
            graph.moves_from(first)[0],
            f"The career path starts at “{first.slug}”, which is not an entry-level role: "
            "it must start at the entry role.",
        )
    for move in graph.moves_into_entry_level():
        yield Problem(
            "roles.E005",
            move,
            f"The move {move} leads back into “{move.to_role.slug}”, an entry-level role: "
            "the career path goes up from the first job, never back to it.",
        )
