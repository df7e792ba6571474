"""The guide's content: roles, what they do, what they pay, and where each fact comes from.

Every fact that a page shows is a row pointing at the `Source` it was taken from, so a page
can always cite it. Natural keys (slugs) keep the fixtures readable and stable.
"""

import difflib

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Greatest, Least
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

from .addresses import page_url
from .passages import keeps_hedge, text_fragment_url


class NaturalKeyManager(models.Manager):
    """Looks rows up by their slug-like natural key, for fixtures."""

    def __init__(self, key_field="slug"):
        super().__init__()
        self.key_field = key_field

    def get_by_natural_key(self, key):
        return self.get(**{self.key_field: key})


class SourceQuerySet(models.QuerySet):
    def drawn_on_by(self, roles):
        """The sources of what a list of roles shows (summary, level): the sources their
        prose draws on and those that give their levels, each once, by title."""
        return self.filter(
            Q(roles__in=roles) | Q(pk__in=[role.level_source_id for role in roles])
        ).distinct()


class Source(models.Model):
    key = models.SlugField(unique=True, help_text="Short stable name used by the fixtures.")
    title = models.CharField(max_length=200)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Only where the text names one."
    )
    published_on = models.DateField(null=True, blank=True, help_text="Only where given.")
    cites = models.CharField(
        max_length=300,
        blank=True,
        help_text="The underlying data the text cites, e.g. 'PayScale.com, 2020'.",
    )
    document = models.CharField(
        max_length=100, blank=True, help_text="File name of the stored copy of the text."
    )
    url = models.URLField(
        blank=True, help_text="Where the text is published, so a reader can check it."
    )
    gives_phases = models.BooleanField(
        default=False,
        help_text="The text ties duties to production phases (development, pre-production, "
        "production, post-production). Only then may a duty from it name one.",
    )

    history = HistoricalRecords()

    objects = NaturalKeyManager.from_queryset(SourceQuerySet)("key")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.key,)


def passage_fields():
    """The two fields of a passage, declared last in each fact row so they read last in
    its fixture."""
    return (
        models.CharField(
            max_length=100,
            blank=True,
            help_text="The first few words (not a sentence) of the passage in the source "
            "that states this, exactly as the source writes them.",
        ),
        models.CharField(
            max_length=100,
            blank=True,
            help_text="The last few words of that passage, in the same paragraph.",
        ),
    )


class StatedInPassage(models.Model):
    """A row that states a fact, with the passage of its source that states it
    (`passage_start`, `passage_end` from `passage_fields()`): a text fragment, the first
    and the last few words exactly as the article writes them. The page links the fact
    to it; the tests find it in the stored copy of the article."""

    # The field that words the fact in the guide's own words, whose certainty the
    # tests hold against the passage's.
    fact_text_field = "text"

    class Meta:
        abstract = True

    @property
    def passage_url(self):
        """The source's address, scrolled to and highlighting the passage."""
        return text_fragment_url(self.source.url, self.passage_start, self.passage_end)

    @property
    def fact_text(self):
        return getattr(self, self.fact_text_field)


class SourceComparisonQuerySet(models.QuerySet):
    def of_pair(self, first, second):
        """The comparisons of these two roles, whichever way round a source names them."""
        return self.filter(
            Q(first_role=first, second_role=second) | Q(first_role=second, second_role=first)
        )


