"""Pairs to suggest on an empty compare page: the ones people bring first."""

from dataclasses import dataclass

from .addresses import compare_url
from .models import SourceComparison


@dataclass(frozen=True)
class SuggestedPair:
    first: object
    second: object
    source: object = None  # the article that compares them; None for a step on the path

    @property
    def url(self):
        return compare_url(self.first, self.second)


def suggested_pairs(roles, graph):
    """The pairs a source compares (the first questions people bring, and the only pairs
    the guide states differences for), then every next step on the career path."""
    by_pk = {role.pk: role for role in roles}
    pairs, seen = [], set()
    for comparison in SourceComparison.objects.select_related("source"):
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
    for move in graph.moves:
        pair = frozenset((move.from_role_id, move.to_role_id))
        if move.kind == move.Kind.NEXT and pair not in seen:
            seen.add(pair)
            pairs.append(SuggestedPair(move.from_role, move.to_role))
    return pairs
