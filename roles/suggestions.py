"""Pairs to suggest on an empty compare page: the ones people bring first."""

from dataclasses import dataclass

from .addresses import compare_url

# The source articles are themselves comparisons of these pairs, so they are the first
# questions people bring. `why` is what the page says about each: "compared in …".
SOURCE_PAIRS = [
    ("associate-producer", "assistant-producer", "one of the source articles"),
    ("associate-producer", "executive-producer", "another source article"),
]


@dataclass(frozen=True)
class SuggestedPair:
    first: object
    second: object
    source_article: str = ""  # which article compares them; "" for a step on the path

    @property
    def url(self):
        return compare_url(self.first, self.second)


def suggested_pairs(roles, graph):
    """The pairs the sources compare, then every next step on the career path."""
    by_slug = {role.slug: role for role in roles}
    pairs = [
        SuggestedPair(by_slug[first], by_slug[second], article)
        for first, second, article in SOURCE_PAIRS
        if first in by_slug and second in by_slug
    ]
    seen = {frozenset((pair.first.pk, pair.second.pk)) for pair in pairs}
    for move in graph.moves:
        pair = frozenset((move.from_role_id, move.to_role_id))
        if move.kind == move.Kind.NEXT and pair not in seen:
            seen.add(pair)
            pairs.append(SuggestedPair(move.from_role, move.to_role))
    return pairs
