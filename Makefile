# Pramoen — developer entry points. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test test-pg test-s3 test-cluster lint demo demo-core lock clean messages screenshots

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

# The whole suite on the embedded SQLite (browser tests included: Chromium is installed if missing).
test: install lint
	scripts/ensure-chromium.sh
	$(BIN)/pytest

# The same suite on a throw-away PostgreSQL server started on loopback.
test-pg: install
	scripts/ensure-chromium.sh
	scripts/with-postgres.sh $(BIN)/pytest

# The file tests against a throw-away S3 server (SeaweedFS, from the dev extras) on loopback:
# evidence, import files and reports in a bucket, served only after the access check, and
# backup/restore of the bucket.
S3_TESTS := tests/web/test_storage.py tests/evaluation/views/test_results.py \
	tests/evaluation/test_evidence_required.py tests/exchange/test_retention.py \
	tests/exchange/test_import.py tests/api/test_multipart.py tests/reports/test_jobs.py
test-s3: install
	scripts/with-seaweedfs.sh $(BIN)/pytest -p no:cacheprovider $(S3_TESTS)

# Two app servers, a worker and haproxy on loopback, on a throw-away PostgreSQL and SeaweedFS
# (object storage), the cluster tests against them (deploy/README.md; needs haproxy, openssl).
test-cluster: install
	scripts/with-postgres.sh scripts/with-seaweedfs.sh scripts/cluster.sh $(BIN)/pytest -p no:cacheprovider tests/cluster

# Chonburi with its FY2568 round 1 open, an account per role (random passwords printed once),
# served by gunicorn on http://127.0.0.1:8000/ (data in var/). HOST and PORT may be overridden.
HOST ?= 127.0.0.1
PORT ?= 8000
demo: install
	$(BIN)/pramoen demo --host $(HOST) --port $(PORT)

# The core alone on the FY2568 document and sample results (no server).
demo-core: install
	$(BIN)/pramoen check-doc examples/kpi-2568-1.txt || test $$? -eq 1
	$(BIN)/pramoen score --doc examples/kpi-2568-1.txt --results examples/results-2568-1.csv

# Re-pin the dependencies after editing pyproject.toml.
lock:
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis

# Screenshots of the main pages (desktop and phone) into /tmp/pramoen-shots; needs Chromium.
screenshots: install
	$(BIN)/python scripts/screenshots.py

# Re-extract interface strings and compile the English catalogue (needs GNU gettext).
messages: install
	cd src/pramoen && ../../$(BIN)/pramoen manage makemessages -l en -i "core/*" && ../../$(BIN)/pramoen manage compilemessages