class SourceComparison(StatedInPassage):
    """A source sets two roles side by side (000: "Here are the main differences between
    an associate producer and an assistant producer"). Only for such a pair may the guide
    say what differs, and only over that source's facts: the other sources describe roles
    at very different depths, so what one of them leaves out is no difference."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="comparisons")
    first_role = models.ForeignKey("Role", on_delete=models.CASCADE, related_name="+")
    second_role = models.ForeignKey("Role", on_delete=models.CASCADE, related_name="+")
    differs = models.TextField(
        blank=True,
        help_text="What the source itself says differs between the two, in the guide's "
        "words, keeping its hedges (typically, may). Leave empty if it says nothing.",
    )
    passage_start, passage_end = passage_fields()

    fact_text_field = "differs"

    history = HistoricalRecords()

    objects = SourceComparisonQuerySet.as_manager()

    class Meta:
        ordering = ["source", "first_role", "second_role"]
        constraints = [
            models.UniqueConstraint(
                "source",
                Least("first_role", "second_role"),
                Greatest("first_role", "second_role"),
                name="source_comparison_once",
                violation_error_message="This source already compares these two roles.",
            ),
            models.CheckConstraint(
                condition=~Q(first_role=F("second_role")),
                name="source_comparison_two_roles",
                violation_error_message="A source compares two different roles.",
            ),
        ]

    def __str__(self):
        return f"{self.source} compares {self.first_role} and {self.second_role}"


class SlugKeyed(models.Model):
    """A row of the taxonomy, named in fixtures by its slug."""

    slug = models.SlugField(unique=True)

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Industry(SlugKeyed):
    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "industries"


class Skill(SlugKeyed):
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]


class Certification(SlugKeyed):
    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class RoleQuerySet(models.QuerySet):
    def by_level(self):
        return self.order_by("level", "title")

    def with_page_details(self, *kinds):
        """The roles with the rows their pages show (`PAGE_ROWS`; only `kinds` of them when
        named), one query per kind however many roles and rows there are."""
        return self.prefetch_related(*page_prefetches(*kinds))

    def with_last_update(self):
        """Each role's `last_updated` (its `LastChange`), joined into the role query."""
        return self.select_related("last_change")

    def in_industry(self, industry):
        """Roles a source places in `industry`, or says how they differ there."""
        return self.filter(
            Exists(IndustryVariant.objects.filter(role=OuterRef("pk"), industry=industry))
            | Exists(RoleIndustry.objects.filter(role=OuterRef("pk"), industry=industry))
        )

    def closest_to(self, text):
        """The role whose slug or title is nearest a mistyped slug, or None if none is close."""
        text = text.lower()
        candidates = {}
        # The abbreviation is not matched on, but the suggestion shows `display_name`.
        for role in self.only("slug", "title", "abbreviation"):
            candidates[role.slug] = role
            candidates[role.title.lower()] = role
        matches = difflib.get_close_matches(text, candidates, n=1, cutoff=0.75)
        if not matches:
            matches = difflib.get_close_matches(
                text.replace("-", " "), candidates, n=1, cutoff=0.75
            )
        return candidates[matches[0]] if matches else None


def role_content_rows():
    """(model, [fields naming the role]) for the role and each kind of row its page shows."""
    return [
        (Role, ["id"]),
        (Responsibility, ["role"]),
        (RoleSkill, ["role"]),
        (Education, ["role"]),
        (RoleCertification, ["role"]),
        (IndustryVariant, ["role"]),
        (RoleIndustry, ["role"]),
        (SalaryFigure, ["role"]),
        (Relationship, ["from_role", "to_role"]),
        (CareerMove, ["from_role", "to_role"]),
        (ProsePassage, ["role"]),
    ]


# What a role page shows: each kind of row (the related manager's name on `Role`), with
# the rows it points at, loaded along with it. The role page, the comparison, the
# downloads and the career path all load their rows from here.
PAGE_ROWS = {
    "sources": [],
    "responsibilities": ["source"],
    "role_skills": ["skill", "source"],
    "education": ["source"],
    "role_certifications": ["certification", "source"],
    "industry_variants": ["industry", "source"],
    "salary_figures": ["source"],
    "job_outlooks": ["source"],
    "relationships": ["to_role", "source"],
    "relationships_in": ["from_role", "source"],
    "moves_out": ["to_role", "source"],
    "moves_in": ["from_role", "source"],
    "prose_passages": ["source"],
}


def page_prefetches(*kinds):
    """A `Prefetch` for each kind of row in `PAGE_ROWS` (or only `kinds`), for
    `prefetch_related()` or `prefetch_related_objects()`. Each kind comes in its model's
    order, ties in the order the rows were added, so a page reads the same every time."""
    prefetches = []
    for kind in kinds or PAGE_ROWS:
        relation = Role._meta.get_field(kind)
        model = relation.related_model
        # Among one role's rows, ordering by that role sorts by a constant, and only joins
        # its table.
        to_role = relation.field.name if relation.one_to_many else None
        ordering = [o for o in model._meta.ordering if o.lstrip("-").split("__")[0] != to_role]
        if "pk" not in ordering:
            ordering.append("pk")
        rows = model.objects.order_by(*ordering)
        if PAGE_ROWS[kind]:  # select_related() with no names would follow every key
            rows = rows.select_related(*PAGE_ROWS[kind])
        prefetches.append(Prefetch(kind, rows))
    return prefetches


