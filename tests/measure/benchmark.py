"""What a visitor gets, measured against a static file from the same server, in one run.

    make benchmark        (or: .venv/bin/python -m tests.measure.benchmark)

It starts the server `make run` starts (`make serve`: gunicorn, threaded workers, access log)
on a database of its own, drives it with wrk (HTTP/1.1, `Accept-Encoding: gzip` as a
browser sends), and prints for each page type:

- hit: the same address again and again, so every answer after the first is a cache hit;
- server CPU: the CPU time the server's processes (gunicorn's master and workers, read
  from /proc for the process group it was started in) spent per request during those hit
  runs: what bounds the requests a second the server can answer, and unlike wall times
  hardly moved by other work on a shared machine;
- render: the median time of five cold requests made one after another, each just after
  the content version was bumped (as an editor's save does), i.e. the time to render the
  page, after eight such requests that are not timed (a worker's first render of a page
  also compiles its templates, once per process); a cache-busting query string no longer
  makes a cold request (it is served the clean page's entry), so nothing but an edit does;
- hit CPU: the CPU time of a hit in-process, through the whole middleware stack with no
  server or network, alternated with the static file's round after round: the share of a
  hit that is the site's own, readable even when a busy machine makes wall times swing;

each as a ratio to a static file of similar size on the wire (the nearest in size of the
collected static files) measured in the runs just before and just after it, round after
round, the median ratio reported, so the machine's noise over the run cancels out. Then
the same at ten and a hundred times the data.

At 1x it also measures a flood: one client sending junk parameters (new names and values
on every request) as fast as it is answered, for BENCHMARK_FLOOD_SECONDS (30), and another
visitor's median on a cached role page alone and during the flood
(`python -m tests.measure.benchmark --flood` measures only that, without wrk).

Times on a shared machine are noisy, so nothing here is asserted; query counts, which are
exact, are asserted in the tests. Settings (environment): BENCHMARK_PORT (8090),
BENCHMARK_SECONDS per wrk run (3: on a 2-core machine, where wrk shares the CPUs with the
server, one-second runs put the same page at 0.5x the static file in one run and 1.4x in
the next), BENCHMARK_ROUNDS (5; each figure is the median ratio over the rounds),
BENCHMARK_CONNECTIONS (16), BENCHMARK_SCALES (1,10,100).
"""

import http.client
import json
import multiprocessing
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("BENCHMARK_PORT", "8090"))
SECONDS = int(os.environ.get("BENCHMARK_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCHMARK_ROUNDS", "5"))
CONNECTIONS = int(os.environ.get("BENCHMARK_CONNECTIONS", "16"))
SCALES = [int(n) for n in os.environ.get("BENCHMARK_SCALES", "1,10,100").split(",")]

COMPARISON = "/compare/?a=associate-producer&b=assistant-producer"
PAGES = [
    ("home", "/", False),
    ("directory", "/roles/", False),
    ("directory, search", "/roles/?q=producer", False),
    ("directory, htmx part", "/roles/?q=producer", True),
    ("role page", "/roles/associate-producer/", False),
    ("compare, empty", "/compare/", False),
    ("compare", COMPARISON, False),
    ("compare, htmx part", COMPARISON, True),
    ("career path", "/career-path/", False),
    ("career path, ?at=", "/career-path/?at=production-coordinator", False),
    ("career path, htmx part", "/career-path/?at=production-coordinator", True),
    ("sitemap", "/sitemap.xml", False),
    ("robots.txt", "/robots.txt", False),
]

# wrk's script: the headers a browser sends, and the figures as one JSON line.
WRK_SCRIPT = """
function init(args)
  path = args[1]
  wrk.headers["Accept-Encoding"] = "gzip"
  if args[2] == "htmx" then wrk.headers["HX-Request"] = "true" end
end
function request()
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"rps": %f, "p50": %f, "p99": %f, "failed": %d, "requests": %d}\\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout + e.status,
    summary.requests))
end
"""


def build_database(path, copies):
    """Migrate, load the real content and add `copies` generated copies of it."""
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from tests.helpers import load_content, multiply_content

    call_command("migrate", verbosity=0)
    load_content()
    with transaction.atomic():
        multiply_content(copies=copies)


