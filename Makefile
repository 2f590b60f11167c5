# OpenBilan: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
# Links in e-mails point to the address `make run` serves (settings.SITE_URL), unless it is set already.
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: help install assets messages migrate setup run test lint test-sqlite test-postgres test-drill test-e2e bench audit loadtest loadtest-smoke clean

help:
	@echo "make run    install, migrate, load the reference data and the demo, serve http://127.0.0.1:$(PORT)"
	@echo "make test   lint, makemigrations --check, dependency audit, unit tests on SQLite and PostgreSQL, restore drill, browser tests"
	@echo "make bench  benchmarks; writes docs/PERFORMANCE.md"

$(VENV)/.installed: requirements/lock.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is missing: apt-get install python3.11 python3.11-venv"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "venv failed: apt-get install python3.11-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed node_modules/.installed

messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext"; exit 1; }
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --no-input -v0

setup: install messages migrate
	$(MANAGE) load_reference_data
	$(MANAGE) load_demo

# Like production, e-mails go through the task queue: a worker (all queues) starts with the server and stops with it
# (Ctrl+C, or the server ending). Demo e-mails are printed in this terminal (console backend, OPENBILAN_ENV=development).
run setup: export SITE_URL := $(SITE_URL)
run: setup
	@echo "OpenBilan is served on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop); e-mails are printed here."
	@$(MANAGE) db_worker --queue-name '*' --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

test-sqlite: install messages
	$(VENV)/bin/pytest -m "not e2e and not drill" -q

test-postgres: install messages
	scripts/with-postgres.sh $(VENV)/bin/pytest -m "not e2e and not drill" -q

test-drill: install messages
	scripts/with-postgres.sh $(VENV)/bin/pytest -m drill -q

test-e2e: install messages
	$(VENV)/bin/pytest -m e2e -q

# The PostgreSQL suite (one core) and the browser suite (chromium and its server, on SQLite) share nothing: they run
# side by side on the machine's two cores, each one's output shown when it ends, so that the whole stays under 40 min.
test: lint audit test-sqlite
	$(MAKE) --no-print-directory -j2 --output-sync=target test-postgres test-e2e
	$(MAKE) --no-print-directory test-drill

# Known vulnerabilities in the locked Python and npm packages (scripts/audit.py). Without access to the advisory
# services it says "NOT AUDITED"; OPENBILAN_AUDIT_STRICT=1 makes that a failure (for a CI that has the network).
audit: install
	$(PY) scripts/audit.py

# On a throwaway PostgreSQL cluster (production's database; the 10k/100k/1M-enrolment measures need it).
bench: install messages
	scripts/with-postgres.sh $(PY) -m bench

# The load test (5 minutes, 50 users, two gunicorn instances on a throwaway PostgreSQL); --smoke for 60 seconds.
loadtest: install messages
	scripts/with-postgres.sh $(PY) -m loadtest

loadtest-smoke: install messages
	scripts/with-postgres.sh $(PY) -m loadtest --smoke

clean:
	rm -rf $(VENV) node_modules var
