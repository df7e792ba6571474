"""A visitor follows the career path: the steps in order, the branches, what each move
takes and what changes, and "I am here" to see what comes next."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from roles.career_path import CareerPath, PathItem
from roles.models import CareerMove, Relationship, Role, Source

from .helpers import VERSION_CHECK, SaveBefore, multiply_content, page_text

URL = reverse("roles:career_path")

# The stored copies of the source articles, beside the project (its README says where).
SEEDS = settings.CAREERGUIDE_SEEDS_DIR


class StepOutline(HTMLParser):
    """Reads the page's path as a screen reader walks it: each step's slug in document
    order, the step it is nested under (None at the top) and the list that holds it."""

    def __init__(self):
        super().__init__()
        self.steps = []  # (slug, parent slug, list class, attributes)
        self._open = []  # stack of ("li", slug or None) / ("ol", class)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol":
            self._open.append(("ol", attrs.get("class", "")))
        elif tag == "li":
            slug = None
            if "step" in attrs.get("class", "").split():
                slug = attrs["id"].removeprefix("step-")
                parent = next((v for t, v in reversed(self._open) if t == "li" and v), None)
                holder = next((v for t, v in reversed(self._open) if t == "ol"), "")
                self.steps.append((slug, parent, holder, attrs))
            self._open.append(("li", slug))

    def handle_endtag(self, tag):
        if tag in ("ol", "li"):
            while self._open:
                if self._open.pop()[0] == tag:
                    break

    @classmethod
    def of(cls, html):
        outline = cls()
        outline.feed(html)
        return outline

    @property
    def order(self):
        return [slug for slug, *_ in self.steps]

    def parent(self, slug):
        return next(parent for s, parent, _, _ in self.steps if s == slug)

    def holder(self, slug):
        return next(holder for s, _, holder, _ in self.steps if s == slug)

    def attrs(self, slug):
        return next(attrs for s, _, _, attrs in self.steps if s == slug)


def step_html(html, slug):
    """The markup of one step, up to its branches (which are steps of their own)."""
    start = html.index(f'id="step-{slug}"')
    end = html.find('<li class="step', start + 1)
    return html[start : end if end != -1 else len(html)]


def get(client, query="", **headers):
    return client.get(URL + query, **headers)


# The real path -----------------------------------------------------------------------


def test_the_steps_run_in_the_order_of_the_data_with_the_branches_after_the_ap(client, content):
    response = get(client)

    assert response.status_code == 200
    outline = StepOutline.of(response.content.decode())
    assert outline.order == [
        "production-assistant",
        "production-coordinator",
        "associate-producer",
        "producer",
        "field-producer",
        "supervising-producer",
    ]
    for first_run in ("production-assistant", "production-coordinator", "associate-producer"):
        assert outline.parent(first_run) is None
        assert outline.holder(first_run) == "path__steps"
    for branch in ("producer", "field-producer", "supervising-producer"):
        assert outline.parent(branch) == "associate-producer"
        assert outline.holder(branch) == "path__branches"


def test_each_step_links_its_role_and_shows_level_summary_and_what_the_move_takes(client, content):
    html = get(client).content.decode()

    coordinator = step_html(html, "production-coordinator")
    assert 'href="/roles/production-coordinator/"' in coordinator
    assert "Junior level" in coordinator
    assert Role.objects.get(slug="production-coordinator").summary in coordinator
    move = CareerMove.objects.get(to_role__slug="production-coordinator")
    assert move.takes in page_text(coordinator)
    assert f"Source: {move.source.title}" in page_text(coordinator)
    assert f'href="#source-{move.source.key}"' in coordinator


def test_salary_figures_show_with_measure_year_and_source_and_their_absence_is_said(
    client, content
):
    html = get(client).content.decode()

    ap = page_text(step_html(html, "associate-producer"))
    assert "$58,451" in ap and "Average salary a year, no year given" in ap
    assert "$50,791" in ap and "Median salary a year, film/TV, 2020" in ap
    assert "Source: Associate Producer vs. Assistant Producer" in ap
    assert "Source: Associate Producer Vs. Executive Producer" in ap
    assert "The sources give no salary figure for this role." in step_html(html, "producer")


def test_the_only_figure_about_time_is_the_associate_producers_two_years(client, content):
    html = get(client).content.decode()

    # 002: most associate producers have at least two years of production experience.
    timing = page_text(html[html.index('class="notice path-timing"') : html.index('id="path"')])
    assert "Associate Producer: Most associate producers have at least two years of " in timing
    assert "Source: Associate Producer Vs. Executive Producer" in timing
    assert "They give no time for the other steps" in timing
    assert "the sources do not say how many years" not in html
    assert "at least two years" in step_html(html, "associate-producer")
    assert "years" not in step_html(html, "production-coordinator")


def test_executive_and_assistant_producers_sit_beside_the_ap_and_others_are_listed(client, content):
    html = get(client).content.decode()

    ap = step_html(html, "associate-producer")
    beside = ap[ap.index("Alongside this step:") : ap.index("</p>", ap.index("Alongside"))]
    assert 'href="/roles/executive-producer/"' in beside
    assert 'href="/roles/assistant-producer/"' in beside
    assert "Executive Producer leads Associate Producer." in ap
    assert "Assistant Producer supports Associate Producer." in ap
    assert 'Related career: <a href="/roles/director/">Director</a>' in ap
    others = html[html.index("<h2>Other roles</h2>") :]
    assert 'href="/roles/production-manager/"' in others
    for placed in ("executive-producer", "assistant-producer", "director", "producer"):
        assert f'href="/roles/{placed}/"' not in others


# What changes: what the move's source says ---------------------------------------


def article(source):
    """The stored copy of a source's article, as one line of plain words."""
    text = (SEEDS / source.document).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def sentence_about(text, *words):
    """The one sentence of `text` that holds every word in `words`."""
    found = [s for s in re.split(r"(?<=[.!?]) ", text) if all(w in s for w in words)]
    assert len(found) == 1, (words, found)
    return found[0]


