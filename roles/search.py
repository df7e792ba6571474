"""The directory search: which roles a visitor's words find, and where on each role's page.

Everything a role page shows in words is searched: the title and abbreviation, the level,
the summary and overview, each duty, each skill with why it matters, education,
certifications, industry notes and the work environment.

Words are compared folded: case and accents ignored, any punctuation (a hyphen, a slash)
between words treated as a space, and a plural ending dropped, so "entry level" finds
"entry-level" and "games" finds "game". A word of three letters or more also finds longer
words it starts ("budget" finds "budgeting"); a shorter one, like an abbreviation, only
finds itself ("PA" finds "PA" and "PAs", never "passing"). A role is found when every
word is in one text on its page, or in its title.

The matching is done in Python over the texts fetched in one query per kind of row, so a
search costs the same number of queries on SQLite and PostgreSQL however much it finds;
its cost in time grows with the content, which the benchmark measures.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .models import (
    Education,
    IndustryVariant,
    Responsibility,
    RoleCertification,
    RoleSkill,
    SalaryFigure,
)

WORD = re.compile(r"[^\W_]+")
# The accents NFKD splits off a letter: the combining diacritical blocks.
COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Words shorter than this match whole words only: "pa" must not find "passing".
PREFIX_FROM = 3
# Long texts are shown as a passage around the first match, this many characters a side.
CONTEXT = 90
# How many places outside the title and summary a result lists.
SHOWN_PLACES = 3


def fold(text):
    """Lower case without accents: 'Café' -> 'cafe'."""
    if text.isascii():
        return text.lower()
    return COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def stem(word):
    """A folded word without its plural ending: 'salaries' -> 'salary', 'pas' -> 'pa'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=100_000)
def word_key(word):
    """What a word of the content is compared as; the same words recur on every page."""
    return stem(fold(word))


def terms(query):
    """The distinct stemmed words of a query, in the order typed (a tuple). A single letter
    is no word to search for (the "s" of "producer's", the "a" of "[a-")."""
    words = (stem(word) for word in WORD.findall(fold(query)) if len(word) > 1)
    return tuple(dict.fromkeys(words))


def term_matches(term, word_stem):
    return word_stem.startswith(term) if len(term) >= PREFIX_FROM else word_stem == term


def may_hold(folded_text, term):
    """A quick no before the word-by-word look: False when no word of the text (folded, see
    `fold`) can match `term`. A longer term must appear somewhere in it; a short one, which
    matches a whole word only, must appear as one (or with a plural "s"). The word test
    is for plain ASCII text, where folding the text and folding each word agree."""
    if term not in folded_text:
        return False
    if len(term) >= PREFIX_FROM or not folded_text.isascii():
        return True
    # No look-behind in the pattern: it would make the regex try every position; the
    # character before is looked at only where the term is.
    for match in short_word(term).finditer(folded_text):
        start = match.start()
        if start == 0 or not folded_text[start - 1].isalnum():
            return True
    return False


@lru_cache(maxsize=256)
def short_word(term):
    """The term, with a plural "s" or not, where a word ends."""
    return re.compile(rf"{re.escape(term)}s?(?![^\W_])")


# A search looks at every word of every role's page, most of them words it has seen
# already (a page repeats its words, and pages share them): what a word matches of one
# search's terms is worked out once.
@lru_cache(maxsize=100_000)
def word_matches(word, query_terms):
    """The terms of `query_terms` that the content word `word` matches (a frozenset)."""
    word_stem = word_key(word)
    return frozenset(term for term in query_terms if term_matches(term, word_stem))


@dataclass
class Place:
    """One text on a role's page that matched: where it is, and the text cut into
    [(text, is_match)] pieces for the template to mark up."""

    label: str
    pieces: list
    # How many of the words this text adds to those already in the title: for the order.
    terms_found: int


class Found:
    """Where one role matched: its title and summary (marked, or None where nothing
    matched there) and the other places on its page, best first. Worked out when first
    read, so a search marks only the results a page shows."""

    def __init__(self, role, texts, query_terms):
        self.role, self.texts, self.query_terms = role, texts, query_terms

    @cached_property
    def _marked(self):
        title, in_title = mark(self.role.display_name, self.query_terms)
        summary, _ = mark(self.role.summary, self.query_terms)
        places = []
        for label, text in self.texts:
            folded_text = fold(text)
            if not any(may_hold(folded_text, term) for term in self.query_terms):
                continue
            pieces, in_text = mark(text, self.query_terms, shorten=True)
            if pieces:
                places.append(Place(label, pieces, len(in_text - in_title)))
        # The places with the most of the words the title lacks first; page order otherwise.
        places.sort(key=lambda place: -place.terms_found)
        return title, summary, places

    @property
    def title(self):
        return self._marked[0]

    @property
    def summary(self):
        return self._marked[1]

    @property
    def places(self):
        return self._marked[2]

    @property
    def shown_places(self):
        return self.places[:SHOWN_PLACES]

    @property
    def more_places(self):
        return max(0, len(self.places) - SHOWN_PLACES)


def terms_in(text, query_terms):
    """The terms of `query_terms` that some word of `text` matches."""
    found = set()
    for word in WORD.findall(text):
        found |= word_matches(word, query_terms)
    return found


