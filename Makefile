# Pramoen — developer entry points. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test lint demo lock clean

install: $(STAMP)

# The stamp makes `install` idempotent: it reruns only when the lock or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest

# Until the web application lands, the demo is the core on the FY2568 document and sample results.
demo: install
	$(BIN)/pramoen check-doc examples/kpi-2568-1.txt || test $$? -eq 1
	$(BIN)/pramoen score --doc examples/kpi-2568-1.txt --results examples/results-2568-1.csv

# Re-pin the dependencies after editing pyproject.toml.
lock:
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