def section(html, heading, step_slug):
    """What one step says under one of its headings, as a reader sees it."""
    text = page_text(step_html(html, step_slug))
    return text[text.index(heading) + len(heading) :].split(" Pay ")[0]


def test_what_changes_on_each_step_is_what_004_says_about_that_move(client, content):
    html = get(client).content.decode()

    for move in CareerMove.objects.filter(kind="next").select_related("to_role", "source"):
        assert move.changes, move
        changes = section(html, "What changes", move.to_role.slug)
        assert move.changes in changes
        assert f"Source: {move.source.title}" in changes
    text = article(CareerMove.objects.get(to_role__slug="producer").source)
    # 004: the producer is where one takes the lead; the path said "no area of work new".
    assert "take the lead" in sentence_about(text, "Producer, where")
    assert "lead" in section(html, "What changes", "producer")
    assert "No area of work new" not in html


def test_the_ap_step_says_pa_experience_teaches_logistics_rather_than_calling_it_new(
    client, content
):
    html = get(client).content.decode()

    move = CareerMove.objects.get(
        from_role__slug="production-assistant", to_role__slug="associate-producer"
    )
    # 004: PA experience offers lessons in logistics, so logistics is no change at the AP.
    assert "logistics" in sentence_about(article(move.source), "This experience")
    takes = section(html, "What the move takes", "associate-producer")
    assert "From Production Assistant:" in takes and "logistics" in takes
    assert "logistics" not in section(html, "What changes", "associate-producer").lower()
    assert "but not for" not in html


