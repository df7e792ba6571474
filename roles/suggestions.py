"""Pairs to suggest on an empty compare page: the ones people bring first."""

from dataclasses import dataclass

from .addresses import compare_url
from .models import CareerMove, SourceComparison

# Enough for every pair the real content suggests (eight); a guide many times its size
# still suggests a list a reader can take in, which costs the same to render.
SHOWN = 12


@dataclass(frozen=True)
class SuggestedPair:
    first: object
    second: object
    source: object = None  # the article that compares them; None for a step on the path

    @property
    def url(self):
        return compare_url(self.first, self.second)


def suggested_pairs(roles):
    """The pairs a source compares (the first questions people bring, and the only pairs
    the guide states differences for), then the next steps on the career path in the
    data's order: `SHOWN` pairs at most, from two queries."""
    by_pk = {role.pk: role for role in roles}
    pairs, seen = [], set()
    for comparison in SourceComparison.objects.select_related("source")[:SHOWN]:
        pair = frozenset((comparison.first_role_id, comparison.second_role_id))
        if pair <= by_pk.keys() and pair not in seen:
            seen.add(pair)
            pairs.append(
                SuggestedPair(
                    by_pk[comparison.first_role_id],
                    by_pk[comparison.second_role_id],
                    comparison.source,
                )
            )
    next_steps = CareerMove.objects.filter(kind=CareerMove.Kind.NEXT)
    # Twice as many as can be shown, as a move may repeat a pair already suggested.
    for move in next_steps.select_related("from_role", "to_role")[: 2 * SHOWN]:
        pair = frozenset((move.from_role_id, move.to_role_id))
        if pair not in seen:
            seen.add(pair)
            pairs.append(SuggestedPair(move.from_role, move.to_role))
    return pairs[:SHOWN]
