"""Pay arithmetic: which salary figures can be set against each other, and the numbers
the pages show for them. The wording is in the templates."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import SalaryFigure


@dataclass(frozen=True)
class SalaryPair:
    """Two like-for-like figures, one for each role, and the difference between them."""

    first: SalaryFigure
    second: SalaryFigure
    first_role: object
    second_role: object

    @classmethod
    def all_between(cls, first_role, second_role):
        """Every like-for-like pair of the two roles' (prefetched) figures."""
        return [
            cls(mine, theirs, first_role, second_role)
            for mine in first_role.salary_figures.all()
            for theirs in second_role.salary_figures.all()
            if mine.is_comparable_with(theirs)
        ]

    @property
    def sides(self):
        return [(self.first_role, self.first), (self.second_role, self.second)]

    @property
    def difference(self):
        return abs(self.first.amount - self.second.amount)

    @property
    def higher_role(self):
        return self.first_role if self.first.amount >= self.second.amount else self.second_role

    @property
    def lower_role(self):
        return self.second_role if self.higher_role == self.first_role else self.first_role

    @property
    def lower_amount(self):
        return min(self.first.amount, self.second.amount)

    @property
    def percent_more(self):
        """How much more the higher figure is, as a percentage of the lower one."""
        percent = Decimal(self.difference) * 100 / Decimal(self.lower_amount)
        return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def difference_text(self):
        return SalaryFigure.money(self.difference, self.first.currency)

    @property
    def lower_amount_text(self):
        return SalaryFigure.money(self.lower_amount, self.first.currency)

    @property
    def measure_text(self):
        """What both figures measure: 'median salary a year, 2020'. Scope may differ."""
        first = self.first
        year = first.year or "no year given"
        return f"{first.get_measure_display()} salary {first.get_period_display()}, {year}"

    @property
    def same_scope(self):
        return self.first.scope == self.second.scope

    @property
    def bars(self):
        """Bar lengths for the chart, out of 100, the higher figure filling the width."""
        top = max(self.first.amount, self.second.amount)
        return [
            (role, figure.amount_text, round(figure.amount * 100 / top))
            for role, figure in self.sides
        ]


@dataclass(frozen=True)
class FiguresDiffer:
    """Why one role's figures cannot be read as one number: what is known to differ.
    Only what the figures themselves record: a year the source does not give is unknown,
    not different."""

    measures: list  # the measures' names, when the figures use more than one
    sources_differ: bool
    years: list  # the years, when every figure gives one and they differ
    year_missing: bool  # some figure gives no year

    @classmethod
    def of(cls, figures):
        """A `FiguresDiffer` for figures that are not all like for like, else None."""
        figures = list(figures)
        if len(figures) < 2 or all(
            a.is_comparable_with(b) for a in figures for b in figures if a is not b
        ):
            return None
        measures = sorted({f.get_measure_display() for f in figures})
        years = {f.year for f in figures}
        return cls(
            measures=measures if len(measures) > 1 else [],
            sources_differ=len({f.source_id for f in figures}) > 1,
            years=sorted(years) if None not in years and len(years) > 1 else [],
            year_missing=None in years,
        )