def has_every(text, wanted, query_terms):
    """Whether the words of `text` match every term of `wanted` (some of `query_terms`):
    stops at the word that completes them."""
    missing = set(wanted)
    for word in WORD.findall(text):
        missing -= word_matches(word, query_terms)
        if not missing:
            return True
    return False


def mark(text, query_terms, shorten=False):
    """(pieces, the set of terms found) for one text; pieces is None when nothing matched."""
    spans, found = [], set()
    for match in WORD.finditer(text):
        hits = word_matches(match.group(), query_terms)
        if hits:
            spans.append(match.span())
            found |= hits
    if not spans:
        return None, found
    start, end = 0, len(text)
    if shorten and len(text) > 2 * CONTEXT + 40:
        first = spans[0][0]
        start = max(0, first - CONTEXT)
        end = min(len(text), spans[0][1] + CONTEXT)
        # Cut between words, not inside one.
        if start > 0:
            start = text.find(" ", start) + 1 or start
        if end < len(text):
            end = max(text.rfind(" ", spans[0][1], end), spans[0][1])
        spans = [(a, b) for a, b in spans if a >= start and b <= end]
    pieces = [("…", False)] if start > 0 else []
    position = start
    for a, b in spans:
        if a > position:
            pieces.append((text[position:a], False))
        pieces.append((text[a:b], True))
        position = b
    if position < end:
        pieces.append((text[position:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces, found


def page_texts(roles, among):
    """{role pk: [(label, text)]}: the words each role's page shows, in page order after
    the title and summary. One query per kind of row, of the rows of the roles `among`
    gives: the roles' own query as a subquery, which however many roles there are is one
    parameter, not one per role."""
    texts = {role.pk: [] for role in roles}

    def rows(model, *fields):
        query = model.objects.filter(role__in=among.values("pk"))
        query = query.order_by("role_id", *order_of(model), "pk")
        return query.values_list("role_id", *fields)

    for role in roles:
        texts[role.pk].append(("Level", role.level_label))
        if role.overview:
            texts[role.pk].append(("Overview", role.overview))
    for role_id, text in rows(Responsibility, "text"):
        texts[role_id].append(("Duty", text))
    for role_id, name, why in rows(RoleSkill, "skill__name", "why"):
        texts[role_id].append(("Skill", f"{name}: {why}"))
    for role_id, kind, text in rows(Education, "kind", "text"):
        texts[role_id].append((Education.Kind(kind).label, text))
    for role_id, name, abbreviation, note in rows(
        RoleCertification, "certification__name", "certification__abbreviation", "note"
    ):
        title = f"{name} ({abbreviation})" if abbreviation else name
        texts[role_id].append(("Certification", f"{title}: {note}" if note else title))
    for role_id, industry, text in rows(IndustryVariant, "industry__name", "text"):
        texts[role_id].append(("Industry note", f"{industry}: {text}"))
    # The pay figures, in words, so "pay" and "salary"
    # find the roles the sources give a figure for.
    for role_id, measure, amount, currency, period in rows(
        SalaryFigure, "measure", "amount", "currency", "period"
    ):
        measure_label = SalaryFigure.Measure(measure).label
        period_label = SalaryFigure.Period(period).label
        money = SalaryFigure.money(amount, currency)
        texts[role_id].append(
            ("Pay", f"{measure_label.capitalize()} pay: a salary of {money} {period_label}")
        )
    for role in roles:
        if role.work_environment:
            texts[role.pk].append(("Work environment", role.work_environment))
    return texts


def order_of(model):
    # Each kind of row in the order its page lists it, without joining the role table.
    return {
        Responsibility: ("order",),
        RoleSkill: ("order",),
        Education: ("order",),
        RoleCertification: ("certification__name",),
        IndustryVariant: ("industry__order",),
        SalaryFigure: ("measure",),
    }[model]


def search(roles, query):
    """The roles (a list, in the queryset `roles`'s order) whose page has every word of
    `query`, each with `found`: where it matched. Fetches the roles, then one query per
    kind of row."""
    query_terms = terms(query)
    if not query_terms:
        # Only punctuation: no role page is made of that.
        return []
    found = list(roles)
    texts = page_texts(found, among=roles)
    results = []
    for role in found:
        title_text = role.display_name
        everything = [title_text, role.summary] + [text for _, text in texts[role.pk]]
        # Every term must be somewhere on the page.
        folded = fold(" ".join(everything))
        if not all(may_hold(folded, term) for term in query_terms):
            continue
        if not matches(
            title_text, [role.summary, *(text for _, text in texts[role.pk])], query_terms
        ):
            continue
        role.found = Found(role, texts[role.pk], query_terms)
        results.append(role)
    return results


def matches(title, texts, query_terms):
    """True when every term is in the title, or in one of `texts` together with the
    title: "entry level" is not a match for "entry requirements" in one place and
    "Senior level" in another."""
    wanted = set(query_terms) - terms_in(title, query_terms)
    if not wanted:
        return True
    for text in texts:
        folded_text = fold(text)
        if not any(may_hold(folded_text, term) for term in query_terms):
            continue
        if has_every(text, wanted, query_terms):
            return True
    return False
