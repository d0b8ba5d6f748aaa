# One command to run the portal, one to test it. Both set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint typecheck mypy-baseline setup assets db chromium bench bench-quick clean

run: setup db
	@echo "Serving the portal on http://127.0.0.1:5000, with the mail worker beside it (Ctrl+C stops both)"
	@$(FLASK) mail-worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

test: lint chromium
	$(BIN)/pytest $(PYTEST_ARGS)

# ruff, ruff format and mypy; mypy's remaining errors are listed in mypy-baseline.txt, which
# may only shrink (.ci/mypy_baseline.py fails on a new error and on a fixed one still listed).
lint: setup
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(MAKE) --no-print-directory typecheck

typecheck: setup
	$(BIN)/python .ci/mypy_baseline.py

mypy-baseline: setup
	$(BIN)/python .ci/mypy_baseline.py --update

setup: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: build/.assets-built

# Sources live in frontend/; static/ (served at /assets) holds only what is built or served as is.
build/.assets-built: node_modules/.installed $(wildcard frontend/*.scss)
	mkdir -p static/govuk
	cp -R node_modules/govuk-frontend/dist/govuk/assets/images node_modules/govuk-frontend/dist/govuk/assets/manifest.json static/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/govuk/
	npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
		frontend/portal.scss static/portal.css
	mkdir -p build
	touch $@

db: setup
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty

chromium:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's Chromium at $(CHROMIUM)."; \
		echo "Install it with: sudo apt-get install chromium"; exit 1; \
	fi

bench: setup
	$(BIN)/python -m bench --size full

bench-quick: setup
	$(BIN)/python -m bench --size quick

clean:
	rm -rf $(VENV) node_modules static/govuk static/portal.css static/.built build/.assets-built
