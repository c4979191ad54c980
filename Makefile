# Two commands for a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed serve lint format check clean browser-deps messages bench bench-deps bench-load

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

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

run: seed
	@echo "Портал: http://$(HOST):$(PORT)/  Админка: http://$(HOST):$(PORT)/admin/ (admin / admin-portal-2026)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; installed here when missing and we may.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)); \
		else \
			echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests."; \
		fi; \
	fi

test: install browser-deps
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

# i18n: refresh locale/en/LC_MESSAGES/django.po from the marked strings, then compile
# it (GNU gettext: `apt-get install gettext`). tests/i18n/test_catalogue.py scans the same.
MESSAGES_IGNORE := -i .venv -i var -i node_modules -i tests -i bench -i static
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l en $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV) var/db.sqlite3 var/media var/static

# --- bench (issue #7): page benchmark and load test; see README «Benchmarks» ---------
# BENCH_ARGS / LOAD_ARGS pass options, e.g. make bench BENCH_ARGS="--scale 0.1 --duration 10".
BENCH_ARGS ?=
LOAD_ARGS ?=

# wrk (HTTP load generator) and Chromium from Debian's packages, installed when root.
bench-deps: install browser-deps
	@if ! command -v wrk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			(apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)); \
		else \
			echo "wrk is missing: run 'sudo apt-get install wrk' for make bench."; exit 1; \
		fi; \
	fi

bench: bench-deps
	$(PY) bench/portal.py $(BENCH_ARGS)

bench-load: install
	$(PY) bench/load.py $(LOAD_ARGS)
# --- end bench ---------------------------------------------------------------------
