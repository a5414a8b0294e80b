# Pico Planner: the interface. `make run` and `make test` set everything up on a machine that has
# only Python 3 (with pip and venv), make and Node 18.18 or newer. Composable targets below; `make help`
# lists them.

# Any Python 3 with venv and pip: it only installs uv. Everything else runs on Python 3.13, Lambda's
# python3.13 runtime, found or built by devtools/python313.sh (see the README).
BOOTSTRAP_PYTHON ?= $(shell command -v python3)
UV_VERSION := 0.13.8
SAM_CLI_VERSION := 1.170.0
TOOLS := .tools
UV := $(TOOLS)/uv/bin/uv
SAM := $(TOOLS)/sam/bin/sam
VENV := .venv
PY := $(VENV)/bin/python
# The path of the Python 3.13 the project runs on, written once by devtools/python313.sh. `make
# PYTHON313=/path/to/python3.13 ...` uses that one instead.
PYTHON313_PATH := $(TOOLS)/python313.path
ifdef PYTHON313
PYTHON313_FOUND :=
else
PYTHON313 = $(shell cat $(PYTHON313_PATH) 2>/dev/null)
PYTHON313_FOUND := $(PYTHON313_PATH)
endif
# shared/Makefile (run by `sam build`) compiles the bytecode the build ships with this interpreter.
export BUILD_PYTHON = $(PYTHON313)
NODE_MODULES := node_modules/.package-lock.json
HOST ?= 127.0.0.1
PORT ?= 3000

export SAM_CLI_TELEMETRY := 0
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup python313 run test test-dates test-fast lint lint-python lint-contract format openapi translations \
	layer-requirements validate build invoke deploy delete bench audit clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-20s %s\n", $$1, $$2}'

$(UV):
	$(BOOTSTRAP_PYTHON) -m venv $(TOOLS)/uv
	$(TOOLS)/uv/bin/pip install --quiet "uv==$(UV_VERSION)"

# A python3.13 on the PATH, else uv's, else CPython 3.13 built once from Debian trixie's source package
# into a cache outside the clone (about 5 minutes on 2 cores; later clones and CI runs reuse it).
$(PYTHON313_PATH): devtools/python313.sh | $(UV)
	devtools/python313.sh $(abspath $(UV)) > $@.tmp
	@mv $@.tmp $@
	@echo "Python 3.13: $$(cat $@)"

python313: $(PYTHON313_FOUND) ## Find or build the Python 3.13 everything runs on

# The project's virtual environment, exactly as locked in uv.lock.
$(VENV)/.synced: $(UV) $(PYTHON313_FOUND) pyproject.toml uv.lock
	$(UV) sync --frozen --python "$(PYTHON313)"
	@touch $@

# aws-sam-cli lives in its own environment: it pins boto3 and pydantic below the project's versions.
$(SAM): $(UV) $(PYTHON313_FOUND)
	$(UV) venv --quiet --clear --python "$(PYTHON313)" $(TOOLS)/sam
	$(UV) pip install --quiet --python $(TOOLS)/sam/bin/python "aws-sam-cli==$(SAM_CLI_VERSION)"

# The contract's linters and the TypeScript client's generator and compiler, exactly as locked.
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

setup: $(VENV)/.synced $(SAM) $(NODE_MODULES) ## Python 3.13, the virtual environment, SAM CLI and the Node tools

run: $(VENV)/.synced ## Serve the API locally on http://$(HOST):$(PORT)/v1
	$(PY) -m devtools.local_api --host $(HOST) --port $(PORT)

test: setup lint ## Lint, run every test (unit, handler, server, contract, SAM build, TypeScript client), then test-dates
	SAM_CLI=$(abspath $(SAM)) $(PY) -m pytest -n 2 --dist loadgroup
	$(MAKE) --no-print-directory test-dates

# The suites whose answers depend on the day (log privacy, scheduling, every handler), run again with the
# system clock travelled to each of these days: one that events/ bodies name, one whose year they name,
# and one years on. A test that reads the real clock, or compares a request with the logger's own
# timestamp, fails on one of them.
TRAVEL_DATES ?= 2026-12-01 2027-01-15 2030-06-30
# The hostile-input suite in tests/handler reads no date and is the slowest there: run once, not four times.
DATE_SENSITIVE_TESTS := tests/handler tests/unit/test_schedule_validation.py \
	tests/unit/test_schedule_examples.py tests/unit/test_schedule_properties.py \
	--ignore=tests/handler/test_hostile_input.py

test-dates: $(VENV)/.synced ## The date-sensitive suites at each of TRAVEL_DATES
	@for day in $(TRAVEL_DATES); do \
		echo "== clock at $$day"; \
		$(PY) -m pytest -n 2 -q -p no:cacheprovider --travel-to $$day $(DATE_SENSITIVE_TESTS) || exit 1; \
	done

test-fast: $(VENV)/.synced ## Unit and handler tests only
	$(PY) -m pytest tests/unit tests/handler -q

lint: lint-python lint-contract ## ruff, mypy, and the contract through Redocly and Spectral

lint-python: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	@# Every function's handler file is app.py: each is checked on its own (one module name per run).
	for app in functions/*/app.py; do $(VENV)/bin/mypy --strict "$$app" || exit 1; done

# redocly.yaml extends recommended-strict (warnings are errors); Spectral fails on warnings too.
lint-contract: $(NODE_MODULES)
	node_modules/.bin/redocly lint --config redocly.yaml openapi.json
	node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity=warn openapi.json

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

build: $(SAM) ## sam build into .aws-sam/build (bytecode compiled by Python 3.13)
	$(SAM) build

# SAM's own emulation of one function; needs Docker (`make run` does not).
FUNCTION ?= CatalogueFunction
EVENT ?= events/catalogue/health.json
invoke: build ## sam local invoke FUNCTION with EVENT (needs Docker)
	$(SAM) local invoke $(FUNCTION) --event $(EVENT)

# The stage's settings are in samconfig.toml ([dev.*], [prod.*]); docs/deploy.md is the guide. AWS
# credentials come from the usual places (AWS_PROFILE, environment, SSO).
STAGE ?= dev
deploy: $(SAM) ## Build and deploy the stack of STAGE (dev or prod; samconfig.toml)
	@case "$(STAGE)" in dev|prod) ;; *) echo "STAGE must be dev or prod" >&2; exit 2;; esac
	$(SAM) validate --lint
	$(SAM) build
	$(SAM) deploy --config-env $(STAGE)

delete: $(SAM) ## Delete the stack of STAGE (the clinics table is retained; docs/deploy.md)
	@case "$(STAGE)" in dev|prod) ;; *) echo "STAGE must be dev or prod" >&2; exit 2;; esac
	$(SAM) delete --config-env $(STAGE)

BENCH_DIR := bench-results
BENCH_COLD_RUNS ?= 15
BENCH_WARM_INVOCATIONS ?= 2000

bench: $(VENV)/.synced $(SAM) ## Cold start and warm latency against a floor and a peer (bench-results/latest.json)
	$(SAM) build --build-dir $(BENCH_DIR)/build --cache-dir $(BENCH_DIR)/cache
	$(PY) -m benchmarks --build-dir $(BENCH_DIR)/build --work-dir $(BENCH_DIR)/work \
		--output $(BENCH_DIR)/latest.json --cold-runs $(BENCH_COLD_RUNS) --warm-invocations $(BENCH_WARM_INVOCATIONS)

clean: ## Remove the environments and build output (the cached Python 3.13 build stays)
	rm -rf $(VENV) $(TOOLS) node_modules .aws-sam .pytest_cache .mypy_cache .ruff_cache .hypothesis
