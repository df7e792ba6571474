"""A reader who doubts a fact follows its link to the article and finds the very words
there; the tests do the same for every fact, against the stored copies of the articles
(`settings.CAREERGUIDE_SEEDS_DIR`, each source's `document`).

Each check is first shown catching a broken row, then run over the real content.
"""

import csv
import io
import json
from html.parser import HTMLParser
from itertools import permutations

import pytest
from django.conf import settings

from roles import passages
from roles.content_rules import PASSAGE_MODELS, passage_problems, stored_articles
from roles.models import Industry, ProsePassage, Responsibility, Role, RoleSkill, Source

from .helpers import ROLE_SLUGS


def problems_with(code):
    return [problem for problem in passage_problems() if problem.code == code]


def about(problems, row):
    return [p for p in problems if type(p.record) is type(row) and p.record.pk == row.pk]


# The stored articles ------------------------------------------------------------------


def test_without_the_stored_articles_the_checks_fail_instead_of_passing(
    content, settings, tmp_path
):
    settings.CAREERGUIDE_SEEDS_DIR = tmp_path / "no-seeds-here"

    with pytest.raises(FileNotFoundError, match="CAREERGUIDE_SEEDS_DIR"):
        list(passage_problems())


def test_a_source_whose_document_is_not_stored_fails_the_checks(content):
    Source.objects.filter(key="associate-vs-executive-producer").update(document="missing.txt")

    with pytest.raises(FileNotFoundError, match="missing.txt"):
        list(passage_problems())


def test_each_source_document_is_found_in_the_seeds_folder(content):
    articles = stored_articles()

    assert set(articles) == set(Source.objects.values_list("key", flat=True))
    assert settings.CAREERGUIDE_SEEDS_DIR.name == "seeds"


# (a) Every passage is in the article its row cites -------------------------------------


def test_every_fact_row_names_a_passage(content):
    for model in PASSAGE_MODELS:
        rows = model.objects.all()
        assert rows.exists(), model
        assert not rows.filter(passage_start="").exists(), model
        assert not rows.filter(passage_end="").exists(), model


def test_a_row_without_a_passage_is_reported(content):
    duty = Responsibility.objects.get(pk=405)
    duty.passage_end = ""
    duty.save()

    [problem] = about(problems_with("roles.E201"), duty)
    assert "names no passage" in problem.message


def test_a_passage_phrase_that_is_a_whole_sentence_is_reported(content):
    duty = Responsibility.objects.get(pk=405)
    duty.passage_start = "They also scout and secure locations for filming."
    duty.save()

    [problem] = about(problems_with("roles.E201"), duty)
    assert "never a sentence" in problem.message


@pytest.mark.parametrize(
    "start, end, broken",
    [
        ("They also scout and secure", "locations for the shoot", "words the article lacks"),
        ("locations for filming", "They also scout and secure", "end before start"),
        ("They also scout and secure", "Assisting During Production", "two paragraphs"),
    ],
)
def test_a_passage_the_article_does_not_hold_is_reported(content, start, end, broken):
    duty = Responsibility.objects.get(pk=405)
    duty.passage_start, duty.passage_end = start, end
    duty.save()

    [problem] = about(problems_with("roles.E203"), duty)
    assert "what-does-an-associate-producer-do" in problem.message, broken


def test_a_passage_cited_to_the_wrong_article_is_reported(content):
    duty = Responsibility.objects.get(pk=405)  # 004's words, now said to be 000's
    duty.source = Source.objects.get(key="associate-vs-assistant-producer")
    duty.save()

    assert about(problems_with("roles.E203"), duty)


def test_a_role_citing_an_article_its_prose_does_not_draw_on_is_reported(content):
    producer = Role.objects.get(slug="producer")
    producer.sources.add(Source.objects.get(key="associate-vs-executive-producer"))

    [problem] = problems_with("roles.E206")
    assert problem.record == producer
    assert "associate-vs-executive-producer" in problem.message


def test_a_prose_text_that_names_no_passage_is_reported(content):
    ProsePassage.objects.filter(role__slug="executive-producer", field="work_environment").delete()

    [problem] = problems_with("roles.E207")
    assert problem.record.slug == "executive-producer"
    assert "work environment" in problem.message