def test_a_move_whose_source_says_nothing_of_what_changes_says_so_and_computes_nothing(
    client, make_role, make_move, make_skill, make_duty
):
    runner = make_role(slug="runner", title="Runner", level=Role.Level.ENTRY)
    researcher = make_role(slug="researcher", title="Researcher")
    make_move(runner, researcher, takes="A year of running errands on set.")
    make_skill(researcher, "Fact checking")
    make_duty(runner, "Fetches props.", area="logistics")
    make_duty(researcher, "Checks every claim.", area="research")

    html = get(client).content.decode()

    researcher_step = page_text(step_html(html, "researcher"))
    assert "A year of running errands on set." in researcher_step
    assert "The sources do not say what changes with the move from Runner." in researcher_step
    # The skills and duties the two roles have are never set against each other.
    assert "Fact checking" not in researcher_step
    assert "Research and fact-checking" not in researcher_step
    assert "where the path starts" in step_html(html, "runner")


def test_a_step_inserted_in_the_data_appears_without_any_template_change(
    client, content, make_role, make_move
):
    ap = Role.objects.get(slug="associate-producer")
    producer = Role.objects.get(slug="producer")
    researcher = make_role(slug="series-researcher", title="Series Researcher")
    CareerMove.objects.filter(from_role=ap, to_role=producer).update(to_role=researcher)
    make_move(researcher, producer, takes="Two series as a researcher.")

    html = get(client).content.decode()

    outline = StepOutline.of(html)
    assert outline.order[2:5] == ["associate-producer", "series-researcher", "producer"]
    assert outline.parent("series-researcher") == "associate-producer"
    assert outline.parent("producer") == "series-researcher"
    assert "Two series as a researcher." in step_html(html, "producer")
    assert "The sources do not say what changes with the move from Series Researcher." in (
        page_text(step_html(html, "producer"))
    )


# An optional step ----------------------------------------------------------------------


def test_the_coordinator_is_an_optional_step_between_pa_and_ap_as_004_hedges_it(client, content):
    html = get(client).content.decode()

    first = CareerMove.objects.get(to_role__slug="production-coordinator")
    said = sentence_about(article(first.source), "coordinator role", "before becoming")
    assert "might" in said
    # The hedge stays in the guide's words, and the step is shown as one some take.
    assert first.optional and "might" in first.takes
    coordinator = page_text(step_html(html, "production-coordinator"))
    assert "Optional step" in coordinator
    assert (
        "A step some take, not a required one: Production Assistant also leads straight to "
        "Associate Producer." in coordinator
    )
    assert "might" in coordinator
    # One run, PA to coordinator to AP: the direct move is not drawn as a branch.
    outline = StepOutline.of(html)
    assert outline.order[:3] == [
        "production-assistant",
        "production-coordinator",
        "associate-producer",
    ]
    assert "the path branches" not in page_text(step_html(html, "production-assistant"))
    assert "Also leads to" not in html
    assert "6 steps, 1 of them optional" in page_text(html)
    takes = section(html, "What the move takes", "associate-producer")
    assert "From Production Assistant:" in takes and "From Production Coordinator:" in takes


def test_a_pa_can_go_next_to_the_coordinator_or_straight_to_the_ap(client, content):
    html = get(client, "?at=production-assistant").content.decode()

    assert "Marked Production Assistant as where you are. 2 next steps." in html
    for following in ("production-coordinator", "associate-producer"):
        assert "Next from Production Assistant" in step_html(html, following)
    here = page_text(html[html.index('class="card path-here"') :])
    assert "Production Coordinator (an optional step)" in here


@pytest.mark.parametrize(
    ("a", "b", "says"),
    [
        (
            "production-assistant",
            "associate-producer",
            "The Associate Producer is a next step up from the Production Assistant, or 2 steps "
            "up through the optional Production Coordinator step.",
        ),
        (
            "production-assistant",
            "producer",
            "The Producer comes 2 steps after the Production Assistant on the career path, or 3 "
            "through the optional Production Coordinator step.",
        ),
        (
            "production-assistant",
            "production-coordinator",
            "The Production Coordinator is an optional next step up from the Production Assistant.",
        ),
        (
            "production-coordinator",
            "producer",
            "The Producer comes 2 steps after the Production Coordinator on the career path.",
        ),
    ],
)
def test_counts_of_steps_between_two_roles_follow_the_optional_step(client, content, a, b, says):
    assert says in page_text(client.get(f"/compare/?a={a}&b={b}"))


