# Two commands matter: `make run` (set up, then serve) and `make test` (set up, then test).
# Everything else here is a step of those two. Only python3 and make are assumed.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Local runs are plain HTTP; a deployment leaves this unset and gets HTTPS hardening.
export DJANGO_HTTPS ?= 0

.PHONY: run serve test setup install data static packages chromium browser-tools wrk lint checks pytest screenshots audit observatory benchmark clean \
	stack stack-stop stack-test stack-packages pytest-postgres backup restore

# Threaded workers: a connection that sends nothing (or sends slowly) holds one thread, not
# a whole worker, so a dozen idle clients cannot stall the site (nothing buffers in front).
# Four of them: a client that keeps one connection busy shares a worker with a quarter of
# the other visitors, not half.
WSGI_APP ?= careerguide.wsgi
WORKERS ?= 4
SERVE = $(BIN)/gunicorn $(WSGI_APP) --bind $(HOST):$(PORT) --workers $(WORKERS) \
	--worker-class gthread --threads 16 --no-control-socket --access-logfile -

run: setup ## Set everything up and serve the site with gunicorn.
	@echo "Serving careerguide at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@if [ "$(DJANGO_HTTPS)" = 0 ]; then echo "Plain HTTP: signing in to the admin asks for the password only, no one-time code (a deployment with HTTPS asks for one)."; fi
	$(SERVE)

# The same server without the setup: what the benchmark starts on its own database.
serve:
	$(SERVE)

test: setup packages browser-tools lint checks pytest pytest-postgres stack-test ## Set everything up and run every check and test.

setup: install .secret_key data static

$(UV):
	@$(PYTHON) -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "careerguide needs Python 3.11 or newer with venv support as '$(PYTHON)'" \
		     "(Debian/Ubuntu: apt-get install python3-venv)." >&2; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

# --locked fails when uv.lock no longer matches pyproject.toml instead of re-resolving.
install: $(UV)
	$(UV) sync --locked --quiet

.secret_key:
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@
	@echo "Generated a local secret key in .secret_key (git-ignored)."

# Loads the fixtures only into a database without content, so setting up never
# overwrites an editor's work; reload-content does that, after saying what it replaces.
data: install .secret_key
	$(MANAGE) migrate --noinput -v0
	@# A database made before it was created private (it holds password hashes).
	@if [ -f db.sqlite3 ]; then chmod 600 db.sqlite3; fi
	$(MANAGE) load_content --if-empty

.PHONY: reload-content export-content
reload-content: install .secret_key ## Load fixtures/ over the content in the database.
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_content

export-content: install .secret_key ## Write the database's content back to fixtures/.
	$(MANAGE) export_content

static: install .secret_key
	$(MANAGE) collectstatic --noinput -v0

# Debian packages the tests, the benchmark and the stack need, as package:probe (a command
# on PATH, or a path the package installs; a glob is fine). Installed when missing (as root)
# or named; never skipped silently. tests/programs.py reads these lists, and
# tests/test_fresh_machine.py fails when a test runs a program none of them installs.
DEBIAN_PACKAGES := sh deploy/debian-packages.sh
BROWSER_PACKAGES := chromium:chromium
# The HTML test runs the W3C Nu Html Checker (npm's vnu-jar) on Java; the print tests read
# Chromium's PDFs with poppler's pdftotext and pdfinfo.
CHECKER_PACKAGES := default-jre-headless:java poppler-utils:pdftotext poppler-utils:pdfinfo npm:npm
STACK_PACKAGES := nginx-light:/usr/sbin/nginx redis-server:redis-server \
	'postgresql:/usr/lib/postgresql/*/bin/initdb' openssl:openssl
BENCHMARK_PACKAGES := wrk:wrk

# Every package any test target uses, in one apt run, before the first test step: each
# test target depends on it, so the order holds whichever target is made first.
packages: ## Install every Debian package the tests use (as root), or say which are missing.
	@$(DEBIAN_PACKAGES) "for the tests" $(BROWSER_PACKAGES) $(CHECKER_PACKAGES) $(STACK_PACKAGES)

chromium:
	@$(DEBIAN_PACKAGES) "for the browser" $(BROWSER_PACKAGES)

