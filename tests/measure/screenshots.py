"""Current screenshots of each page type, phone and desktop, light and dark.

    make screenshots      (writes docs/screenshots/<page>-<width>-<scheme>.png)

Not part of the suite: pytest collects this file only when it is named on the command
line. It reuses the browser harness and the real content from tests/conftest.py.
"""

from pathlib import Path

import pytest

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "directory": "/roles/?industry=reality-tv",
    "role": "/roles/associate-producer/",
    "compare": "/compare/?a=associate-producer&b=assistant-producer",
    "career-path": "/career-path/?at=production-coordinator",
    "not-found": "/roles/asociate-producer/",
}
SIZES = {"phone": (375, 812), "desktop": (1280, 900)}


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_write_screenshots(site, page, size, scheme):
    OUT.mkdir(parents=True, exist_ok=True)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(color_scheme=scheme)
    for name, path in PAGES.items():
        page.goto(site + path)
        target = OUT / f"{name}-{size}-{scheme}.png"
        page.screenshot(path=str(target), full_page=size == "desktop" and scheme == "light")
        assert target.stat().st_size > 5_000, f"{target.name} looks empty"
