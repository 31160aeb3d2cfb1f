# Two front-door commands: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= $(shell command -v python3.12 || command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
ARGS ?=

.PHONY: serve test lint proto bench clean

$(STAMP): pyproject.toml clients/python/pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v <= (3, 12) else "cpmi-matcher needs Python 3.11 or 3.12, found %d.%d (set PYTHON=...)" % v)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --config-settings editable_mode=compat -e clients/python -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/cpmi-matcher serve --demo $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/buf lint proto
	$(BIN)/buf format --diff --exit-code proto
	$(BIN)/python scripts/protogen.py --check

test: lint
	$(BIN)/pytest $(ARGS)

proto: $(STAMP)
	$(BIN)/buf format -w proto
	$(BIN)/python scripts/protogen.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