class RoleManager(NaturalKeyManager.from_queryset(RoleQuerySet)):
    pass


class Role(models.Model):
    class Level(models.IntegerChoices):
        ENTRY = 1, "Entry"
        JUNIOR = 2, "Junior"
        MID = 3, "Mid-level"
        SENIOR = 4, "Senior"
        EXECUTIVE = 5, "Executive"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=100, unique=True)
    abbreviation = models.CharField(max_length=10, blank=True, help_text="PA, AP, EP…")
    summary = models.CharField(max_length=240, help_text="One line: what the role is.")
    overview = models.TextField(blank=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    level_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The source that puts the role at this level. Leave empty where no source "
        "ranks it: every page then shows the level as the guide's own placement.",
    )
    work_environment = models.TextField(blank=True)
    last_reviewed = models.DateField()
    sources = models.ManyToManyField(
        Source, blank=True, related_name="roles", help_text="Sources the prose draws on."
    )
    history = HistoricalRecords()

    objects = RoleManager()

    class Meta:
        ordering = ["level", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5),
                name="role_level_known",
                violation_error_message="A role's level must be one of entry to executive.",
            ),
            models.CheckConstraint(
                condition=~Q(summary=""),
                name="role_summary_not_empty",
                violation_error_message="Every role needs a one-line summary.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url("roles:detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def display_name(self):
        return f"{self.title} ({self.abbreviation})" if self.abbreviation else self.title

    @property
    def last_updated(self):
        """When the role's content last changed, or None where no change is recorded.
        A query of its own unless the role comes from `with_last_update()`."""
        try:
            return self.last_change.at
        except LastChange.DoesNotExist:
            return None

    @property
    def level_is_placement(self):
        """True when no source gives the level: the guide placed the role there."""
        return self.level_source_id is None

    @property
    def level_cited_source(self):
        """The source that gives the level, or None for the guide's placement. Read from
        the prose's sources, which a page has loaded and which name it too; only a level
        source the prose does not draw on costs a query."""
        if self.level_source_id is None:
            return None
        for source in self.sources.all():
            if source.pk == self.level_source_id:
                return source
        return self.level_source

    @property
    def level_label(self):
        """'Entry level', 'Mid-level': the level as a heading or a fact reads it."""
        # The enum's label, not get_level_display(): a page listing a thousand roles asks
        # twice for each, and the display lookup costs ten times as much.
        try:
            label = self.Level(self.level).label
        except ValueError:  # not a level (yet): an unsaved form's, shown as it was given
            return str(self.level)
        return label if label.endswith("level") else f"{label} level"

    # The methods below read rows fetched by `Role.objects.with_page_details()`, so a page
    # costs the same number of queries whatever it shows.

    def duties_by_phase(self):
        """[(phase label, [duties])] in production order, only phases with duties."""
        duties = list(self.responsibilities.all())
        return [
            (label, [d for d in duties if d.phase == phase])
            for phase, label in Responsibility.Phase.choices
            if any(d.phase == phase for d in duties)
        ]

    @property
    def typical_education(self):
        """The education row a quick summary should name: the minimum, else the common one."""
        rows = list(self.education.all())
        for kind in (Education.Kind.MINIMUM, Education.Kind.COMMON):
            for row in rows:
                if row.kind == kind:
                    return row
        return None

    def uncovered_topics(self):
        """The topics the sources give nothing on for this role, as the page names them."""
        topics = [
            ("who the role reports to", self.reports_to),
            ("typical education", self.typical_education),
            ("pay", self.salary_figures.all()),
            ("job outlook", self.job_outlooks.all()),
            ("duties", self.responsibilities.all()),
            ("skills", self.role_skills.all()),
            ("work environment", self.work_environment.strip()),
        ]
        return [topic for topic, known in topics if not known]

    def passages_for(self, field):
        """The passages one prose field states, for roles read with their page rows."""
        return [passage for passage in self.prose_passages.all() if passage.field == field]

    @property
    def summary_passages(self):
        return self.passages_for("summary")

    @property
    def overview_passages(self):
        return self.passages_for("overview")

    @property
    def work_environment_passages(self):
        return self.passages_for("work_environment")

    @property
    def reports_to_hedged(self):
        """True when a source hedges whom the role reports to ("typically reports to the
        producer or production manager"), so a summary of it must hedge too."""
        return any(
            keeps_hedge(r.note)
            for r in self.relationships.all()
            if r.kind == Relationship.Kind.REPORTS_TO
        )

    @property
    def reports_to(self):
        """Roles this one answers to: those it reports to and those that lead it."""
        bosses = [
            r.to_role for r in self.relationships.all() if r.kind == Relationship.Kind.REPORTS_TO
        ]
        bosses += [
            r.from_role for r in self.relationships_in.all() if r.kind == Relationship.Kind.LEADS
        ]
        return list(dict.fromkeys(bosses))

    def working_relationships(self):
        """[(label, [(role, relationship)])]: every relationship, read from this role's side."""
        groups = {}
        for rel in self.relationships.all():
            groups.setdefault(rel.label, []).append((rel.to_role, rel))
        for rel in self.relationships_in.all():
            groups.setdefault(rel.inverse_label, []).append((rel.from_role, rel))
        return list(groups.items())

    def sources_by_section(self):
        """{section: [sources]}: what each section of the role page cites, each once."""
        return {
            section: list(cited_sources(*row_sets).values())
            for section, row_sets in {
                "duties": [self.responsibilities],
                "skills": [self.role_skills],
                "education": [self.education, self.role_certifications],
                "industries": [self.industry_variants],
                "relationships": [self.relationships, self.relationships_in],
                "path": [self.moves_out, self.moves_in],
            }.items()
        }

    def page_sources(self):
        """Every source the role page cites: the prose's sources and each row's source."""
        sources = {s.pk: s for s in self.sources.all()}
        if self.level_source_id:
            sources.setdefault(self.level_source_id, self.level_cited_source)
        sources |= cited_sources(
            self.responsibilities,
            self.role_skills,
            self.education,
            self.role_certifications,
            self.industry_variants,
            self.salary_figures,
            self.job_outlooks,
            self.relationships,
            self.relationships_in,
            self.moves_out,
            self.moves_in,
        )
        return sorted(sources.values(), key=lambda s: s.title)


def cited_sources(*row_sets):
    """{source pk: source} for rows (lists, or prefetched related managers), each source
    once."""
    found = {}
    for rows in row_sets:
        for row in rows.all() if hasattr(rows, "all") else rows:
            found.setdefault(row.source_id, row.source)
    return found


class LastChange(models.Model):
    """When a role's page last changed: the newest history date of the role or of a row its
    page shows (`role_content_rows()`, and the job outlooks linked to it). Kept as history
    is written (`roles/last_change.py`), so a page joins one column instead of reading a
    subquery per kind of row. Not content: the fixtures do not hold it, and it has no
    history of its own."""

    role = models.OneToOneField(
        Role, primary_key=True, on_delete=models.CASCADE, related_name="last_change"
    )
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.role_id}: {self.at:%Y-%m-%d %H:%M}"


