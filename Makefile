# Two commands matter: `make run` (set up, then serve) and `make test` (set up, then test).
# Everything else here is a step of those two. Only python3 and make are assumed.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
FIXTURES := sources taxonomy roles details figures career_path
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Local runs are plain HTTP; a deployment leaves this unset and gets HTTPS hardening.
export DJANGO_HTTPS ?= 0

.PHONY: run serve test setup install data static chromium wrk lint checks pytest screenshots audit benchmark clean

SERVE = $(BIN)/gunicorn careerguide.wsgi --bind $(HOST):$(PORT) --workers 2 --no-control-socket --access-logfile -

run: setup ## Set everything up and serve the site with gunicorn.
	@echo "Serving careerguide at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(SERVE)

# The same server without the setup: what the benchmark starts on its own database.
serve:
	$(SERVE)

test: setup chromium lint checks pytest ## Set everything up and run every check and test.

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

data: install .secret_key
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) loaddata $(FIXTURES) -v1

static: install .secret_key
	$(MANAGE) collectstatic --noinput -v0

# Browser tests drive Debian's Chromium. Install it when we can (root); never skip silently.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium'." >&2; \
		exit 1; \
	fi

# The benchmark drives the server with Debian's wrk. Installed the same way as Chromium.
wrk:
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's wrk for the benchmark…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "The benchmark needs wrk: run 'sudo apt-get install wrk'." >&2; \
		exit 1; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

checks: install .secret_key
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_HTTPS=1 DJANGO_SECRET_KEY="$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DJANGO_ALLOWED_HOSTS=careerguide.example $(MANAGE) check --deploy --fail-level WARNING

pytest: install .secret_key
	$(BIN)/pytest

screenshots: setup chromium ## Write current screenshots of every page type to docs/screenshots/.
	$(BIN)/pytest tests/screenshots.py -q

audit: setup chromium ## Lighthouse scores for each page type (needs npm; not run in CI).
	$(BIN)/python -m tests.audit

benchmark: setup wrk ## Each page type against a static file, with wrk, at 1x, 10x and 100x data.
	$(BIN)/python -m tests.benchmark

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles db.sqlite3
