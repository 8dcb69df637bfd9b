# Sổ Giảm Nghèo — developer commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DB := .demo/xa-quai-nua.db
PYTEST_ARGS ?=

.PHONY: help run test test-fast lint translations bench clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

$(DEMO_DB): | $(STAMP)
	mkdir -p .demo
	$(PY) -m desktop --db $(DEMO_DB) init --commune 03274
	$(PY) -m desktop --db $(DEMO_DB) demo --households 800 --seed 1

run: $(STAMP) $(DEMO_DB)  ## create .venv, install, open the app on a demo commune database
	$(PY) -m desktop --db $(DEMO_DB) gui

test: $(STAMP)  ## create .venv, install, run every test offscreen (two workers)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-fast: $(STAMP)  ## the tests without the slow suites
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff over the code and tests
	$(PY) -m ruff check desktop tests bench

translations: $(STAMP)  ## refresh resources/i18n/*.ts from the UI code and compile .qm
	$(PY) -m desktop.ui.i18n_tools

bench: $(STAMP)  ## run the benchmarks (figures printed, nothing asserted on time)
	$(PY) -m bench

clean:  ## remove the venv, the demo database and caches
	rm -rf $(VENV) .demo .pytest_cache .ruff_cache