def test_any_optional_step_in_the_data_sits_in_the_run_it_can_be_skipped_in(
    client, make_role, make_move
):
    first, extra, last = (make_role(slug=s, title=s.title()) for s in ("first", "extra", "last"))
    make_move(first, extra)
    CareerMove.objects.filter(to_role=extra).update(optional=True)
    make_move(extra, last)
    make_move(first, last)

    html = get(client).content.decode()

    assert StepOutline.of(html).order == ["first", "extra", "last"]
    assert StepOutline.of(html).parent("last") is None
    assert "Optional step" in step_html(html, "extra")
    assert "Optional step" not in step_html(html, "last")
    assert "First also leads straight to" in page_text(step_html(html, "extra"))


def test_branches_follow_the_order_the_data_gives_them(client, content):
    CareerMove.objects.filter(to_role__slug="supervising-producer").update(order=0)

    outline = StepOutline.of(get(client).content.decode())

    assert outline.order[3:] == ["supervising-producer", "producer", "field-producer"]


def test_two_branches_meeting_again_show_the_shared_step_once(client, make_role, make_move):
    start, left, right, top = (make_role(slug=s, title=s.title()) for s in ("s", "l", "r", "t"))
    make_move(start, left)
    make_move(start, right)
    make_move(left, top)
    make_move(right, top)

    html = get(client).content.decode()

    assert StepOutline.of(html).order == ["s", "l", "t", "r"]
    assert 'Also leads to <a href="#step-t">T</a>' in html


def test_the_steps_template_asks_the_layout_what_each_item_is(client, content, monkeypatch):
    # The kinds are named once, on PathItem: renamed there, the page still writes every
    # step (a template comparing with literal kinds would write none).
    for kind in ("STEPS", "STEP", "BRANCHES", "END_LIST", "END_STEP"):
        monkeypatch.setattr(PathItem, kind, f"renamed-{kind}")

    outline = StepOutline.of(get(client).content.decode())

    assert len(outline.order) == 6
    assert outline.parent("producer") == "associate-producer"


# I am here --------------------------------------------------------------------------


def test_marking_the_coordinator_shows_its_next_move_and_a_compare_link(client, content):
    response = get(client, "?at=production-coordinator")

    assert response.status_code == 200
    html = response.content.decode()
    outline = StepOutline.of(html)
    assert outline.attrs("production-coordinator").get("aria-current") == "step"
    assert [s for s in outline.order if outline.attrs(s).get("aria-current")] == [
        "production-coordinator"
    ]
    assert "You are here" in step_html(html, "production-coordinator")
    ap = step_html(html, "associate-producer")
    assert "Next from Production Coordinator" in ap
    assert 'href="/compare/?a=production-coordinator&amp;b=associate-producer"' in ap
    assert "Marked Production Coordinator as where you are. 1 next step." in html
    # Only the marked step and its next move are open; the rest stay folded.
    assert '<details class="step__details" open>' in step_html(html, "production-coordinator")
    assert '<details class="step__details" open>' in ap
    assert '<details class="step__details">' in step_html(html, "production-assistant")


def test_marking_the_ap_marks_all_three_branches_as_next(client, content):
    html = get(client, "?at=associate-producer").content.decode()

    assert "3 next steps." in html
    for branch in ("producer", "field-producer", "supervising-producer"):
        assert f'href="/compare/?a=associate-producer&amp;b={branch}"' in step_html(html, branch)
    assert "Compare" not in step_html(html, "production-assistant")


def test_every_step_offers_an_i_am_here_link_that_works_without_javascript(client, content):
    html = get(client).content.decode()

    for slug in StepOutline.of(html).order:
        url = f"/career-path/?at={slug}"
        link = (
            f'id="here-{slug}" href="{url}" data-hx-get="{url}" data-hx-target="#path" '
            'data-hx-swap="outerHTML" data-hx-push-url="true"'
        )
        assert link in step_html(html, slug)
    assert 'aria-current="step"' not in html


