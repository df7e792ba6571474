"""Printing a role page or a comparison, on A4 and on Letter: readable, a handful of pages,
no site-relative link targets (useless on paper), the page's own address instead, and
the address of any link that leaves the site."""

import re
import subprocess

import pytest

from tests.programs import program

pytestmark = pytest.mark.browser

# The longest role page and the comparison of the two roles with the most to say. They
# printed to 7 pages before the print style was tightened.
PRINTED = {
    "role": ("/roles/associate-producer/", ["Quick facts", "Where it leads", "Sources"]),
    "compare": (
        "/compare/?a=associate-producer&b=executive-producer",
        ["What changes, at a glance", "Side by side", "By industry: Reality TV"],
    ),
}
MOST_PAGES = 6
RELATIVE_TARGET = re.compile(r"\(/|\s/(roles|compare|career-path)/")


def pdf_text_and_pages(path):
    text = subprocess.run([program("pdftotext"), path, "-"], capture_output=True, text=True).stdout
    info = subprocess.run([program("pdfinfo"), path], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return text, pages


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("kind", PRINTED)
def test_a_printout_is_short_whole_and_has_no_relative_addresses(site, page, tmp_path, kind, paper):
    address, sections = PRINTED[kind]
    page.goto(site + address)
    pdf = tmp_path / f"{kind}-{paper}.pdf"
    page.pdf(path=pdf, format=paper)

    text, pages = pdf_text_and_pages(pdf)

    assert 1 <= pages <= MOST_PAGES, f"{kind} prints on {pages} {paper} pages"
    flat = " ".join(text.split())
    for section in sections:
        assert section in flat
    assert not RELATIVE_TARGET.search(text), RELATIVE_TARGET.search(text).group(0)
    # The one address a reader needs on paper: where to find the page again.
    assert f"Printed from {site}{address}" in flat.replace("&amp;", "&")
    # Controls and the on-screen contents do not print.
    assert "Jump to a topic" not in flat and "On this page" not in flat
    assert "Back to the" not in flat


def test_a_link_that_leaves_the_site_prints_its_address(site, page, tmp_path):
    page.goto(site + "/roles/associate-producer/")
    # The sources carry no web addresses yet; a link to one, as a source link would be.
    page.evaluate(
        """() => {
            const link = document.createElement("a");
            link.href = "https://example.org/a-source";
            link.textContent = "A source";
            document.querySelector("#sources").after(link);
        }"""
    )
    page.pdf(path=tmp_path / "role.pdf", format="A4")

    text, _ = pdf_text_and_pages(tmp_path / "role.pdf")

    assert "A source (https://example.org/a-source)" in " ".join(text.split())
