# The two quick-start commands: `make run` and `make test`. Both create a
# local virtual environment (.venv) on first use; nothing is installed
# outside this folder.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cso-tracker needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(INSTALLED)

## run: set up, check the bundled records, and print the status report
run: $(INSTALLED)
	$(BIN)/tracker validate
	$(BIN)/tracker status

## test: set up and run the whole test suite with the linters and type checker
test: $(INSTALLED) lint
	$(BIN)/python -m pytest

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

## bench: issue 12's measurements on generated 1k, 10k and 50k registries, side
## by side with check-jsonschema and the libyaml floor (table in bench/results.md,
## copied into the README). BENCH_SIZES=1k,10k leaves out the slow 50k one.
## The package is byte-compiled first, as `pip install` does for a regular
## (not editable) install: with PYTHONDONTWRITEBYTECODE set (as in some CI
## images) every run would otherwise compile every module it imports again.
bench: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python -m compileall -q src/cso_tracker
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench/.work