class Relationship(StatedInPassage):
    """A working relationship between two roles, as a source states it."""

    class Kind(models.TextChoices):
        REPORTS_TO = "reports-to", "reports to"
        SUPPORTS = "supports", "supports"
        LEADS = "leads", "leads"
        WORKS_WITH = "works-with", "works closely with"

    from_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="relationships")
    to_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="relationships_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    fact_text_field = "note"

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_role", "kind", "to_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_role", "to_role", "kind"], name="relationship_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_role=F("to_role")),
                name="relationship_not_to_self",
                violation_error_message="A role cannot have a working relationship with itself.",
            ),
        ]

    # How a relationship reads from the other role's page ("Leads" becomes "Led by").
    INVERSE_LABELS = {
        Kind.REPORTS_TO: "Direct reports",
        Kind.SUPPORTS: "Supported by",
        Kind.LEADS: "Led by",
        Kind.WORKS_WITH: "Works closely with",
    }

    def __str__(self):
        return f"{self.from_role} {self.get_kind_display()} {self.to_role}"

    @property
    def label(self):
        """'Reports to': the kind as a heading on the from-role's page."""
        return capfirst(self.get_kind_display())

    @property
    def inverse_label(self):
        """The kind as a heading on the to-role's page. A kind added to the choices
        without an inverse reads as its own label plus the role it comes from."""
        inverse = self.INVERSE_LABELS.get(self.kind)
        return inverse or f"{self.label} (from the other side)"


