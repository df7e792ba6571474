"""Rules the guide's content must follow beyond what one row's constraints can say."""

from dataclasses import dataclass

from django.conf import settings

from . import passages
from .career_graph import CareerGraph
from .models import (
    CareerMove,
    Education,
    IndustryVariant,
    JobOutlook,
    ProsePassage,
    Relationship,
    Responsibility,
    Role,
    RoleCertification,
    RoleIndustry,
    RoleSkill,
    SalaryFigure,
    Source,
    SourceComparison,
)

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


# Every kind of row that states a fact, and so names its passage.
PASSAGE_MODELS = [
    Responsibility,
    RoleSkill,
    Education,
    RoleCertification,
    IndustryVariant,
    Relationship,
    RoleIndustry,
    SalaryFigure,
    JobOutlook,
    CareerMove,
    ProsePassage,
    SourceComparison,
]

# "A few words, never a sentence."
PASSAGE_MOST_WORDS = 6


def passage_rows():
    """Every row that names a passage, with its source (and its role, for prose)."""
    for model in PASSAGE_MODELS:
        rows = model.objects.select_related("source")
        if model is ProsePassage:
            rows = rows.select_related("role").prefetch_related("role__sources")
        yield from rows


def stored_articles(seeds_dir=None):
    """{source key: text} of the stored copy of each source that names its `document`.

    Raises FileNotFoundError naming the folder or file that is missing: a check that
    cannot read the articles has checked nothing, so it must not pass."""
    folder = seeds_dir or settings.CAREERGUIDE_SEEDS_DIR
    if not folder.is_dir():
        raise FileNotFoundError(
            f"The stored copies of the source articles are not in {folder}: set "
            "CAREERGUIDE_SEEDS_DIR to the folder that holds them."
        )
    articles = {}
    for source in Source.objects.all():
        path = folder / source.document
        if not source.document or not path.is_file():
            raise FileNotFoundError(
                f"The source “{source.key}” names the document “{source.document}”, "
                f"which is not in {folder}."
            )
        articles[source.key] = path.read_text(encoding="utf-8")
    return articles


def _describe(row):
    return f"The {row._meta.verbose_name} “{row}” (pk {row.pk})"


def passage_problems(seeds_dir=None):
    """Each row's passage held against the stored copy of the article it cites: there,
    in one paragraph, start before end (roles.E201-E203); where it hedges, the row keeps
    a hedge (roles.E204); a skill's passage is about skills, not duties (roles.E205); a role's prose
    comes from every source it names (roles.E206)."""
    articles = stored_articles(seeds_dir)
    yield from prose_source_problems()
    for row in passage_rows():
        found = yield from _found_passage(row, articles)
        if found is None:
            continue
        hedges = passages.hedges_in(found.text)
        if hedges and not passages.keeps_hedge(row.fact_text):
            yield Problem(
                "roles.E204",
                row,
                f"{_describe(row)} drops its source's certainty: the passage says "
                f"“{'”, “'.join(hedges)}”, but the guide's text has no such word "
                f"(may, might, can, could, often, typically, usually, some, many, most, "
                f"generally): “{row.fact_text}”.",
            )
        if isinstance(row, RoleSkill) and not passages.speaks_of_skills(found.text):
            yield Problem(
                "roles.E205",
                row,
                f"{_describe(row)} is a skill, but its passage (“{found.text}”) speaks of "
                "what the role does, not of a skill or ability it needs: a duty belongs "
                "with the duties.",
            )


def prose_source_problems():
    """Each prose text of a role names the passages it states (roles.E207), and a source
    a role names for its prose is where some of it comes from (roles.E206): a source no
    passage draws on is cited for something it does not say."""
    roles = Role.objects.prefetch_related("sources", "prose_passages")
    for role in roles:
        for field, label in ProsePassage.Field.choices:
            stated = {passage.field for passage in role.prose_passages.all()}
            if getattr(role, field).strip() and field not in stated:
                yield Problem(
                    "roles.E207",
                    role,
                    f"The {label.lower()} of the role “{role.slug}” names no passage of "
                    "its sources.",
                )
        drawn_on = {passage.source_id for passage in role.prose_passages.all()}
        for source in role.sources.all():
            if source.pk not in drawn_on:
                yield Problem(
                    "roles.E206",
                    role,
                    f"The role “{role.slug}” names “{source.key}” as a source of its prose, "
                    "but none of its prose passages comes from it.",
                )


def _found_passage(row, articles):
    """The row's passage in its article, or None after yielding why it is not there."""
    start, end = row.passage_start.strip(), row.passage_end.strip()
    if not (start and end):
        yield Problem("roles.E201", row, f"{_describe(row)} names no passage of its source.")
        return None
    for part in (start, end):
        if len(passages.words(part)) > PASSAGE_MOST_WORDS:
            yield Problem(
                "roles.E201",
                row,
                f"{_describe(row)} has a passage phrase of more than {PASSAGE_MOST_WORDS} "
                f"words (“{part}”): name the passage by a few words where it starts and "
                "where it ends, never a sentence.",
            )
            return None
    if isinstance(row, ProsePassage) and row.source not in row.role.sources.all():
        yield Problem(
            "roles.E202",
            row,
            f"{_describe(row)} cites “{row.source.key}”, which is not one of the sources "
            f"the role “{row.role.slug}” names for its prose.",
        )
    found = passages.find_passage(articles[row.source.key], start, end)
    if found is None:
        yield Problem(
            "roles.E203",
            row,
            f"{_describe(row)} names a passage that is not in its source "
            f"“{row.source.key}” ({row.source.document}): no paragraph has “{start}” "
            f"followed by “{end}”.",
        )
    return found