# The Nu checker's jar comes from npm into the git-ignored .tools/.
VNU_VERSION := 26.9.27
VNU_JAR := $(TOOLS)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
export VNU_JAR

browser-tools: $(VNU_JAR)
	@$(DEBIAN_PACKAGES) "for the browser tests" $(CHECKER_PACKAGES)

$(VNU_JAR):
	@$(DEBIAN_PACKAGES) "for the Nu Html Checker" npm:npm
	npm install --silent --no-save --no-package-lock --prefix $(TOOLS)/vnu "vnu-jar@$(VNU_VERSION)"

wrk:
	@$(DEBIAN_PACKAGES) "for the benchmark" $(BENCHMARK_PACKAGES)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

checks: install .secret_key
	$(MANAGE) check --database default --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_HTTPS=1 DJANGO_SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DJANGO_ALLOWED_HOSTS=careerguide.example DJANGO_ADMIN_URL=editing-checks/ \
		$(MANAGE) check --deploy --fail-level WARNING

# One pytest worker per core (pytest-xdist): the suite is Python on the CPU, and CI has two
# cores. Each worker has its own test database (conftest.py) and live server, and a
# worker that finishes early takes tests from the other's queue (worksteal), so a slow
# file at the end does not leave a core idle.
PARALLEL := -n auto --dist worksteal

pytest: install .secret_key packages browser-tools
	$(BIN)/pytest $(PARALLEL)

# The suite again on a real PostgreSQL: a throwaway cluster, removed afterwards. Of the
# browser tests only the three journeys: the others test what Chromium does with a page
# (scripts, focus, layout, print, axe), which the database under it cannot change, and
# the pages they load are tested on both databases without a browser. They were a third
# of this run's time (2 of 6 minutes), and CI has 20 minutes for all of `make test`.
pytest-postgres: install .secret_key packages browser-tools
	$(BIN)/python -m tests.stack.with_postgres $(BIN)/pytest $(PARALLEL) -m "not browser or journey"

# The production-like stack (README, Deployment): nginx, two gunicorn instances,
# PostgreSQL and Redis on 127.0.0.1, state in the git-ignored .stack/.
STACK := $(BIN)/python deploy/stack/stack.py

stack: static stack-packages ## Start the production-like stack on https://localhost:8400/.
	@$(STACK) start

stack-stop: ## Stop exactly what `make stack` started.
	@$(STACK) stop

stack-test: static packages ## Start a fresh stack, prove what it promises, stop it.
	$(BIN)/pytest tests/stack

# Debian's servers for the stack.
stack-packages:
	@$(DEBIAN_PACKAGES) "for the stack" $(STACK_PACKAGES)

screenshots: setup chromium browser-tools ## Write current screenshots of every page type to docs/screenshots/.
	$(BIN)/pytest tests/measure/screenshots.py -q

audit: setup chromium ## Lighthouse scores for each page type (needs npm; not run in CI).
	$(BIN)/python -m tests.measure.audit

observatory: setup ## MDN HTTP Observatory grade, behind nginx with TLS (needs root, npm; not run in CI).
	$(BIN)/python -m tests.measure.observatory

benchmark: setup wrk ## Each page type against a static file, with wrk, at 1x, 10x and 100x data.
	$(BIN)/python -m tests.measure.benchmark

# The whole database in one file (README, Deployment: backups), consistent while the site
# runs; restore puts one back after saying what it replaces, and asks.
BACKUP_DIR ?= backups

backup: install .secret_key ## Write the whole database (content, history, accounts) to one file in backups/.
	$(MANAGE) backup --dir "$(BACKUP_DIR)"

restore: install .secret_key ## Put a backup back: make restore FILE=backups/careerguide-....sqlite3
	@[ -n "$(FILE)" ] || { echo "Say which backup: make restore FILE=$(BACKUP_DIR)/careerguide-....sqlite3" >&2; exit 2; }
	$(MANAGE) restore "$(FILE)"

# Keeps db.sqlite3: it holds the editors' work, their history and accounts.
clean:
	rm -rf $(VENV) $(TOOLS) staticfiles
	@if [ -f db.sqlite3 ]; then echo "Kept db.sqlite3 (the content, its history and the editors' accounts): \
	make backup first, then delete it by hand to start afresh."; fi