class Responsibility(StatedInPassage):
    class Phase(models.TextChoices):
        DEVELOPMENT = "development", "Development"
        PRE_PRODUCTION = "pre-production", "Pre-production"
        PRODUCTION = "production", "Production"
        POST_PRODUCTION = "post-production", "Post-production"
        THROUGHOUT = "throughout", "Throughout the project"
        NOT_GIVEN = "not-given", "Phase not given"

    # The phases only a source that ties duties to phases can give (`Source.gives_phases`).
    NAMED_PHASES = {
        Phase.DEVELOPMENT,
        Phase.PRE_PRODUCTION,
        Phase.PRODUCTION,
        Phase.POST_PRODUCTION,
    }

    class Area(models.TextChoices):
        """A shared label for what a duty is about, so two roles' duties can be compared."""

        RESEARCH = "research", "Research and fact-checking"
        CREATIVE = "creative", "Creative input and writing"
        BUDGET = "budget", "Budgets and finance"
        SCHEDULING = "scheduling", "Schedules"
        LOGISTICS = "logistics", "Logistics and locations"
        TALENT = "talent", "Cast and talent"
        BUSINESS = "business", "Contracts and business deals"
        COMMUNICATION = "communication", "Liaison between departments"
        EQUIPMENT = "equipment", "Equipment"
        FOOTAGE = "footage", "Notes, logging and editing"
        RIGHTS = "rights", "Rights and clearances"
        PROMOTION = "promotion", "Promotion and release"
        LEADERSHIP = "leadership", "Leading and overseeing work"
        QUALITY = "quality", "Quality of the final product"
        ADMIN = "admin", "Administrative support"
        MARKET = "market", "Audience and market"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="responsibilities")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    area = models.CharField(max_length=20, choices=Area.choices)
    text = models.CharField(max_length=400)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "order", "pk"]
        verbose_name_plural = "responsibilities"

    def __str__(self):
        return self.text


class RoleSkill(StatedInPassage):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="role_skills")
    why = models.CharField(max_length=300, help_text="Why this skill matters in this role.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    fact_text_field = "why"

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["role", "skill"], name="role_skill_once")]

    def __str__(self):
        return f"{self.role}: {self.skill}"


class Education(StatedInPassage):
    class Kind(models.TextChoices):
        MINIMUM = "minimum", "Typical minimum"
        COMMON = "common", "Common"
        PREFERRED = "preferred", "Sometimes preferred"
        EXPERIENCE = "experience", "Experience"
        ROUTE = "route", "Route in"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="education")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=400)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "order", "pk"]
        verbose_name_plural = "education and routes in"

    def __str__(self):
        return f"{self.role}: {self.text}"


class RoleCertification(StatedInPassage):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="role_certifications")
    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="role_certifications"
    )
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    fact_text_field = "note"

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "certification"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "certification"], name="role_certification_once"
            )
        ]

    def __str__(self):
        return f"{self.role}: {self.certification}"


class IndustryVariant(StatedInPassage):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="industry_variants")
    industry = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="variants")
    text = models.TextField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "industry__order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "industry"], name="industry_variant_once")
        ]

    def __str__(self):
        return f"{self.role} in {self.industry}"


