# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make run   - create .venv, install, migrate, load demo data, serve on 127.0.0.1:8000
#   make test  - lint, Django checks, missing-migration check, the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format check migrate demo serve bench bench-server screenshots clean backup restore

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core, for the browser tests' accessibility checks (package.json, pinned in its lock).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility checks need axe-core (install Node.js and npm)"; fi

install: $(VENV)/.installed node_modules/.installed

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo_data

# The database task worker and the scheduler of periodic jobs run beside the web server
# and stop with it.
serve: install
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py db_worker & worker=$$!; \
	$(PY) manage.py scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

run: demo serve

# ruff (style, security, imports at the top of modules) and the layers between the apps
# (import-linter's contracts in pyproject.toml, explained in docs/ARCHITECTURE.md).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Fixes what ruff can (import order, simple rewrites) and formats every file.
format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DJANGO_SETTINGS_MODULE=awards_site.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=awards_site.settings.test $(PY) manage.py makemigrations --check --dry-run

test: lint check
	$(VENV)/bin/pytest --create-db $(PYTEST_ARGS)

bench: install
	$(PY) -m bench

# The site under gunicorn with production settings, measured over HTTP with wrk against a bare
# view in the same run (bench/server.py): make bench-server BENCH_ARGS="--rounds 5 --workers 4"
bench-server: install
	$(PY) -m bench server $(BENCH_ARGS)

screenshots: install
	$(PY) docs/screenshots.py http://$(HOST):$(PORT) docs/

# One archive of the database and both file stores into BACKUP_DIR (default backups/).
backup: install
	$(PY) manage.py backup

# make restore FILE=backups/awards-20260101-020000.tar.gz  (into an empty database)
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/awards-....tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .test-media
