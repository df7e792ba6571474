"""Passages: where in its source article a fact is stated, and how text is compared with
the articles.

A passage is a text fragment of the source (https://wicg.github.io/scroll-to-text-fragment/):
a few words where it starts and a few where it ends, so a link can take a reader to the
very words, and a test can find them in the stored copy of the article. Words are
compared normalised (case, punctuation and whitespace ignored), the way a reader would
judge that two texts say the same words.
"""

import functools
import re
from dataclasses import dataclass
from urllib.parse import quote

# Words that carry a source's certainty (seeds README). Where a passage has one, the
# guide's wording keeps one too.
HEDGES = frozenset(
    [
        "may",
        "might",
        "can",
        "could",
        "often",
        "typically",
        "usually",
        "generally",
        "most",
        "many",
        "some",
        "sometimes",
    ]
)

# A skill row must come from the article saying what the role needs to be or be able to
# do, not from what it is responsible for.
SKILL_WORDS = re.compile(
    r"\b(skills?|abilit(y|ies)|able to|competenc(y|ies)|requirement|require[sd]?|"
    r"fundamental to the role|must (also )?(understand|have))\b"
)
DUTY_WORDS = re.compile(r"\b(responsible for|responsibilit(y|ies)|duties|tasks?)\b")

# A run of this many words identical to an article is copying, not citing.
COPIED_RUN = 8


# A pure function of its words, asked for each of a page's many passage links on every
# render; the passages are a few hundred, so a bounded memo holds them all.
@functools.lru_cache(maxsize=4096)
def text_fragment_url(url, start, end):
    """`url#:~:text=start,end`, each part percent-encoded as the spec asks: besides what
    a URL never carries, the directive's own separators (`,`, `-`, `&`) are escaped."""
    if not (url and start):
        return ""
    parts = [quote(part, safe="").replace("-", "%2D") for part in (start, end) if part]
    return f"{url}#:~:text={','.join(parts)}"


def words(text):
    """The words of `text`, lowercased, without punctuation: "Producer’s," -> "producers"."""
    text = text.lower().replace("’", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def paragraphs(document):
    """The article's paragraphs (its lines that hold text), each as its words."""
    return [words(line) for line in document.splitlines() if words(line)]


def _find(haystack, needle, start=0):
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i : i + len(needle)] == needle:
            return i
    return -1


@dataclass(frozen=True)
class Found:
    paragraph: int
    words: list

    @property
    def text(self):
        return " ".join(self.words)


def find_passage(document, start, end):
    """The passage from `start` to `end` within one paragraph of `document`, or None.

    The first place where `start` is followed, later in the same paragraph, by `end`."""
    start_words, end_words = words(start), words(end)
    if not start_words or not end_words:
        return None
    for number, paragraph in enumerate(paragraphs(document)):
        at = _find(paragraph, start_words)
        while at >= 0:
            after = at + len(start_words)
            stop = _find(paragraph, end_words, after)
            if stop >= 0:
                return Found(number, paragraph[at : stop + len(end_words)])
            at = _find(paragraph, start_words, at + 1)
    return None


def hedges_in(text):
    """The certainty words `text` uses, in order, each once."""
    return list(dict.fromkeys(w for w in words(text) if w in HEDGES))


def keeps_hedge(text):
    return bool(hedges_in(text))


def speaks_of_skills(passage_text):
    """True when the passage is about what the role needs, not about its duties."""
    return bool(SKILL_WORDS.search(passage_text)) and not DUTY_WORDS.search(passage_text)


def runs_of(documents):
    """Every run of `COPIED_RUN` words in the documents, for `copied_runs()`."""
    runs = set()
    for document in documents:
        for paragraph in paragraphs(document):
            for i in range(len(paragraph) - COPIED_RUN + 1):
                runs.add(tuple(paragraph[i : i + COPIED_RUN]))
    return runs


def copied_runs(text, article_runs, allowed=()):
    """Runs of `COPIED_RUN` or more words of `text` found word for word in an article
    (`article_runs` from `runs_of()`), each as a string of normalised words.

    `allowed` are texts that may appear whole (the articles' own titles, which a citation
    names); the words they cover break any run."""
    text_words = words(text)
    for phrase in allowed:
        phrase_words = words(phrase)
        at = _find(text_words, phrase_words)
        while at >= 0:
            text_words[at : at + len(phrase_words)] = [None] * len(phrase_words)
            at = _find(text_words, phrase_words, at + len(phrase_words))
    found, i = [], 0
    while i <= len(text_words) - COPIED_RUN:
        if tuple(text_words[i : i + COPIED_RUN]) in article_runs:
            j = i + COPIED_RUN
            while (
                j < len(text_words)
                and tuple(text_words[j - COPIED_RUN + 1 : j + 1]) in article_runs
            ):
                j += 1
            found.append(" ".join(text_words[i:j]))
            i = j
        else:
            i += 1
    return found