class Server:
    """`make serve` on the given database, stopped by the process group it started."""

    def __init__(self, database):
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_HTTPS": "0"}
        self.process = subprocess.Popen(
            ["make", "-s", "serve", f"PORT={PORT}"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch("/robots.txt")
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"The server did not start on port {PORT}.") from None
                time.sleep(0.3)

    def cpu_seconds(self):
        """The CPU time (user and system) the server has used so far: every process in the
        process group it was started in (make, gunicorn's master and its workers), and the
        children they have reaped, from /proc."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # After the command name in parentheses: state, ppid, pgrp, ... (proc(5)).
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if int(fields[2]) == self.process.pid:
                ticks += sum(int(value) for value in fields[11:15])  # utime ... cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


GZIP_HEADERS = {"Accept-Encoding": "gzip"}


def fetch(path, htmx=False):
    """The body as sent on the wire to a browser that accepts gzip."""
    headers = GZIP_HEADERS | ({"HX-Request": "true"} if htmx else {})
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def static_files():
    """(address, bytes on the wire with gzip) for each collected static file."""
    root = ROOT / "staticfiles"
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    files = []
    for hashed in manifest.values():
        compressed = root / f"{hashed}.gz"
        size = (compressed if compressed.exists() else root / hashed).stat().st_size
        files.append((f"/static/{hashed}", size))
    return files


def nearest_static(size, files):
    return min(files, key=lambda file: abs(file[1] - size))


def wrk_command(script, path, htmx, connections, threads):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "-s", script]
    return command + [f"http://127.0.0.1:{PORT}", "--", path, "htmx" if htmx else "page"]


def figures(process):
    """requests a second, p50 and p99 in ms, failed requests: wrk's last line."""
    output, _ = process.communicate(timeout=SECONDS + 60)
    if process.returncode:
        raise RuntimeError(f"wrk failed: {output}")
    return json.loads(output.strip().splitlines()[-1])


def wrk(server, script, path, htmx=False, connections=CONNECTIONS):
    """wrk's figures for one run at `path`, and the server's CPU time per request in µs
    over the run (`cpu`): what limits the requests a second the server can answer, and
    readable on a shared machine where wall times swing with other work."""
    cpu_before = server.cpu_seconds()
    process = subprocess.Popen(
        wrk_command(script, path, htmx, connections, threads=min(2, connections)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    run = figures(process)
    # wrk stops sending, but the workers still owe the requests it queued: wait for them
    # (one request more), so their work is counted with this run and not the next one's.
    fetch(path, htmx)
    run["cpu"] = (server.cpu_seconds() - cpu_before) / (run["requests"] + 1) * 1e6
    return run


def measure(server, script, path, htmx, static):
    """Hit figures for one page, each as a ratio to the static file's figures in the runs
    just before and after it (the median over the rounds)."""
    fetch(path, htmx)  # the first visit fills the cache
    runs = []
    before = wrk(server, script, static)
    for _ in range(ROUNDS):
        run = wrk(server, script, path, htmx)
        after = wrk(server, script, static)
        runs.append(ratios(run, before, after))
        before = after
    return {"hit": {key: statistics.median(run[key] for run in runs) for key in runs[0]}}


WARM_UP_RENDERS = 8


def render_times(database, statics, times=5):
    """For each page, the median time in ms of `times` cold requests made one after
    another, each after a bump of the content version (what an edit does), once every
    worker has rendered the page before, and the CPU time of a hit in this process
    (`hit_cpu`), printed as JSON. Run in its own process, with Django set up on the
    server's database."""
    # The settings the server runs with (`Server`): over plain HTTP a page is not a redirect.
    os.environ.update({"DATABASE_URL": f"sqlite:///{database}", "DJANGO_HTTPS": "0"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
    import django

    django.setup()
    from careerguide.page_cache.models import bump_content_version

    medians = {}
    for name, path, htmx in PAGES:
        # Cold renders first that are not timed, two for each of `make serve`'s workers: a
        # worker's first render of a page also compiles its templates and works out its
        # addresses, once per process, which no edit makes it do again.
        for _ in range(WARM_UP_RENDERS):
            bump_content_version()
            fetch(path, htmx)
        took = []
        for _ in range(times):
            bump_content_version()
            start = time.perf_counter()
            fetch(path, htmx)
            took.append((time.perf_counter() - start) * 1000)
        medians[name] = {"render ms": statistics.median(took)}
    for name, path, htmx in PAGES:
        if name in statics:
            medians[name]["hit cpu"] = hit_cpu(path, htmx, statics[name])
    print(json.dumps(medians))


def hit_cpu(path, htmx, static, rounds=15, calls=40):
    """The CPU time of a hit through the whole middleware stack, in this process (no
    server, no network), and the static file's over it (x, higher is better), the
    median over rounds that alternate the two: the server's own share of a hit, which
    a busy shared machine's wall-clock noise leaves readable."""
    import io

    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    address, _, query = path.partition("?")

    def cpu_per_call(address, query, headers):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": address,
            "QUERY_STRING": query,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": str(PORT),
            "HTTP_HOST": f"127.0.0.1:{PORT}",
            "HTTP_ACCEPT_ENCODING": "gzip",
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            **headers,
        }
        start = time.process_time()
        for _ in range(calls):
            answer = app({**environ, "wsgi.input": io.BytesIO()}, lambda *args: None)
            b"".join(answer)
            answer.close()
        return (time.process_time() - start) / calls

    page_headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    cpu_per_call(address, query, page_headers)  # the first visit fills the cache
    cpu_per_call(static, "", {})
    runs = []
    for _ in range(rounds):
        static_cpu = cpu_per_call(static, "", {})
        page_cpu = cpu_per_call(address, query, page_headers)
        runs.append((page_cpu, static_cpu / page_cpu))
    return {
        "us": statistics.median(run[0] for run in runs) * 1e6,
        "x": statistics.median(run[1] for run in runs),
    }


def cold_renders(database, statics):
    run = [sys.executable, "-m", "tests.measure.benchmark", "--render", str(database)]
    run.append(json.dumps(statics))
    output = subprocess.run(run, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def ratios(run, static_before, static_after):
    """The run's figures, and each over the mean of the static file's around it (x)."""
    figures = dict(run)
    for key in ("rps", "p50", "p99"):
        static = (static_before[key] + static_after[key]) / 2
        figures[f"{key} x"] = run[key] / static if static else float("nan")
    # The other way up, like requests a second: the static file's CPU over the page's.
    static = (static_before["cpu"] + static_after["cpu"]) / 2
    figures["cpu x"] = static / run["cpu"] if run["cpu"] else float("nan")
    return figures


def report(scale, rows):
    label = "the real content" if scale == 1 else f"{scale} times the content"
    print(f"\n### {label}\n")
    print(
        "Each figure with its ratio to the static file measured around it (x), the median "
        f"of {ROUNDS} rounds: requests a second (higher is better), median and "
        "99th-percentile latency in ms (lower is better); server CPU: the server's CPU "
        "time per request during those runs, in µs, with the static file's over it (x, "
        "higher is better: the requests a second the server can answer); hit CPU: the CPU "
        "time of a hit in-process through the whole middleware stack, the same way up; "
        "render: a cold page's median time with one client, each request just after the "
        "content version was bumped, after eight untimed ones."
    )
    print()
    print(
        "| page | KB | static KB | hit rps | hit p50 | hit p99 | server CPU µs | hit CPU µs "
        "| render ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, size, static_size, m in rows:
        if m is None:
            print(f"| {name}: HTTP {size} |" + " |" * 8)
            continue
        cells = [
            f"{m['hit']['rps']:.0f} ({m['hit']['rps x']:.2f}x)",
            f"{m['hit']['p50']:.1f} ({m['hit']['p50 x']:.2f}x)",
            f"{m['hit']['p99']:.1f} ({m['hit']['p99 x']:.2f}x)",
            f"{m['hit']['cpu']:.0f} ({m['hit']['cpu x']:.2f}x)",
            f"{m['hit cpu']['us']:.0f} ({m['hit cpu']['x']:.2f}x)",
            f"{m['render ms']:.1f}",
        ]
        failed = m["hit"]["failed"]
        note = f" ({failed:.0f} failed)" if failed else ""
        sizes = f"{size / 1024:.1f} | {static_size / 1024:.1f}"
        print(f"| {name}{note} | {sizes} | " + " | ".join(cells) + " |")
    sys.stdout.flush()


# The flood: one client sending junk parameters as fast as the server answers it -------

FLOOD_SECONDS = int(os.environ.get("BENCHMARK_FLOOD_SECONDS", "30"))
FLOODED_PAGE = "/roles/associate-producer/"


def flood(seconds, answered):
    """One client, one connection: every request a page with parameters no page reads
    (new names and values each time, as tracking links and cache-busters carry)."""
    paths = [path for _, path, _ in PAGES]
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    deadline, sent = time.monotonic() + seconds, 0
    while time.monotonic() < deadline and sent < 1_000_000:
        path = random.choice(paths)
        junk = urllib.parse.urlencode({secrets.token_hex(3): secrets.token_hex(8)})
        conn.request("GET", f"{path}{'&' if '?' in path else '?'}{junk}", headers=GZIP_HEADERS)
        response = conn.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        sent += 1
    answered.value = sent


def compute(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sum(range(10_000))


def visitor_times(path, seconds):
    """The times in ms of one visitor's requests for `path`, one after another."""
    took, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline and len(took) < 100_000:
        start = time.perf_counter()
        fetch(path)
        took.append((time.perf_counter() - start) * 1000)
    return took


def flood_measurement(path=FLOODED_PAGE, seconds=FLOOD_SECONDS):
    """A visitor's median and 99th percentile on a cached page, alone and while one other
    client floods the site with junk parameters, and the flood's rate."""
    fetch(path)  # the visitor's page is cached
    alone = visitor_times(path, seconds)
    # The same time beside a process that only computes: on a machine of two cores the
    # flood's own client and the server's answers to it take CPU, whatever the cache does.
    burner = multiprocessing.Process(target=compute, args=(seconds,))
    burner.start()
    try:
        beside_work = visitor_times(path, seconds - 1)
    finally:
        burner.join(timeout=seconds + 30)
    answered = multiprocessing.Value("l", 0)
    flooder = multiprocessing.Process(target=flood, args=(seconds, answered))
    flooder.start()
    try:
        time.sleep(0.5)  # the flood is under way
        flooded = visitor_times(path, seconds - 1)
    finally:
        flooder.join(timeout=seconds + 30)
        if flooder.is_alive():
            flooder.terminate()
    median_alone, median_flooded = statistics.median(alone), statistics.median(flooded)
    lines = [
        f"\n### One client flooding junk parameters for {seconds} s\n",
        "| visitor on the role page | median ms | p99 ms | requests |",
        "| --- | ---: | ---: | ---: |",
    ]
    rows = (
        ("alone", alone),
        ("beside a process that only computes", beside_work),
        ("during the flood", flooded),
    )
    for label, took in rows:
        p99 = statistics.quantiles(took, n=100)[98]
        lines.append(f"| {label} | {statistics.median(took):.2f} | {p99:.2f} | {len(took)} |")
    lines.append(
        f"\nThe flood: {answered.value / seconds:.0f} requests a second; the visitor's median "
        f"during it is {median_flooded / median_alone:.2f}x its median alone."
    )
    return "\n".join(lines) + "\n"


def flood_only():
    """`python -m tests.measure.benchmark --flood`: the flood alone, at 1x (no wrk)."""
    with tempfile.TemporaryDirectory(prefix="careerguide-benchmark-") as work:
        database = Path(work) / "x1.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "tests.measure.benchmark", "--build", str(database), "0"],
            cwd=ROOT,
            check=True,
        )
        server = Server(database)
        try:
            print(flood_measurement(), end="")
        finally:
            server.stop()
    return 0


def main():
    files = static_files()
    with tempfile.TemporaryDirectory(prefix="careerguide-benchmark-") as work:
        script = str(Path(work) / "visitor.lua")
        Path(script).write_text(WRK_SCRIPT)
        print(
            f"wrk, {CONNECTIONS} connections, {SECONDS} s a run; gunicorn's threaded workers "
            "as `make run` starts it."
        )
        for scale in SCALES:
            database = Path(work) / f"x{scale}.sqlite3"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.measure.benchmark",
                    "--build",
                    str(database),
                    str(scale - 1),
                ],
                cwd=ROOT,
                check=True,
            )
            server = Server(database)
            try:
                rows, statics = [], {}
                for name, path, htmx in PAGES:
                    try:
                        body = fetch(path, htmx)
                    except urllib.error.HTTPError as error:
                        # Reported in the table, so one broken page does not hide the rest.
                        rows.append((name, error.code, None, None))
                        continue
                    static, static_size = nearest_static(len(body), files)
                    statics[name] = static
                    figures = measure(server, script, path, htmx, static)
                    rows.append((name, len(body), static_size, figures))
                    print(f"  measured {name} at x{scale}", file=sys.stderr)
                renders = cold_renders(database, statics)
                for name, _, _, m in rows:
                    if m is not None:
                        m.update(renders[name])
                flooded = flood_measurement() if scale == 1 else ""
            finally:
                server.stop()
            report(scale, rows)
            print(flooded, end="")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build_database(sys.argv[2], int(sys.argv[3]))
        sys.exit(0)
    if sys.argv[1:2] == ["--render"]:
        render_times(sys.argv[2], json.loads(sys.argv[3]))
        sys.exit(0)
    if sys.argv[1:2] == ["--flood"]:
        sys.exit(flood_only())
    sys.exit(main())
