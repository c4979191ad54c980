# Two commands for a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed serve lint format check clean browser-deps node-deps messages bench bench-deps bench-load system-deps

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The web server and the worker (letters, indexing, scheduled jobs) run together and
# stop together (Ctrl+C, or the web server ending). Links in letters use HOST and PORT;
# the default Site is set to them (manage.py site_address).
BASE_URL = http://$(HOST):$(PORT)
serve:
	$(PY) manage.py site_address $(BASE_URL)
	@PORTAL_BASE_URL=$(BASE_URL) $(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	PORTAL_BASE_URL=$(BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

run: seed
	@echo "Портал: $(BASE_URL)/  Админка: $(BASE_URL)/admin/ (admin / admin-portal-2026)"
	@$(MAKE) --no-print-directory serve

# The tests drive Debian's Chromium (browser tests), wrk (tests/bench), GNU gettext
# (the English catalogue's test) and npm (axe-core for the browser tests): installed here from Debian's packages when missing and
# we may (root); otherwise say what to install.
SYSTEM_DEPS_MISSING = $(strip $(if $(wildcard /usr/bin/chromium),,chromium) \
	$(if $(shell command -v wrk),,wrk) $(if $(shell command -v msgfmt),,gettext) \
	$(if $(shell command -v npm),,npm))
system-deps:
	@if [ -n "$(SYSTEM_DEPS_MISSING)" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get install -y -qq $(SYSTEM_DEPS_MISSING) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(SYSTEM_DEPS_MISSING))); \
		else \
			echo "Missing for the tests: run 'sudo apt-get install $(SYSTEM_DEPS_MISSING)'."; \
		fi; \
	fi

# axe-core (npm, pinned in package-lock.json): the browser tests check every page they
# visit for accessibility with it.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "The browser tests need npm: run 'sudo apt-get install npm'."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

node-deps: $(NODE_STAMP)

browser-deps: system-deps node-deps

test: install system-deps node-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# i18n: refresh locale/en/LC_MESSAGES/django.po (English) and locale/ru/LC_MESSAGES/django.po
# (Russian plural forms only) from the marked strings, then compile them (GNU gettext: `apt-get install gettext`). tests/i18n/test_catalogue.py scans the same.
MESSAGES_IGNORE := -i .venv -i var -i node_modules -i tests -i bench -i static
messages: install
	$(PY) manage.py makemessages -l en -l ru --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l en -l ru $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV) var/db.sqlite3 var/media var/static

# --- bench (issue #7): page benchmark and load test; see README «Benchmarks» ---------
# BENCH_ARGS / LOAD_ARGS pass options, e.g. make bench BENCH_ARGS="--scale 0.1 --duration 10".
BENCH_ARGS ?=
LOAD_ARGS ?=

bench-deps: install system-deps
	@command -v wrk >/dev/null 2>&1 || { echo "make bench needs wrk"; exit 1; }

bench: bench-deps
	$(PY) bench/portal.py $(BENCH_ARGS)

bench-load: install
	$(PY) bench/load.py $(LOAD_ARGS)
# --- end bench ---------------------------------------------------------------------
