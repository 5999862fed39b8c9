# One entry point: `make run` serves the demo portal, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DEPS_STAMP := $(VENV)/.deps-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)
PG_URL := postgres://postgres@127.0.0.1:5432
export DATABASE_URL ?= $(PG_URL)/calaim
export REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: help system services install db demo run test lint fmt bench bench-http check-migrations backup restore messages

help:
	@echo "make run    install, prepare the database, load demo data, serve http://localhost:8000"
	@echo "make test   install and run the whole test suite"
	@echo "make bench  benchmarks (300,000 members; BENCH_MEMBERS=20000 for a quick run)"
	@echo "make bench-http  the HTTP load test alone (part of make bench)"
	@echo "make lint   ruff + import contracts; make fmt to format"
	@echo "make messages  update and compile the Spanish translations (locale/es)"
	@echo "make backup database + uploads into backups/<timestamp>; make restore BACKUP=<folder>"

# Debian packages the portal and its tests need; installed only when missing.
system:
	@bash scripts/install_system_packages.sh

# PostgreSQL and Redis on 127.0.0.1, started when they are not running.
services: system
	@bash scripts/start_services.sh

$(DEPS_STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.deps-* && touch $@

install: system $(DEPS_STAMP)

db: services install
	@psql "$(PG_URL)/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'calaim'" | grep -q 1 \
	  || psql "$(PG_URL)/postgres" -qc "CREATE DATABASE calaim"
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0

demo: db
	$(PY) manage.py seed_demo --no-logins
	$(PY) manage.py seed_demo_cbo
	$(PY) manage.py load_question_sets
	$(PY) manage.py seed_demo_eligibility
	$(PY) manage.py seed_demo_care
	$(PY) manage.py seed_demo_referrals
	$(PY) manage.py seed_demo_nightly
	$(PY) manage.py seed_demo_threads
	@$(PY) manage.py demo_logins

run: demo
	@echo "Serving on http://localhost:8000 (web, Celery worker and beat). Ctrl-C stops all three."
	DJANGO_SETTINGS_MODULE=calaim.settings.dev $(VENV)/bin/honcho start -f Procfile.dev

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The Spanish interface: extract the marked strings into locale/es/LC_MESSAGES/django.po, then
# compile it (Debian's gettext, installed by `make system`). The compiled django.mo is committed,
# so serving and testing need no gettext; tests/accounts/test_language.py fails when it is stale.
messages: system install
	$(PY) manage.py makemessages -l es --no-location --ignore=.venv --ignore=staticfiles \
	  --ignore=var --ignore=media --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages -l es --ignore=.venv

check-migrations: services install
	DJANGO_SETTINGS_MODULE=calaim.settings.test $(PY) manage.py makemigrations --check --dry-run

test: services install lint check-migrations
	$(PY) -m pytest -p no:cacheprovider --create-db

bench: services install
	DJANGO_SETTINGS_MODULE=calaim.settings.test DATABASE_URL=$(PG_URL)/calaim_bench $(PY) bench/run.py
	@$(MAKE) --no-print-directory bench-http

# The HTTP load test: gunicorn with the production settings, the journey mix beside the floor.
bench-http: services install
	DATABASE_URL=$(PG_URL)/calaim_bench $(PY) bench/http_load.py

# Database (pg_dump) and uploads (MEDIA_ROOT) into a timestamped folder under BACKUP_ROOT.
backup:
	@bash scripts/backup.sh

# Into DATABASE_URL, which must be missing or empty: make restore BACKUP=backups/calaim-...
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<folder from make backup>"; exit 2; }
	@BACKUP="$(BACKUP)" bash scripts/restore.sh
