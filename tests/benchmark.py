"""Speed and memory of the main pages, as ratios measured in one run.

    make benchmark        (or: .venv/bin/python -m tests.benchmark)

Times on a shared machine are noisy, so nothing here is asserted: it reports, for each
page, the median time and peak memory of a request on the real content and on a data set
ten times larger, and their ratios (close to 1.0 means the page does not grow with the
data), plus the cost of an htmx partial against the full page. Query counts, which are
exact, are asserted in the tests instead.
"""

import os
import statistics
import sys
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)

from tests.helpers import load_content, multiply_content  # noqa: E402

PAGES = [
    ("home", "/", False),
    ("directory", "/roles/?q=producer", False),
    ("directory, htmx part", "/roles/?q=producer", True),
    ("role page", "/roles/associate-producer/", False),
    ("compare", "/compare/?a=associate-producer&b=assistant-producer", False),
    ("compare, htmx part", "/compare/?a=associate-producer&b=assistant-producer", True),
    ("career path", "/career-path/?at=production-coordinator", False),
    ("career path, htmx part", "/career-path/?at=production-coordinator", True),
]
ROUNDS = int(os.environ.get("BENCHMARK_ROUNDS", "25"))


def measure(client, url, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    client.get(url, **headers)  # warm the template cache
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url, **headers)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "status": response.status_code,
        "ms": statistics.median(times) * 1000,
        "peak_kb": peak / 1024,
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(STORAGES=plain_static, SECURE_SSL_REDIRECT=False):
            client = Client()
            load_content()
            real = {name: measure(client, url, htmx) for name, url, htmx in PAGES}
            multiply_content(copies=9)
            large = {name: measure(client, url, htmx) for name, url, htmx in PAGES}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"{ROUNDS} requests a page; ratios are ten-times data over real data.")
    print("Pages that list every role or step (home, directory, career path) grow with the")
    print("data by design (see bytes x10); a role page and a comparison should stay flat.\n")
    header = (
        f"{'page':<24}{'status':>7}{'ms':>8}{'ms x10':>8}{'time ratio':>12}"
        f"{'peak KB':>9}{'mem ratio':>11}{'queries':>9}{'q x10':>7}{'bytes':>8}{'bytes x10':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, _, _ in PAGES:
        a, b = real[name], large[name]
        print(
            f"{name:<24}{a['status']:>7}{a['ms']:>8.2f}{b['ms']:>8.2f}"
            f"{b['ms'] / a['ms']:>12.2f}{a['peak_kb']:>9.0f}{b['peak_kb'] / a['peak_kb']:>11.2f}"
            f"{a['queries']:>9}{b['queries']:>7}{a['bytes']:>8}{b['bytes']:>11}"
        )
    print()
    for page in ("directory", "compare", "career path"):
        full, part = real[page], real[f"{page}, htmx part"]
        print(
            f"{page}: the htmx part is {part['bytes'] / full['bytes']:.2f} of the page's bytes "
            f"and takes {part['ms'] / full['ms']:.2f} of its time"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
