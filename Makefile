# statecare — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3
export STATECARE_SHARED ?= $(abspath ../shared)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run pipeline test lint bench system browser-deps clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $@

## build the SQLite database from the recorded real data, classify it, serve the site
run: install pipeline
	$(BIN)/statecare run --host $(HOST) --port $(PORT)

pipeline: install
	$(BIN)/statecare db upgrade
	$(BIN)/statecare crawl --source openstates --replay
	$(BIN)/statecare crawl --source legiscan --replay
	$(BIN)/statecare crawl --source wa --replay
	$(BIN)/statecare crawl --source ny_openleg --replay
	$(BIN)/statecare classify
	$(BIN)/statecare people load

system:
	bash scripts/ensure-system.sh

## npm packages the browser tests inject into pages (axe-core), pinned by tests/browser/package-lock.json
AXE := tests/browser/node_modules/axe-core/axe.min.js
browser-deps: $(AXE)

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	touch $@

## lint (ruff, mypy), then the whole suite (SQLite + PostgreSQL + real SMTP + real browser) on every
## core: tests/conftest.py keeps the tests sharing an expensive fixture in one worker and hands out
## the groups with `slow` tests first (hence no reorder by test count)
PYTEST_XDIST ?= -n auto --dist loadgroup --no-loadscope-reorder
test: install system browser-deps lint
	$(BIN)/pytest -q -p no:cacheprovider $(PYTEST_XDIST)

lint: install
	$(BIN)/ruff check statecare tests benchmarks scripts
	$(BIN)/mypy

## print speed and memory figures (never pass/fail)
bench: install system
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) instance test-output .pytest_cache