OFF_THE_PATH = ["production-manager", "assistant-producer", "executive-producer", "director"]


@pytest.mark.parametrize("slug", OFF_THE_PATH)
def test_a_role_the_sources_do_not_put_on_the_path_is_shown_as_such_by_its_title(
    client, content, slug
):
    role = Role.objects.get(slug=slug)

    response = get(client, f"?at={slug}")

    assert response.status_code == 200
    text = page_text(response)
    assert f"Where you are: {role.title}" in text
    assert f"The sources do not put {role.title} on this career path" in text
    assert f"Marked {role.title} as where you are. The sources do not put it on this path." in text
    assert slug not in text  # named by its title, never by the address's slug
    assert len(StepOutline.of(response.content.decode()).order) == 6
    assert 'aria-current="step"' not in response.content.decode()


def test_every_role_can_be_marked_and_answers_200(client, content):
    for role in Role.objects.all():
        response = get(client, f"?at={role.slug}")
        assert response.status_code == 200, role
        assert f"Where you are: {role.title}" in page_text(response)


def test_the_director_is_shown_as_a_related_career_of_the_ap_not_a_step(client, content):
    text = page_text(get(client, "?at=director"))

    card = text[text.index("Where you are: Director") : text.index("Clear the mark")]
    move = CareerMove.objects.get(to_role__slug="director")
    assert "They name it as a related career:" in card
    assert f"from Associate Producer: {move.takes}" in card


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("?at=astronaut", "There is no step “astronaut” on this path."),
        ("?at=" + "x" * 500, "That is not a step on this path."),
        ("?at=" + "x" * 51, "That is not a step on this path."),
        ("?at=%00", "That is not a step on this path."),
        ("?at=lost%20role", "That is not a step on this path."),
        ("?at=%20producer", "That is not a step on this path."),
        ("?at=producer&at=director", "Pick one step to mark, not several."),
        ("?at=producer&at=producer", "Pick one step to mark, not several."),
    ],
)
def test_a_name_the_guide_does_not_know_gets_a_note_status_400_and_the_whole_path(
    client, content, query, note
):
    response = get(client, query)

    assert response.status_code == 400
    html = response.content.decode()
    assert note in html
    assert len(StepOutline.of(html).order) == 6
    assert 'aria-current="step"' not in html


# Placements ---------------------------------------------------------------------------


def test_a_level_no_source_gives_is_marked_as_the_guides_placement_where_the_path_shows_it(
    client, content
):
    placed = set(Role.objects.filter(level_source=None).values_list("slug", flat=True))
    assert placed == {"director", "production-manager", "assistant-producer", "executive-producer"}

    html = get(client).content.decode()
    others = page_text(html[html.index("<h2>Other roles</h2>") :])
    assert (
        "Production Manager (senior level, the guide’s placement: no source gives its level)"
        in (others)
    )
    for slug in placed:
        role = Role.objects.get(slug=slug)
        text = page_text(get(client, f"?at={slug}"))
        assert (
            f"its level ({role.level_label.lower()}) is the guide’s placement, not a source’s"
            in text
        )
    # A level a source gives carries no such mark.
    text = page_text(get(client, "?at=associate-producer"))
    assert "placement" not in text[text.index("Where you are") : text.index("Clear the mark")]
    for slug in StepOutline.of(html).order:
        badges = re.search(r'<p class="step__tags">.*?</p>', step_html(html, slug), re.S)
        assert "placement" not in badges.group(0)


def test_a_step_whose_level_the_guide_placed_says_so_on_its_badge(
    client, make_role, make_move, make_source
):
    start = make_role(
        slug="start", title="Start", level=Role.Level.ENTRY, level_source=make_source()
    )
    placed = make_role(slug="placed", title="Placed", level_source=None)
    make_move(start, placed)

    html = get(client).content.decode()

    assert f"{placed.level_label}, the guide’s placement" in page_text(step_html(html, "placed"))
    assert "placement" not in step_html(html, "start")


