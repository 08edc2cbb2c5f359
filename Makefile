# The two README commands are `make run` and `make test`. Both work on a fresh machine with
# Python 3.11 and Node: they create .venv, install the Python and npm packages and go.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench bench-peer lint install install-dev messages check clean

$(VENV)/.stamp-runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt $(VENV)/.stamp-runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# --ignore-scripts: h5p-standalone's install hook insists on pnpm; its dist/ is prebuilt.
node_modules/.stamp: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.stamp-runtime node_modules/.stamp messages

install-dev: $(VENV)/.stamp-dev node_modules/.stamp messages

messages: $(VENV)/.stamp-runtime
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

# SQLite and in-process tasks by default. With DATABASE_URL and CELERY_BROKER_URL set, a Celery
# worker with beat runs beside the web server and stops with it.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) seed_demo
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
	  $(VENV)/bin/celery -A lms worker --beat --loglevel=INFO --concurrency=2 & \
	  trap "kill $$! 2>/dev/null" EXIT; \
	  $(MANAGE) runserver $(HOST):$(PORT); \
	else \
	  $(MANAGE) runserver $(HOST):$(PORT); \
	fi

# The suite runs on every core (pytest-xdist, one test database per worker); PYTEST_WORKERS=0
# runs it in one process. Work stealing: a worker that runs out takes half of another's queue,
# so the long transactional tests (browser, real worker, restore drill), which pytest-django
# runs last, do not all stay on one worker (tests/conftest.py puts the longest first).
PYTEST_WORKERS ?= auto

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=lms.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=lms.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Benchmarks need PostgreSQL (DATABASE_URL), Redis, wrk and nginx (the two-node exam day); results
# go to docs/benchmarks.md by hand. The exam-day morning (P15, P16) alone: `make bench
# PYTEST_ARGS="-k exam_day"`; scaled down with LMS_EXAM_USERS and LMS_EXAM_SECONDS.
bench: install-dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx-light)
	$(VENV)/bin/pytest -m perf -s tests/perf $(PYTEST_ARGS)

# Our logged-in lesson page against the peer wagtail-lms 0.11.1's, side by side (docs/quality.md
# P3, docs/benchmarks.md): the peer goes into its own virtualenv .bench/peer-venv (never .venv),
# both are served by gunicorn on PostgreSQL (DATABASE_URL's server) and measured alternately with
# wrk; prints each run, the ratio of medians and both query counts (tests/perf/bench_peer.py for
# the LMS_BENCH_PEER_* knobs, e.g. LMS_BENCH_PEER_MIN_RATIO=1.5 to fail under it).
PEER_VENV := .bench/peer-venv

$(PEER_VENV)/.stamp: tests/perf/peer/requirements.txt
	test -x $(PEER_VENV)/bin/python || $(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet -r tests/perf/peer/requirements.txt
	touch $@

bench-peer: install-dev $(PEER_VENV)/.stamp
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m tests.perf.bench_peer

# pip-audit resolves requirements.txt (with its dependencies) and looks every package up in
# PyPI's advisory data; --strict fails when a package could not be looked up (offline, a mirror
# without PyPI's JSON API) instead of passing without having audited it. Offline:
# `make lint PIP_AUDIT_STRICT=`. A vulnerability without a fix: `--ignore-vuln ID` here, with why.
PIP_AUDIT_STRICT ?= --strict

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pip-audit -r requirements.txt --progress-spinner off $(PIP_AUDIT_STRICT)

clean:
	rm -rf $(VENV) node_modules staticfiles .bench