class RoleIndustry(StatedInPassage):
    """A source places the role in an industry (000: assistant producers work in TV, film
    or video games). It says nothing about how the role differs there; that is an
    `IndustryVariant`. Either lets the directory's industry filter find the role."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="industries_named")
    industry = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="roles_named")
    note = models.CharField(max_length=300, blank=True, help_text="What the source says.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    fact_text_field = "note"

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "industry__order"]
        verbose_name_plural = "role industries"
        constraints = [
            models.UniqueConstraint(fields=["role", "industry"], name="role_industry_once")
        ]

    def __str__(self):
        return f"{self.role} works in {self.industry}"


class SalaryFigure(StatedInPassage):
    class Measure(models.TextChoices):
        AVERAGE = "average", "average"
        MEDIAN = "median", "median"

    class Period(models.TextChoices):
        YEAR = "year", "a year"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="salary_figures")
    amount = models.PositiveIntegerField(help_text="Whole units of the currency.")
    currency = models.CharField(max_length=3, default="USD")
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.YEAR)
    measure = models.CharField(max_length=10, choices=Measure.choices)
    scope = models.CharField(max_length=100, blank=True, help_text="e.g. 'film/TV'.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Only where given.")
    region = models.CharField(
        max_length=2, blank=True, help_text="ISO country code, only where the source says."
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="salary_figures")
    note = models.CharField(max_length=300, blank=True)

    fact_text_field = "note"

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "measure", "-amount"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="salary_amount_positive",
                violation_error_message="A salary amount must be more than zero.",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.currency} {self.amount:,} ({self.measure})"

    @staticmethod
    def money(amount, currency):
        """'$58,451' for dollars, 'EUR 1,000' for any other currency."""
        return f"${amount:,}" if currency == "USD" else f"{currency} {amount:,}"

    @property
    def amount_text(self):
        return self.money(self.amount, self.currency)

    @property
    def measure_text(self):
        """'Median salary a year, film/TV, 2020': what the amount measures, and when."""
        parts = [f"{self.get_measure_display().capitalize()} salary {self.get_period_display()}"]
        parts += [part for part in (self.scope, self.region) if part]
        parts.append(str(self.year) if self.year else "no year given")
        return ", ".join(parts)

    # `_role_figure.html` shows a salary and a job outlook the same way.
    value_text = amount_text

    def is_comparable_with(self, other):
        """Only figures of the same measure from the same source can be subtracted."""
        return (
            self.source_id == other.source_id
            and self.measure == other.measure
            and self.currency == other.currency
            and self.period == other.period
            and self.year == other.year
        )


class JobOutlook(StatedInPassage):
    key = models.SlugField(unique=True)
    growth_percent = models.DecimalField(max_digits=5, decimal_places=1)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=200, help_text="Which occupations the figure covers.")
    region = models.CharField(max_length=2, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="job_outlooks")
    note = models.CharField(
        max_length=300, blank=True, help_text="Whose data it is, as the source says."
    )
    roles = models.ManyToManyField(Role, related_name="job_outlooks")

    fact_text_field = "note"

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    objects = NaturalKeyManager("key")

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gt=F("start_year")),
                name="outlook_period_forward",
                violation_error_message="An outlook period must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.growth_percent}% ({self.start_year}-{self.end_year}, {self.scope})"

    @property
    def growth_text(self):
        """'5%', '2.5%', '-3%': the change as the source gives it, without a stray '.0'."""
        return f"{self.growth_percent.normalize():f}%"

    @property
    def measure_text(self):
        region = f" ({self.region})" if self.region else ""
        return (
            f"Expected change in jobs, {self.start_year}–{self.end_year}, for {self.scope}"
            f"{region}; not a figure for this role alone"
        )

    value_text = growth_text

    def natural_key(self):
        return (self.key,)


class CareerMove(StatedInPassage):
    """One move on the career path: a next step up, or a related career to the side."""

    class Kind(models.TextChoices):
        NEXT = "next", "next step"
        RELATED = "related", "related career"

    from_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="moves_out")
    to_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="moves_in")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEXT)
    takes = models.TextField(help_text="What the move takes: experience, skills.")
    changes = models.TextField(
        blank=True,
        help_text="What the source says changes with this move or in the role it leads to. "
        "Blank where it says nothing: the path then says so, and never works it out.",
    )
    optional = models.BooleanField(
        default=False,
        help_text="The source gives this as a step some people take on the way to a role "
        "the step before also leads to directly (a PA 'might' first move into a coordinator "
        "role). The path shows it as a step that can be skipped.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    fact_text_field = "takes"

    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_role__level", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_role", "to_role"], name="career_move_once"),
            models.CheckConstraint(
                condition=~Q(from_role=F("to_role")),
                name="career_move_not_to_self",
                violation_error_message="A career move must lead to a different role.",
            ),
        ]

    def __str__(self):
        return f"{self.from_role} → {self.to_role}"


class ProsePassage(StatedInPassage):
    """A passage that a role's prose (its summary, overview or work environment) states.
    A prose field says several facts in one text, so it names each one's passage here."""

    class Field(models.TextChoices):
        SUMMARY = "summary", "Summary"
        OVERVIEW = "overview", "Overview"
        WORK_ENVIRONMENT = "work_environment", "Work environment"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="prose_passages")
    field = models.CharField(max_length=20, choices=Field.choices)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    passage_start, passage_end = passage_fields()

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "field", "order", "pk"]

    def __str__(self):
        return f"{self.role}, {self.get_field_display().lower()}: {self.passage_start}…"

    @property
    def fact_text(self):
        return getattr(self.role, self.field)