@pytest.mark.parametrize("value", ["<script>x</script>", "%00", "lost%20role", "x" * 51])
def test_a_malformed_at_value_is_never_echoed_back(client, content, value):
    response = get(client, f"?at={value}")

    assert response.status_code == 400
    html = response.content.decode()
    assert "That is not a step on this path." in html
    for echo in ("script&gt;", "<script>x", "\x00", "lost role", "x" * 51):
        assert echo not in html


# Full page and htmx part ------------------------------------------------------------


def test_htmx_gets_only_the_path_with_the_status_sentence_out_of_band(client, content):
    response = get(client, "?at=production-coordinator", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="path"')
    assert 'hx-swap-oob="innerHTML"' in html
    assert "Marked Production Coordinator as where you are. 1 next step." in html
    assert "HX-Request" in response["Vary"]


def test_the_full_page_has_the_layout_and_the_status_region_once(client, content):
    response = get(client, "?at=production-coordinator")

    html = response.content.decode()
    assert "<html" in html
    assert html.count('id="path-status"') == 1
    assert 'role="status"' in html
    assert 'id="path"' in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_full_page(client, content):
    response = get(
        client,
        "?at=production-coordinator",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    html = response.content.decode()
    assert "<html" in html
    assert "hx-swap-oob" not in html


def test_htmx_asking_for_an_unknown_step_gets_the_part_with_status_400(client, content):
    response = get(client, "?at=astronaut", HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="path"' in html
    assert "There is no step “astronaut” on this path." in html


def test_the_page_tells_htmx_to_swap_a_400(client, content):
    html = get(client).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html).group(1)
    rules = json.loads(config)["responseHandling"]

    # htmx applies the first rule whose code pattern matches the status.
    first_for_400 = next(rule for rule in rules if re.fullmatch(rule["code"], "400"))
    assert first_for_400["swap"] is True
    first_for_500 = next(rule for rule in rules if re.fullmatch(rule["code"], "500"))
    assert first_for_500["swap"] is False


def test_only_get_is_allowed(client, content):
    assert client.post(URL).status_code == 405


def test_an_empty_path_says_so(client, db):
    html = get(client).content.decode()

    assert "No career path has been published yet." in html


def test_relationships_between_two_roles_on_the_path_are_not_alongside_notes(
    client, make_role, make_move, make_source
):
    runner, coordinator, stage = (make_role(title=t) for t in ("Runner", "Coordinator", "Stage"))
    make_move(runner, coordinator)
    for other in (runner, stage):
        Relationship.objects.create(
            from_role=coordinator, to_role=other, kind="reports-to", source=make_source()
        )

    html = get(client).content.decode()

    # Both ends of the first are steps already; only the role off the path sits beside.
    assert "Coordinator reports to Runner." not in html
    assert "Coordinator reports to Stage." in html


# A long path, in parts -----------------------------------------------------------------


def test_a_long_path_comes_in_parts_that_together_show_every_step_once(client, content):
    multiply_content(copies=5)  # 36 steps: two parts
    total = 6 * 6  # the real path's six steps, six times

    first = get(client)
    second = get(client, "?part=2")

    seen = []
    for response in (first, second):
        assert response.status_code == 200
        outline = StepOutline.of(response.content.decode())
        assert len(outline.order) <= CareerPath.PART_SIZE
        seen += outline.order
    assert len(seen) == len(set(seen)) == total
    first_text, second_text = page_text(first), page_text(second)
    assert f"Part 1 of 2: steps 1 to {CareerPath.PART_SIZE}." in first_text
    assert f"Part 2 of 2: steps {CareerPath.PART_SIZE + 1} to {total}." in second_text
    # Real links, so the parts work without JavaScript; htmx swaps them in place.
    assert 'rel="next" href="/career-path/?part=2" data-hx-get="/career-path/?part=2"' in (
        first.content.decode()
    )
    assert 'rel="prev" href="/career-path/"' in second.content.decode()
    # The second part names the step its first one follows, with a link to it.
    follows = StepOutline.of(first.content.decode()).order[-1]
    assert f'<a href="/career-path/#step-{follows}">' in second.content.decode()


def test_marking_a_step_opens_the_part_that_holds_it(client, content):
    multiply_content(copies=5)

    response = get(client, "?at=producer-5")

    assert response.status_code == 200
    outline = StepOutline.of(response.content.decode())
    assert outline.attrs("producer-5").get("aria-current") == "step"
    assert "Part 2 of 2" in page_text(response)


@pytest.mark.parametrize("size", [4, 5, 7])
def test_every_part_of_a_long_path_nests_its_lists_and_steps_as_html_allows(
    content, monkeypatch, size
):
    # Small parts, so that parts begin everywhere: at a run's first step, inside a branch,
    # in the run a branch leads on to.
    monkeypatch.setattr(CareerPath, "PART_SIZE", size)
    multiply_content(copies=3)
    parts = CareerPath.load().part_count
    assert parts == -(-4 * 6 // size)

    for number in range(1, parts + 1):
        path = CareerPath.load()
        path.show(part=number)
        inside = []  # what each open element is: a list (<ol>) or a step (<li>)
        for item in path.part_layout:
            if item.is_step:
                assert inside and inside[-1] == "list", (number, item)
                inside.append("step")
            elif item.is_steps or item.is_branches:
                assert not inside or inside[-1] == "step", (number, item)
                inside.append("list")
            else:
                assert inside.pop() == ("list" if item.is_end_list else "step"), (number, item)
        assert inside == [], number


def test_every_citation_on_every_part_and_every_mark_links_to_a_source_the_page_lists(
    client, content, monkeypatch
):
    monkeypatch.setattr(CareerPath, "PART_SIZE", 2)
    queries = [f"?part={n}" for n in (1, 2, 3)] + [f"?at={r.slug}" for r in Role.objects.all()]

    for query in queries:
        html = get(client, query).content.decode()
        cited = set(re.findall(r'href="#source-([\w-]+)"', html))
        listed = set(re.findall(r'<li id="source-([\w-]+)">', html))
        assert cited and cited <= listed, (query, cited - listed)


@pytest.mark.parametrize("part", ["2", "0", "-1", "two", "1.5"])
def test_a_part_the_path_does_not_have_gets_a_note_status_400_and_the_start(client, content, part):
    response = get(client, f"?part={part}")

    assert response.status_code == 400
    assert "of this path. Here is the path from its start." in page_text(response)
    assert StepOutline.of(response.content.decode()).order[0] == "production-assistant"


def test_the_real_path_fits_one_part_and_shows_no_parts(client, content):
    html = get(client).content.decode()

    assert 'class="path-parts"' not in html
    assert len(StepOutline.of(html).order) == 6


# Editors saving while the page renders ------------------------------------------


def render_while(client, table, save, filtered):
    with SaveBefore(table, save, filtered):
        return get(client, "?at=associate-producer")


def test_a_move_deleted_after_the_path_was_laid_out_is_left_out_not_a_500(client, content):
    move = CareerMove.objects.get(
        from_role__slug="production-assistant", to_role__slug="associate-producer"
    )

    # The moves were read as links; the part's whole rows come after the delete.
    response = render_while(client, "roles_careermove", move.delete, filtered=True)

    assert response.status_code == 200
    ap = page_text(step_html(response.content.decode(), "associate-producer"))
    assert move.takes not in ap
    assert CareerMove.objects.get(to_role__slug="associate-producer").takes in ap


def test_a_relationship_deleted_after_the_path_was_laid_out_is_left_out(client, content):
    leads = Relationship.objects.get(
        from_role__slug="executive-producer", to_role__slug="associate-producer"
    )

    response = render_while(client, "roles_relationship", leads.delete, filtered=True)

    assert response.status_code == 200
    ap = step_html(response.content.decode(), "associate-producer")
    assert "Executive Producer leads Associate Producer." not in ap
    assert "Assistant Producer supports Associate Producer." in ap


def test_a_role_and_move_added_after_the_roles_were_read_wait_for_the_next_render(
    client, content, make_role, make_move
):
    def add_a_step():
        make_move(Role.objects.get(slug="associate-producer"), make_role(slug="new-step"))

    # The roles are read first; the new role and its move land before the moves are.
    response = render_while(client, "roles_careermove", add_a_step, filtered=False)

    assert response.status_code == 200
    assert "new-step" not in StepOutline.of(response.content.decode()).order
    assert "new-step" in StepOutline.of(get(client).content.decode()).order


def test_a_move_citing_a_source_added_while_the_path_renders_still_cites_it(
    client, content, make_move, make_source
):
    def add_a_move():
        ap, manager = (
            Role.objects.get(slug="associate-producer"),
            Role.objects.get(slug="production-manager"),
        )
        make_move(ap, manager, kind=CareerMove.Kind.RELATED, source=make_source(key="new"))

    # The sources are read before the moves; the move and its new source land between.
    response = render_while(client, "roles_careermove", add_a_move, filtered=False)

    assert response.status_code == 200
    html = response.content.decode()
    new = Source.objects.get(key="new")
    assert f'<a href="#source-new">{new.title}</a>' in step_html(html, "associate-producer")
    assert 'id="source-new"' in html


# Cost --------------------------------------------------------------------------------

# Roles, sources, moves and relationships (the whole path's layout), the moves and
# relationships of the part shown as whole rows, the two other kinds of row a step shows
# (experience and figures) for the part shown, and the sources the summaries shown draw on.
PATH_QUERIES = 9


@pytest.mark.parametrize("query", ["", "?at=production-coordinator", "?at=nowhere", "?at=director"])
def test_the_real_path_costs_a_fixed_number_of_queries(
    client, content, django_assert_num_queries, query
):
    with django_assert_num_queries(VERSION_CHECK + PATH_QUERIES):
        get(client, query)


def test_a_path_ten_times_longer_costs_the_same_queries_and_shows_one_part(
    client, ten_times_content, django_assert_num_queries
):
    with django_assert_num_queries(VERSION_CHECK + PATH_QUERIES):
        response = get(client, "?at=associate-producer-5")

    assert response.status_code == 200
    outline = StepOutline.of(response.content.decode())
    assert len(outline.order) == CareerPath.PART_SIZE
    assert "associate-producer-5" in outline.order


def test_the_htmx_part_costs_the_same_queries(client, ten_times_content, django_assert_num_queries):
    with django_assert_num_queries(VERSION_CHECK + PATH_QUERIES):
        get(client, "?at=producer-3", HTTP_HX_REQUEST="true")
    with django_assert_num_queries(VERSION_CHECK + PATH_QUERIES):
        get(client, "?part=2", HTTP_HX_REQUEST="true")


def test_a_path_forty_times_longer_still_shows_its_last_step_nested_in_its_branch(
    client, content, django_assert_num_queries
):
    # Each copy's path hangs inside the branch the copy before ends on, one level deeper.
    # Written with an include per level, about thirty copies took rendering past Python's
    # recursion limit (a RecursionError, answered 500); forty leave a margin.
    multiply_content(copies=39)

    with django_assert_num_queries(VERSION_CHECK + PATH_QUERIES):
        page = get(client, "?at=field-producer-39")
    part = get(client, "?at=field-producer-39", HTTP_HX_REQUEST="true")

    assert page.status_code == 200
    outline = StepOutline.of(page.content.decode())
    assert len(outline.order) == (40 * 6 - 1) % CareerPath.PART_SIZE + 1  # the last part
    assert outline.order[-3:] == ["producer-39", "field-producer-39", "supervising-producer-39"]
    assert outline.parent("production-assistant-39") == "supervising-producer-38"
    assert outline.parent("field-producer-39") == "associate-producer-39"
    assert outline.holder("field-producer-39") == "path__branches"
    assert outline.attrs("field-producer-39").get("aria-current") == "step"
    assert part.status_code == 200
    assert "<html" not in part.content.decode()
    assert "Marked Field Producer 39 as where you are." in part.content.decode()
