"""A reader follows every link: each internal address a page renders answers 200."""

import re
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

from roles.models import Role

from .helpers import ROLE_SLUGS

LINK = re.compile(r'<a\b[^>]*?\shref="([^"]*)"|\sdata-hx-get="([^"]*)"')
# Addresses that are not pages of the guide: files, and the admin behind its login.
NOT_PAGES = ("/static/", "/admin/")
MAX_PAGES = 400


def internal_links(page_url, html):
    for match in LINK.finditer(html):
        href = unescape(match[1] or match[2])
        url = urldefrag(urljoin(page_url, href))[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            continue
        if not url.startswith(NOT_PAGES):
            yield url


def crawl(client, start="/"):
    """{url: status} for every internal page reachable from `start`, each asked once."""
    statuses, queue = {}, [start]
    while queue and len(statuses) < MAX_PAGES:
        url = queue.pop(0)
        if url in statuses:
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue.extend(internal_links(url, response.content.decode()))
    return statuses


def broken_links(statuses):
    return {url: status for url, status in statuses.items() if status != 200}


def test_every_internal_link_from_the_home_page_answers_200(client, content):
    statuses = crawl(client)

    assert broken_links(statuses) == {}
    assert len(statuses) < MAX_PAGES, "the crawl stopped before it saw every page"
    # The crawl reached every kind of address, the query-string ones included.
    for slug in ROLE_SLUGS:
        assert f"/roles/{slug}/" in statuses
    assert any(url.startswith("/career-path/?at=") for url in statuses)
    assert any(url.startswith("/compare/?a=") for url in statuses)
    assert "/career-path/?at=production-coordinator" in statuses
    assert "/compare/?a=associate-producer&b=executive-producer" in statuses


def test_the_director_page_links_the_career_path_it_sits_beside(client, content):
    html = client.get("/roles/director/").content.decode()

    assert "?at=director" not in html
    assert 'href="/career-path/"' in html
    assert "a related career, not as a step on the path" in html


def test_a_broken_link_inside_a_page_would_be_caught(client, content, monkeypatch):
    # The crawl must follow links inside pages to one that answers 404, or the test above
    # proves nothing: here every link to the producer's page points at a page not there.
    real_url = Role.get_absolute_url
    monkeypatch.setattr(
        Role,
        "get_absolute_url",
        lambda role: "/roles/no-such-producer/" if role.slug == "producer" else real_url(role),
    )

    statuses = crawl(client)

    assert broken_links(statuses) == {"/roles/no-such-producer/": 404}
    assert len([url for url, status in statuses.items() if status == 200]) > len(ROLE_SLUGS)


def test_every_citation_on_a_page_points_at_its_sources_list(client, content):
    for url in [u for u, status in crawl(client).items() if status == 200]:
        html = client.get(url).content.decode()
        cited = set(re.findall(r'href="#(source-[\w-]+)"', html))
        listed = set(re.findall(r'id="(source-[\w-]+)"', html))
        assert cited <= listed, url
