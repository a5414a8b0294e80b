# Pico Planner: the interface. `make run` and `make test` set everything up on a machine that has
# only Python 3.11, pip and make. Composable targets below; `make help` lists them.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
UV_VERSION := 0.13.8
SAM_CLI_VERSION := 1.170.0
TOOLS := .tools
UV := $(TOOLS)/uv/bin/uv
SAM := $(TOOLS)/sam/bin/sam
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 3000

export SAM_CLI_TELEMETRY := 0
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup run test test-fast lint format openapi translations layer-requirements validate build bench audit clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-20s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)/uv
	$(TOOLS)/uv/bin/pip install --quiet "uv==$(UV_VERSION)"

# The project's virtual environment, exactly as locked in uv.lock.
$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$(PYTHON)"
	@touch $@

# aws-sam-cli lives in its own environment: it pins boto3 and pydantic below the project's versions.
$(SAM): $(UV)
	$(UV) venv --quiet --python "$(PYTHON)" $(TOOLS)/sam
	$(UV) pip install --quiet --python $(TOOLS)/sam/bin/python "aws-sam-cli==$(SAM_CLI_VERSION)"

setup: $(VENV)/.synced $(SAM) ## Create the virtual environment and install the isolated SAM CLI

run: $(VENV)/.synced ## Serve the API locally on http://$(HOST):$(PORT)/v1
	$(PY) -m devtools.local_api --host $(HOST) --port $(PORT)

test: setup lint ## Lint, then run every test (unit, handler, server, contract, SAM build)
	SAM_CLI=$(abspath $(SAM)) $(PY) -m pytest -n 2 --dist loadgroup

test-fast: $(VENV)/.synced ## Unit and handler tests only
	$(PY) -m pytest tests/unit tests/handler -q

lint: $(VENV)/.synced ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.synced ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

openapi: $(VENV)/.synced ## Regenerate openapi.json (and the docs function's copy) from the code
	$(PY) -m devtools.openapi

translations: $(VENV)/.synced ## Extract the English messages, update every .po, compile every .mo
	$(PY) -m devtools.translations

layer-requirements: $(UV) ## Regenerate shared/requirements.txt from uv.lock
	$(UV) export --frozen --no-dev --no-hashes --no-emit-project --no-header --quiet -o shared/requirements.txt

# Every locked package, runtime and dev, against PyPI's vulnerability data. --strict fails when a package
# cannot be looked up, so an unreachable service is a failure rather than a silent pass. Kept out of
# `make test`: it needs the network, and the answer changes as advisories are published.
audit: $(VENV)/.synced ## Audit every locked dependency for known vulnerabilities (pip-audit)
	$(UV) export --frozen --all-groups --no-emit-project --no-header --quiet -o $(TOOLS)/audit-requirements.txt
	$(VENV)/bin/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r $(TOOLS)/audit-requirements.txt

validate: $(SAM) ## sam validate --lint
	$(SAM) validate --lint

build: $(SAM) ## sam build into .aws-sam/build
	$(SAM) build

BENCH_DIR := bench-results
BENCH_COLD_RUNS ?= 15
BENCH_WARM_INVOCATIONS ?= 2000

bench: $(VENV)/.synced $(SAM) ## Cold start and warm latency against a floor and a peer (bench-results/latest.json)
	$(SAM) build --build-dir $(BENCH_DIR)/build --cache-dir $(BENCH_DIR)/cache
	$(PY) -m benchmarks --build-dir $(BENCH_DIR)/build --work-dir $(BENCH_DIR)/work \
		--output $(BENCH_DIR)/latest.json --cold-runs $(BENCH_COLD_RUNS) --warm-invocations $(BENCH_WARM_INVOCATIONS)

clean: ## Remove the environments and build output
	rm -rf $(VENV) $(TOOLS) .aws-sam .pytest_cache .mypy_cache .ruff_cache .hypothesis
