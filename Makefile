# nncc — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2
# PostgreSQL used by `make test-postgres` (the suite creates and drops its own test database).
NNCC_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# Checked by mypy beside the kernel: every app's services and selectors (modules or packages).
TYPED_MODULES := $(filter-out nncc.kernel.%,$(subst /,.,$(patsubst src/%.py,%,$(wildcard src/nncc/*/services.py src/nncc/*/selectors.py))))
TYPED_PACKAGES := $(subst /,.,$(patsubst src/%/,%,$(dir $(wildcard src/nncc/*/services/__init__.py))))
# Packages that are neither services nor selectors but are held to the same typing.
TYPED_PACKAGES += nncc.intake.imports
# The resolution engine and its database layer (its tests and pages are left out).
TYPED_PACKAGES += $(addprefix nncc.resolution.,names comparisons synthetic)
TYPED_MODULES += $(addprefix nncc.resolution.,records scoring blocking clustering batch spark model train commands online statements)

.PHONY: help venv assets demo serve test test-sqlite test-postgres lint typecheck format bench clean

help:
	@echo "make demo           set up, seed the demo database and serve on http://127.0.0.1:8000"
	@echo "make test           lint and run the test suite on SQLite"
	@echo "make test-postgres  run the test suite on PostgreSQL ($(NNCC_TEST_POSTGRES_URL))"
	@echo "make typecheck      mypy on the kernel and the services"
	@echo "make bench          run the benchmarks in bench/"

$(BIN)/nncc: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "nncc needs Python 3.11 or newer"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/nncc

venv: $(BIN)/nncc

node_modules/.package-lock.json: package.json package-lock.json
	SCARF_ANALYTICS=false npm ci --no-audit --no-fund --ignore-scripts
	touch node_modules/.package-lock.json

assets: node_modules/.package-lock.json venv
	$(BIN)/python scripts/vendor_assets.py

demo: venv assets
	$(BIN)/nncc demo

serve: venv assets
	$(BIN)/nncc serve

lint: venv
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: venv
	NNCC_TESTING=1 $(BIN)/mypy -p nncc.kernel $(foreach p,$(TYPED_PACKAGES),-p $(p)) $(foreach m,$(TYPED_MODULES),-m $(m))

test: lint assets test-sqlite

test-sqlite: venv
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

test-postgres: venv assets
	NNCC_DATABASE_URL=$(NNCC_TEST_POSTGRES_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -q

format: venv
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

bench: venv
	$(BIN)/python -m bench --postgres $(NNCC_TEST_POSTGRES_URL)

clean:
	rm -rf $(VENV) node_modules src/nncc/kernel/static/vendor var .pytest_cache .mypy_cache .ruff_cache
