# Set-up and operations of Agreements: `make run` to try it, `make test` to check it.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Reinstall the Python packages only when pyproject.toml changed since the last install.
STAMP := $(VENV)/.installed
# The browser tests' JavaScript (axe-core, from package-lock.json): reinstalled when the lock file changed
# or the package is gone (the stamp lives inside the package's folder, so it goes with it).
NODE_STAMP := node_modules/axe-core/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
# The server the PostgreSQL half of the suite runs on (the tests create their own database there).
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export TEST_DATABASE_URL

# Debian packages: Chromium for the browser tests; poppler, Noto fonts (Latin, Cyrillic, Arabic, CJK),
# HarfBuzz and Pango for rendering and checking the agreements' PDFs; the PostgreSQL client (pg_dump,
# pg_restore) for `agreements backup` and `agreements restore`; nginx, the proxy the slow-client tests put
# in front of gunicorn (they start their own on free ports; deploy/nginx.conf is the production one).
DEB_PACKAGES := chromium poppler-utils fonts-noto-core fonts-noto-cjk fonts-noto-mono libharfbuzz-subset0 libpango-1.0-0 \
	libpangoft2-1.0-0 postgresql-client nginx
# Node.js and npm install axe-core, the accessibility checker the browser tests run in the pages. Wanted only
# when no node or npm is on the PATH: a Node.js installed another way (its own npm included) is kept.
NODE_DEB_PACKAGES := nodejs npm

PG_READY := $(BIN)/python -c 'import os, psycopg; \
	psycopg.connect(os.environ["TEST_DATABASE_URL"].replace("+psycopg", ""), connect_timeout=3).close()' \
	>/dev/null 2>&1

.PHONY: help install system-packages run test lint bench

help:
	@echo "make install  install system packages (as root, when missing) and the Python environment in $(VENV)"
	@echo "make run      install, upgrade the database, load the demo and serve on http://$(HOST):$(PORT)/"
	@echo "make test     install, lint, run the tests on SQLite and, when it answers, on PostgreSQL"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make bench    run every benchmark in benchmarks/ (needs PostgreSQL) and print the figures"

install: system-packages $(STAMP) $(NODE_STAMP)

system-packages:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "Not a Debian system: make sure these are installed: $(DEB_PACKAGES) $(NODE_DEB_PACKAGES)"; exit 0; \
	fi; \
	wanted="$(DEB_PACKAGES)"; \
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		wanted="$$wanted $(NODE_DEB_PACKAGES)"; \
	fi; \
	if [ ! -x "$(BIN)/python" ] && ! $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1; then \
		wanted="$$wanted python3-venv"; \
	fi; \
	missing=""; \
	for package in $$wanted; do \
		dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "Missing system packages:$$missing. Install them as root: apt-get install$$missing" >&2; exit 0; \
	fi; \
	echo "Installing system packages:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	policy=/usr/sbin/policy-rc.d; \
	if [ ! -e "$$policy" ]; then \
		printf '#!/bin/sh\n# Installing for Agreements: start no service (the tests start their own nginx).\nexit 101\n' \
			> "$$policy" && chmod +x "$$policy" && trap 'rm -f "$$policy"' EXIT; \
	fi; \
	apt-get update -qq; \
	apt-get install -y -qq --no-install-recommends $$missing

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# PYTHONWARNINGS quiets setuptools' notice about editable installs, printed on every install.
$(STAMP): pyproject.toml | $(BIN)/python
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# Without npm the browser tests' accessibility checks fail in CI and are skipped elsewhere.
$(NODE_STAMP): package-lock.json | system-packages
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm is missing: install Node.js and npm (Debian: apt-get install $(NODE_DEB_PACKAGES))." >&2; \
		if [ "$${CI:-}" = "true" ]; then exit 1; fi; exit 0; \
	fi; \
	npm ci --no-audit --no-fund; \
	touch $(NODE_STAMP)

run: install
	$(BIN)/agreements db upgrade
	$(BIN)/agreements demo
	@echo
	@echo "Agreements is at http://$(HOST):$(PORT)/ — sign in with one of the demo logins above. Ctrl-C stops it."
	@echo "Slow clients: gunicorn gthread, 1 worker of 8 threads, 30 s worker timeout (gunicorn.conf.py); a client"
	@echo "that stalls mid-request still holds a thread. In production put nginx in front: deploy/nginx.conf."
	@echo
	@FLASK_DEBUG=0 $(BIN)/gunicorn --workers 1 --threads 8 --bind $(HOST):$(PORT) \
		--access-logfile - --error-logfile - wsgi:app

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# PostgreSQL is looked for first, so that the last lines printed are pytest's own summaries.
# A pytest exit code other than 0 (5: no tests were collected) fails the target.
test: install
	$(BIN)/ruff check .
	@on_postgresql=0; \
	if $(PG_READY); then \
		on_postgresql=1; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL does not answer at $(TEST_DATABASE_URL); CI needs it, starting it."; \
		if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then \
			pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -1) main start || true; \
		fi; \
		for attempt in $$(seq 30); do \
			if $(PG_READY); then on_postgresql=1; break; fi; sleep 1; \
		done; \
		if [ $$on_postgresql = 0 ]; then \
			echo "ERROR: CI=true requires PostgreSQL at $(TEST_DATABASE_URL), and it does not answer." >&2; exit 1; \
		fi; \
	else \
		echo "PostgreSQL does not answer at $(TEST_DATABASE_URL): the suite runs on SQLite only."; \
	fi; \
	run_suite() { \
		status=0; "$$@" || status=$$?; \
		if [ $$status = 5 ]; then echo "ERROR: pytest collected no tests." >&2; fi; \
		return $$status; \
	}; \
	echo "=== The test suite on SQLite ==="; \
	run_suite $(BIN)/pytest -q; \
	if [ $$on_postgresql = 1 ]; then \
		echo "=== The test suite on PostgreSQL ==="; \
		AGREEMENTS_TEST_DB=postgresql run_suite $(BIN)/pytest -q; \
	fi

# Every script in benchmarks/ but the shared helpers (_*.py).
bench: install
	@for script in benchmarks/[!_]*.py; do \
		echo "=== $$script ==="; \
		$(BIN)/python "$$script"; \
		echo; \
	done