def test_passages_match_whatever_the_case_punctuation_and_spacing(content):
    duty = Responsibility.objects.get(pk=405)
    duty.passage_start, duty.passage_end = "they ALSO scout,  and secure", "Locations for filming!"
    duty.save()

    assert not about(problems_with("roles.E203"), duty)


def test_every_passage_is_found_in_the_article_its_row_cites(content):
    problems = [
        p
        for p in passage_problems()
        if p.code in {"roles.E201", "roles.E202", "roles.E203", "roles.E206", "roles.E207"}
    ]

    assert [p.message for p in problems] == []


def test_a_passage_link_opens_the_article_at_its_words():
    url = passages.text_fragment_url("https://example.com/a", "well-known, often", "the end & more")

    assert url == "https://example.com/a#:~:text=well%2Dknown%2C%20often,the%20end%20%26%20more"


# (b) A hedged passage keeps its hedge ----------------------------------------------------


def test_a_duty_that_drops_its_sources_may_is_reported(content):
    duty = Responsibility.objects.get(pk=417)  # 000: "They may be responsible for managing budgets"
    duty.text = "Manage budgets."
    duty.save()

    [problem] = about(problems_with("roles.E204"), duty)
    assert "“may”" in problem.message


def test_prose_that_drops_its_sources_hedge_is_reported(content):
    Role.objects.filter(slug="production-manager").update(
        summary="The person an assistant producer reports to."
    )

    [problem] = [
        p
        for p in problems_with("roles.E204")
        if isinstance(p.record, ProsePassage) and p.record.role.slug == "production-manager"
    ]
    assert "“typically”" in problem.message


def test_every_hedged_passage_belongs_to_a_row_that_keeps_a_hedge(content):
    assert [p.message for p in problems_with("roles.E204")] == []


# (d) A skill row's passage speaks of skills ---------------------------------------------


def test_a_skill_built_from_a_duty_is_reported(content):
    # The example: "budgeting" from "may be responsible for maintaining the budget".
    skill = RoleSkill.objects.get(pk=201)
    skill.passage_start, skill.passage_end = "may be responsible for maintaining", "the budget"
    skill.save()

    [problem] = about(problems_with("roles.E205"), skill)
    assert "a duty belongs with the duties" in problem.message


def test_every_skill_row_comes_from_a_passage_about_skills(content):
    assert [p.message for p in problems_with("roles.E205")] == []


# (c) No page copies the articles --------------------------------------------------------


class _Text(HTMLParser):
    """What a page says, block by block (a paragraph, a list item, a table cell), and the
    attribute values a reader or a crawler reads. Two blocks side by side are not one
    sentence, so a run never spans them."""

    ATTRIBUTES = {"alt", "title", "aria-label", "content", "placeholder"}
    INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "small", "span", "strong", "time"}

    def __init__(self):
        super().__init__()
        self.blocks, self.current, self.script = [], [], None

    def _break(self):
        if self.current:
            self.blocks.append(" ".join(self.current))
        self.current = []

    def handle_data(self, data):
        if self.script is not None:
            self.script.append(data)
        else:
            self.current.append(data)

    def handle_starttag(self, tag, attrs):
        if tag not in self.INLINE:
            self._break()
        if tag == "script":
            self.script = []
        self.blocks.extend(value for name, value in attrs if name in self.ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag == "script":
            # The page's structured data (JSON-LD): each of its texts on its own.
            script, self.script = "".join(self.script), None
            if script.strip():
                self.blocks += strings_in(json.loads(script))
        if tag not in self.INLINE:
            self._break()

    def close(self):
        super().close()
        self._break()


def strings_in(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def page_texts(response):
    """The texts of a response: each string of a JSON download, each cell of a CSV, each
    block of an HTML page."""
    body = response.content.decode()
    kind = response["Content-Type"]
    if "json" in kind:
        return strings_in(json.loads(body))
    if "csv" in kind:
        return [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    parser = _Text()
    parser.feed(body)
    parser.close()
    return parser.blocks


def every_page_the_guide_serves():
    yield "/"
    yield "/roles/"
    for industry in Industry.objects.values_list("slug", flat=True):
        yield f"/roles/?industry={industry}"
    for slug in ROLE_SLUGS:
        yield f"/roles/{slug}/"
    for a, b in permutations(ROLE_SLUGS, 2):
        yield f"/compare/?a={a}&b={b}"
    yield "/compare/"
    yield "/career-path/"
    for slug in ROLE_SLUGS:
        yield f"/career-path/?at={slug}"
    yield "/data/"
    yield "/data/roles.json"
    yield "/data/salaries.csv"


@pytest.fixture
def copied_runs_on(content):
    """copied_runs_on(client, url): the runs of a page's text copied from an article."""
    article_runs = passages.runs_of(stored_articles().values())
    # A citation names an article by its title; that is not copying its text.
    titles = list(Source.objects.values_list("title", flat=True))

    def runs(client, url):
        found = []
        for text in page_texts(client.get(url)):
            found += passages.copied_runs(text, article_runs, allowed=titles)
        return found

    return runs


def test_a_duty_copied_from_its_article_is_caught_on_the_page(client, copied_runs_on):
    Responsibility.objects.filter(pk=405).update(
        text="They also scout and secure locations for filming, early on."
    )

    runs = copied_runs_on(client, "/roles/associate-producer/")

    assert "they also scout and secure locations for filming" in runs


def test_a_copied_run_is_caught_in_the_downloads_too(client, copied_runs_on):
    Responsibility.objects.filter(pk=405).update(
        text="They also scout and secure locations for filming, early on."
    )

    assert "they also scout and secure locations for filming" in copied_runs_on(
        client, "/data/roles.json"
    )


def test_seven_words_in_a_row_are_not_a_copy(client, copied_runs_on):
    Responsibility.objects.filter(pk=405).update(text="They also scout and secure locations for")

    runs = copied_runs_on(client, "/roles/associate-producer/")

    assert not [run for run in runs if "scout" in run]


def test_no_page_the_guide_serves_copies_eight_words_of_an_article(client, copied_runs_on):
    copied = {}
    for url in every_page_the_guide_serves():
        runs = copied_runs_on(client, url)
        if runs:
            copied[url] = runs

    assert copied == {}, "\n".join(f"{url}: {runs}" for url, runs in copied.items())


# The reader's side: each fact links to its passage ------------------------------------


def test_each_duty_on_the_role_page_links_to_its_passage(client, content):
    duty = Responsibility.objects.select_related("source").get(pk=405)
    html = client.get("/roles/associate-producer/").content.decode()

    link = f'{duty.text} <a class="passage" href="{duty.passage_url}" rel="external">passage</a>'
    assert link in html
    assert duty.passage_url == (
        "https://climbtheladder.com/what-does-an-associate-producer-do"
        "#:~:text=They%20also%20scout%20and%20secure,locations%20for%20filming"
    )


def test_every_fact_and_prose_passage_of_a_role_is_linked_on_its_page(client, content):
    for role in Role.objects.with_page_details():
        html = client.get(role.get_absolute_url()).content.decode()
        rows = [
            *role.prose_passages.all(),
            *role.responsibilities.all(),
            *role.role_skills.all(),
            *role.education.all(),
            *role.role_certifications.all(),
            *role.industry_variants.all(),
            *role.salary_figures.all(),
            *role.job_outlooks.all(),
            *role.relationships.all(),
            *role.relationships_in.all(),
            *role.moves_out.all(),
        ]
        for row in rows:
            assert f'href="{row.passage_url}"' in html.replace("&amp;", "&"), (role.slug, row)


def test_the_open_data_gives_every_fact_its_passage(client, content):
    data = client.get("/data/roles.json").json()
    urls = {source["key"]: source["url"] for source in data["sources"]}

    facts = 0
    for role in data["roles"]:
        entries = [
            entry for key, value in role.items() if isinstance(value, list) for entry in value
        ]
        for entry in entries:
            if isinstance(entry, dict) and "source" in entry:
                facts += 1
                assert entry["passage_start"] and entry["passage_end"], entry
                assert entry["passage_url"].startswith(urls[entry["source"]] + "#:~:text="), entry
    assert facts > 100
